// What the window shows when no workspace could be opened: the password of a locked file,
// the offer to restore a damaged one from a backup, or why it could not be opened. A
// workspace file handed over by a second start of the app (a double-click on it) opens from
// here too, as it does from the File menu of an open workspace.

import { useEffect, useRef, useState } from "react";
import type { AppInfo } from "../bindings";
import { BackupsDialog, backupCounts } from "../features/backups/BackupsDialog";
import { dateTime } from "../lib/dialogs";
import { UnlockForm } from "../features/files/PasswordDialog";
import { backend } from "../lib/backend";
import { appErrorOf, errorText, isEncrypted, needsPassword } from "../lib/errors";
import { onRelaunch } from "../lib/relaunch";
import { useT } from "../lib/i18n";

export function StartScreen(props: {
  /** The app info, or null when even that could not be read. */
  info: AppInfo | null;
  error: unknown;
  onSwitched: (i: AppInfo) => void;
  setNotice: (message: string) => void;
}) {
  const { lang, t } = useT();
  const { info } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const [backups, setBackups] = useState<string | null>(null);
  // An encrypted workspace handed over by a second start: its password is asked here.
  const [handedLocked, setHandedLocked] = useState<string | null>(null);
  const onSwitched = useRef(props.onSwitched);
  onSwitched.current = props.onSwitched;
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(
    () =>
      onRelaunch((e) => {
        if (e.token === null) return;
        backend.openWorkspace(e.token, null).then(
          (i) => onSwitched.current(i),
          (err: unknown) => {
            const locked = appErrorOf(err);
            if (isEncrypted(err) && locked?.kind === "encrypted") setHandedLocked(locked.path);
            else setProblem(errorText(err, tRef.current));
          },
        );
      }),
    [],
  );
  const message = info === null ? errorText(props.error, t) : info.open_error ? errorText(info.open_error, t) : "";
  const restored = (i: AppInfo, note: string) => {
    setBackups(null);
    props.onSwitched(i);
    props.setNotice(note);
  };
  const locked = handedLocked ?? (info?.open_error && needsPassword(info.open_error) ? (info.locked_path ?? null) : null);
  if (locked) {
    return (
      <div className="centre error-panel" data-testid="locked">
        <h2>🔒 {t("passwordTitle")}</h2>
        <UnlockForm
          key={locked}
          path={locked}
          onOpened={(i, notice) => {
            props.onSwitched(i);
            if (notice) props.setNotice(notice);
          }}
        />
      </div>
    );
  }
  const recovery = info?.recovery ?? null;
  if (recovery) {
    const offer = recovery.backup;
    return (
      <div className="centre error-panel" role="alert" data-testid="recovery">
        <h2>{t("recoveryTitle")}</h2>
        <p>{recovery.workspace_path}</p>
        {recovery.damaged_path && <p className="note">{t("recoveryMoved", { path: recovery.damaged_path })}</p>}
        {offer ? (
          <>
            <p data-testid="recovery-offer">{t("recoveryOffer", { date: dateTime(lang, offer.taken_at), counts: backupCounts(lang, offer) })}</p>
            <div className="row">
              <button
                className="primary"
                data-testid="recovery-restore"
                onClick={() =>
                  void backend.restoreBackup(offer.path).then(
                    (i) => restored(i, t("backupRestored", { date: dateTime(lang, offer.taken_at) })),
                    (e) => setProblem(errorText(e, t)),
                  )
                }
              >
                {t("recoveryRestore")}
              </button>
              <button onClick={() => setBackups(recovery.workspace_path)}>{t("recoveryOthers")}</button>
            </div>
          </>
        ) : (
          <p>{t("recoveryNoBackup")}</p>
        )}
        {problem && <p className="problem">{problem}</p>}
        {backups !== null && <BackupsDialog workspace={backups} onClose={() => setBackups(null)} onRestored={restored} />}
      </div>
    );
  }
  return (
    <div className="centre error-panel" role="alert">
      <h2>{t("cannotOpen")}</h2>
      <p>{message}</p>
      {problem && <p className="problem">{problem}</p>}
    </div>
  );
}
