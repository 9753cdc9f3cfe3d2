// The top of the window: the file and help menus, the open workspace, its lock, and the language; under
// it, the warning about a workspace in a synced or network folder.

import type { AppInfo, ExportFormat, Picked } from "../bindings";
import { HelpMenu } from "../features/about/HelpMenu";
import { FileMenu } from "../features/files/FileMenu";
import type { PasswordMode } from "../features/files/PasswordDialog";
import { type Lang, useT } from "../lib/i18n";

export function TopBar(props: {
  info: AppInfo;
  setLang: (l: Lang) => void;
  onSwitched: (i: AppInfo) => void;
  onError: (message: string) => void;
  onImport: (file: Picked) => void;
  onMerge: (file: Picked) => void;
  /** Opens the export dialog, on `format` when given (the account brief). */
  onExport: ((format?: ExportFormat) => void) | null;
  onRestore: () => void;
  onLocked: (path: string) => void;
  onPassword: (mode: PasswordMode) => void;
  onNotice: (message: string) => void;
}) {
  const { lang, t } = useT();
  const { info } = props;
  return (
    <header className="topbar">
      <span className="brand">
        <img src="/icon.png" alt="" width={22} height={22} />
        {t("appName")}
      </span>
      <FileMenu
        onSwitched={props.onSwitched}
        onError={props.onError}
        onImport={props.onImport}
        onMerge={props.onMerge}
        onExport={props.onExport}
        onRestore={props.onRestore}
        onLocked={props.onLocked}
        encrypted={info.encrypted}
        onPassword={props.onPassword}
        onNotice={props.onNotice}
      />
      <HelpMenu info={info} />
      <span className="workspace" title={info.workspace_path ?? ""}>
        {t("workspace")}: {info.workspace_path}
      </span>
      {info.encrypted && (
        <span className="badge locked" title={t("encryptedBadgeHint")} data-testid="encrypted-badge">
          🔒 {t("encryptedBadge")}
        </span>
      )}
      <label className="lang">
        {t("language")}{" "}
        <select value={lang} onChange={(e) => props.setLang(e.target.value as Lang)} data-testid="lang-select">
          <option value="en">English</option>
          <option value="ja">日本語</option>
        </select>
      </label>
    </header>
  );
}

export function LocationWarning(props: { warning: NonNullable<AppInfo["location_warning"]>; onClose: () => void }) {
  const { t } = useT();
  const { warning } = props;
  return (
    <div className="location-warning" role="status" data-testid="location-warning">
      <span>
        {t("locationWarning", {
          place: t(warning.kind === "network" ? "locationNetwork" : "locationCloud"),
          detail: warning.detail,
        })}
      </span>
      <button onClick={props.onClose} aria-label={t("close")} data-testid="location-warning-close">
        ✕
      </button>
    </div>
  );
}
