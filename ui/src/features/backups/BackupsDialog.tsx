// Restore from backup: the workspace's backups with their dates, reasons and contents,
// "Back up now", and a restore that keeps the current state as a backup too. Also used for
// a damaged workspace, whose backups are listed by its path.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { AppInfo, BackupInfo } from "../../bindings";
import { backend } from "../../lib/backend";
import { keys, whileOpen } from "../../lib/queries";
import { dateTime } from "../../lib/dialogs";
import { type MessageKey, translate, useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";
import { Modal } from "../../lib/Modal";
import type { Lang } from "../../lib/i18n";
import { backupProblemText } from "./backupText";

export function backupCounts(lang: Lang, b: BackupInfo): string {
  return translate(lang, "backupCounts", { accounts: b.accounts, people: b.people, lines: b.lines });
}

export function BackupsDialog(props: {
  workspace: string | null;
  onClose: () => void;
  onRestored: (info: AppInfo, message: string) => void;
}) {
  const { lang, t } = useT();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: keys.backups(props.workspace), queryFn: () => backend.listBackups(props.workspace), ...whileOpen });
  const list = query.data ?? null;
  const [confirm, setConfirm] = useState<BackupInfo | null>(null);
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? (query.isError ? errorText(query.error, t) : null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => void qc.invalidateQueries({ queryKey: keys.backups(props.workspace) });

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      setError(null);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t("backupsTitle")} onClose={() => !busy && props.onClose()} testId="backups-dialog" wide>
      <p className="note">{t("backupsHint")}</p>
      {list !== null && list.length === 0 && <p className="note">{t("backupsNone")}</p>}
      {list !== null && list.length > 0 && (
        <table data-testid="backups-list">
          <tbody>
            {list.map((b) => (
              <tr key={b.path} data-testid="backup-row">
                <td>{dateTime(lang, b.taken_at)}</td>
                <td>{t(`reason_${b.reason}` as MessageKey)}</td>
                <td>{b.ok ? backupCounts(lang, b) : <span className="danger-text" title={backupProblemText(b, t)}>{t("backupDamaged")}</span>}</td>
                <td>{(b.size_bytes / 1024).toFixed(0)} KB</td>
                <td>
                  <button disabled={!b.ok || busy} onClick={() => setConfirm(b)} data-testid="backup-restore">
                    {t("backupRestore")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <div className="row" data-testid="backup-confirm">
          <span>{t("backupConfirm", { date: dateTime(lang, confirm.taken_at) })}</span>
          <button onClick={() => setConfirm(null)}>{t("cancel")}</button>
          <button
            className="primary"
            data-testid="backup-confirm-restore"
            onClick={() =>
              void run(async () => {
                const info = await backend.restoreBackup(confirm.path);
                props.onRestored(info, t("backupRestored", { date: dateTime(lang, confirm.taken_at) }));
              })
            }
          >
            {t("backupRestore")}
          </button>
        </div>
      )}
      {note && <p className="ok-note">{note}</p>}
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        {props.workspace === null && (
          <button
            disabled={busy}
            data-testid="backup-now"
            onClick={() =>
              void run(async () => {
                await backend.backupNow();
                setNote(t("backupDone"));
                load();
              })
            }
          >
            {t("backupNow")}
          </button>
        )}
        <button onClick={props.onClose} disabled={busy}>
          {t("close")}
        </button>
      </div>
    </Modal>
  );
}
