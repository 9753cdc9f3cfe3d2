// Merge a workspace file (or a JSON export) a colleague sent: what it adds, and side by side
// where both sides changed the same person or line, for the user to choose.

import { useEffect, useState } from "react";
import type { MergePreview, Picked } from "../../bindings";
import { backend } from "../../lib/backend";
import { runJob } from "../../lib/progress";
import { useT } from "../../lib/i18n";
import { errorText, isWrongPassword, needsPassword as askPassword } from "../../lib/errors";
import { DialogFoot, Modal } from "../../lib/Modal";

export function MergeDialog(props: { file: Picked; onClose: () => void; onMerged: (message: string) => void }) {
  const { t } = useT();
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [theirs, setTheirs] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // An encrypted workspace file: the password typed, and the one its preview was read with.
  const [needsPassword, setNeedsPassword] = useState(false);
  const [password, setPassword] = useState("");
  const [usedPassword, setUsedPassword] = useState<string | null>(null);

  const read = (pw: string | null) => {
    setError(null);
    backend.mergePreview(props.file.token, pw).then(
      (p) => {
        setPreview(p);
        setUsedPassword(pw);
        setNeedsPassword(false);
      },
      (e) => {
        if (askPassword(e)) {
          setNeedsPassword(true);
          if (isWrongPassword(e)) setError(errorText(e, t));
          return;
        }
        setError(errorText(e, t));
      },
    );
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => read(null), [props.file.token]);

  const run = async () => {
    setBusy(true);
    try {
      await runJob((sink) => backend.mergeApply(props.file.token, [...theirs], usedPassword, sink));
      props.onMerged(t("mergeDone"));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const nothing =
    preview !== null &&
    preview.accounts.every((a) => !a.is_new && a.people_added_count === 0 && a.lines_added_count === 0 && a.conflicts.length === 0);
  const choose = (key: string, take: boolean) => {
    const next = new Set(theirs);
    if (take) next.add(key);
    else next.delete(key);
    setTheirs(next);
  };

  return (
    <Modal title={t("mergeTitle")} onClose={() => !busy && props.onClose()} testId="merge-dialog" wide>
      <p className="note">{t("mergeHint")}</p>
      {needsPassword && (
        <div
          className="fields"
          data-testid="merge-password"
          onKeyDown={(e) => {
            if (e.key === "Enter" && password) read(password);
          }}
        >
          <label>
            {t("mergePasswordAsk")}
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="merge-password-field" autoFocus />
          </label>
          <div className="row">
            <button className="primary" disabled={!password} onClick={() => read(password)} data-testid="merge-password-read">
              {t("mergePasswordRetry")}
            </button>
          </div>
        </div>
      )}
      {preview?.accounts.map((a) => (
        <section key={a.account_id} data-testid="merge-account">
          <h3>
            {a.name}
            {a.is_new && <span className="muted"> ({t("mergeNew")})</span>}
          </h3>
          <p className="note">
            {t("mergePeopleAdded", { n: a.people_added_count })} · {t("mergeLinesAdded", { n: a.lines_added_count })}
            {a.people_added.length > 0 && `: ${a.people_added.join(", ")}`}
          </p>
          {a.conflicts.map((c) => (
            <div className="conflict" key={c.key} data-testid="merge-conflict" data-key={c.key}>
              <strong>{c.label}</strong>
              <table>
                <thead>
                  <tr>
                    <th>{t("mergeField")}</th>
                    <th>{t("mergeMine")}</th>
                    <th>{t("mergeTheirs")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.fields.map((f) => (
                    <tr key={f.field}>
                      <td>{f.field}</td>
                      <td className="mine wrap">{f.mine}</td>
                      <td className="theirs wrap">{f.theirs}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="row">
                <label>
                  <input type="radio" name={c.key} checked={!theirs.has(c.key)} onChange={() => choose(c.key, false)} /> {t("mergeKeepMine")}
                </label>
                <label>
                  <input type="radio" name={c.key} checked={theirs.has(c.key)} onChange={() => choose(c.key, true)} data-testid="merge-take-theirs" />{" "}
                  {t("mergeTakeTheirs")}
                </label>
              </div>
            </div>
          ))}
        </section>
      ))}
      {nothing && <p className="ok-note">{t("mergeNothing")}</p>}
      <DialogFoot
        name="merge"
        error={error}
        busy={busy}
        workingLabel={t("working")}
        cancelLabel={t("cancel")}
        actionLabel={t("mergeDo")}
        actionDisabled={!preview || nothing}
        onCancel={props.onClose}
        onAction={() => void run()}
      />
    </Modal>
  );
}
