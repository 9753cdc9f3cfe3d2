// The File menu: New, Open, Save As, import, export, merge and recent workspaces. Files
// come from the native dialog as tokens (see dialogs.ts); a recent workspace is opened by
// its place in the app's list.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { AppInfo, ExportFormat, Picked, Purpose } from "../../bindings";
import { backend } from "../../lib/backend";
import { onRelaunch } from "../../lib/relaunch";
import { keys } from "../../lib/queries";
import type { PasswordMode } from "./PasswordDialog";
import { useT } from "../../lib/i18n";
import { appErrorOf, errorText, isEncrypted } from "../../lib/errors";
import { backupCounts } from "../backups/BackupsDialog";
import { dateTime, pickFile } from "../../lib/dialogs";


export function FileMenu(props: {
  onSwitched: (info: AppInfo) => void;
  onError: (message: string) => void;
  onImport: (file: Picked) => void;
  onMerge: (file: Picked) => void;
  onExport: ((format?: ExportFormat) => void) | null;
  onRestore: () => void;
  /** An encrypted workspace was chosen: ask for its password. */
  onLocked: (path: string) => void;
  /** The open workspace is encrypted. */
  encrypted: boolean;
  onPassword: (mode: PasswordMode) => void;
  /** Something done that the user is told about (a password forgotten). */
  onNotice: (message: string) => void;
}) {
  const { lang, t } = useT();
  const qc = useQueryClient();
  const recentQuery = useQuery({ queryKey: keys.recentFiles(), queryFn: () => backend.recentFiles() });
  const recent = recentQuery.isError ? [] : (recentQuery.data ?? []);
  const menu = useRef<HTMLDetailsElement>(null);

  // Whether the open (encrypted) workspace's password is remembered in the keychain: read
  // each time the menu opens.
  const [remembered, setRemembered] = useState(false);
  const load = () => {
    void qc.invalidateQueries({ queryKey: keys.recentFiles() });
    if (props.encrypted) {
      backend.keychainStatus().then(
        (s) => setRemembered(s.remembered),
        () => setRemembered(false),
      );
    }
  };

  const forget = async () => {
    if (menu.current) menu.current.open = false;
    try {
      const s = await backend.forgetPassword();
      setRemembered(s.remembered);
      props.onNotice(t("passwordForgotten"));
    } catch (e) {
      props.onError(errorText(e, t));
    }
  };

  /** `handed`: the token of a file a second start of the app passed on (a double-click on
   * a workspace file while the app runs), opened as if chosen in File > Open. */
  const run = async (kind: "new" | "open" | "saveAs" | "recent", recentIndex?: number, handed?: string) => {
    if (menu.current) menu.current.open = false;
    try {
      let info: AppInfo;
      if (kind === "recent" && recentIndex !== undefined) {
        info = await backend.openRecent(recentIndex, null);
      } else if (handed !== undefined) {
        info = await backend.openWorkspace(handed, null);
      } else {
        const purpose: Purpose = kind === "new" ? "new_workspace" : kind === "saveAs" ? "save_workspace_as" : "open_workspace";
        const file = await pickFile(purpose, kind === "open" ? undefined : "workspace.stakemap");
        if (!file) return;
        info =
          kind === "new"
            ? await backend.newWorkspace(file.token)
            : kind === "saveAs"
              ? await backend.saveWorkspaceAs(file.token)
              : await backend.openWorkspace(file.token, null);
      }
      props.onSwitched(info);
    } catch (e) {
      const locked = appErrorOf(e);
      if (isEncrypted(e) && locked?.kind === "encrypted") {
        props.onLocked(locked.path);
        return;
      }
      props.onError(await openFailedText(e));
    } finally {
      load();
    }
  };

  // The latest `run` for the subscription below, which lives as long as the menu.
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => onRelaunch((e) => e.token !== null && void runRef.current("open", undefined, e.token)), []);

  /** Why a workspace did not open. A damaged one was moved aside and its newest good backup
   * looked up: say where it went and what backup there is (File → Restore from backup). */
  const openFailedText = async (e: unknown): Promise<string> => {
    const err = appErrorOf(e);
    if (err?.kind !== "corrupt") return errorText(e, t);
    const recovery = (await backend.appInfo().catch(() => null))?.recovery;
    if (!recovery || recovery.workspace_path !== err.path || !recovery.damaged_path) return errorText(e, t);
    const offer = recovery.backup;
    return [
      t("errCorruptMovedAside", { path: err.path, detail: err.detail, moved: recovery.damaged_path }),
      offer ? t("recoveryOffer", { date: dateTime(lang, offer.taken_at), counts: backupCounts(lang, offer) }) : t("errNoGoodBackup"),
    ].join(" ");
  };

  const pickThen = async (purpose: Purpose, then: (file: Picked) => void) => {
    if (menu.current) menu.current.open = false;
    try {
      const file = await pickFile(purpose);
      if (file) then(file);
    } catch (e) {
      props.onError(errorText(e, t));
    }
  };

  const password = (mode: PasswordMode) => {
    if (menu.current) menu.current.open = false;
    props.onPassword(mode);
  };

  return (
    <details className="menu" ref={menu} data-testid="file-menu" onToggle={load}>
      <summary>{t("file")}</summary>
      <div className="menu-items" role="menu">
        <button role="menuitem" onClick={() => void run("new")} data-testid="file-new">
          {t("fileNew")}…
        </button>
        <button role="menuitem" onClick={() => void run("open")} data-testid="file-open">
          {t("fileOpen")}…
        </button>
        <button role="menuitem" onClick={() => void run("saveAs")} data-testid="file-save-as">
          {t("fileSaveAs")}…
        </button>
        <div className="menu-label" />
        <button role="menuitem" onClick={() => void pickThen("import", props.onImport)} data-testid="file-import">
          {t("fileImport")}…
        </button>
        <button
          role="menuitem"
          disabled={props.onExport === null}
          onClick={() => {
            if (menu.current) menu.current.open = false;
            props.onExport?.();
          }}
          data-testid="file-export"
        >
          {t("fileExport")}…
        </button>
        <button
          role="menuitem"
          disabled={props.onExport === null}
          onClick={() => {
            if (menu.current) menu.current.open = false;
            props.onExport?.("brief_pdf");
          }}
          data-testid="file-brief"
        >
          {t("fileBrief")}…
        </button>
        <button role="menuitem" onClick={() => void pickThen("merge", props.onMerge)} data-testid="file-merge">
          {t("fileMerge")}…
        </button>
        <button
          role="menuitem"
          onClick={() => {
            if (menu.current) menu.current.open = false;
            props.onRestore();
          }}
          data-testid="file-restore"
        >
          {t("fileRestore")}…
        </button>
        <div className="menu-label" />
        {props.encrypted ? (
          <>
            <button role="menuitem" onClick={() => password("change")} data-testid="file-change-password">
              {t("fileChangePassword")}…
            </button>
            <button role="menuitem" onClick={() => password("remove")} data-testid="file-decrypt">
              {t("fileDecrypt")}…
            </button>
            {remembered && (
              <button role="menuitem" onClick={() => void forget()} data-testid="file-forget-password">
                {t("fileForgetPassword")}
              </button>
            )}
          </>
        ) : (
          <button role="menuitem" onClick={() => password("set")} data-testid="file-encrypt">
            {t("fileEncrypt")}…
          </button>
        )}
        {recent.length > 0 && <div className="menu-label">{t("recentFiles")}</div>}
        {recent.map((p, i) => (
          <button role="menuitem" key={p} title={p} className="recent" onClick={() => void run("recent", i)} data-testid="recent-file">
            {p.split(/[\\/]/).pop()}
            <span className="muted"> {p}</span>
          </button>
        ))}
      </div>
    </details>
  );
}
