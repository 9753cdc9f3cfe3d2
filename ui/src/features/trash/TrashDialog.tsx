// The trash: deleted accounts and people, with what they held, until restored or emptied.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { backend } from "../../lib/backend";
import { keys, whileOpen } from "../../lib/queries";
import { type MessageKey, useT } from "../../lib/i18n";
import { formatDateTime } from "../../lib/i18n/format";
import { errorText } from "../../lib/errors";
import { Modal } from "../../lib/Modal";

export function TrashDialog(props: { onClose: () => void; onChanged: (message: string | null) => void }) {
  const { lang, t } = useT();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: keys.trash(), queryFn: () => backend.trashList(), ...whileOpen });
  const items = query.data ?? null;
  const [confirming, setConfirming] = useState(false);
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? (query.isError ? errorText(query.error, t) : null);

  const load = () => void qc.invalidateQueries({ queryKey: keys.trash() });

  const act = async (action: () => Promise<string | null>) => {
    try {
      const message = await action();
      setError(null);
      props.onChanged(message);
    } catch (e) {
      setError(errorText(e, t));
    }
    setConfirming(false);
    load();
  };

  const when = (iso: string) => formatDateTime(lang, iso);

  return (
    <Modal title={t("trash")} onClose={props.onClose} testId="trash-dialog">
      {items !== null && items.length === 0 && <p className="note">{t("trashEmpty")}</p>}
      {items !== null && items.length > 0 && (
        <ul className="trash-list">
          {items.map((i) => (
            <li key={i.id} data-testid="trash-item">
              <div>
                <strong className="trash-label">{i.label}</strong>{" "}
                <span className="muted">
                  {t(`trashKind_${i.kind}` as MessageKey)}
                  {i.kind === "person" && i.account_name ? ` · ${i.account_name}` : ""}
                </span>
                <div className="note">
                  {t("trashDeleted", { date: when(i.deleted_at) })} · {t("trashCounts", { people: i.people, lines: i.lines })}
                </div>
              </div>
              <button
                data-testid="trash-restore"
                onClick={() =>
                  void act(async () => {
                    const r = await backend.restoreTrash(i.id);
                    const restored = t("trashRestored", { name: r.label });
                    return r.lines_skipped > 0 ? `${restored} ${t("trashSkipped", { n: r.lines_skipped })}` : restored;
                  })
                }
              >
                {t("trashRestore")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        {items !== null && items.length > 0 && !confirming && (
          <button className="danger" onClick={() => setConfirming(true)} data-testid="trash-empty">
            {t("trashEmptyAll")}
          </button>
        )}
        {confirming && items !== null && (
          <>
            <span className="note">{t("trashConfirmEmpty", { n: items.length })}</span>
            <button onClick={() => setConfirming(false)}>{t("cancel")}</button>
            <button className="danger" data-testid="trash-empty-confirm" onClick={() => void act(async () => (await backend.emptyTrash(), null))}>
              {t("trashEmptyAll")}
            </button>
          </>
        )}
        <button onClick={props.onClose}>{t("close")}</button>
      </div>
    </Modal>
  );
}
