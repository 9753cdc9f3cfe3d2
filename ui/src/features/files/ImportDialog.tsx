// Import people from a CSV, Excel or vCard file: the file's first rows, the guessed column
// mapping for the user to correct, what the import will add, change and skip, and the
// managers whose name fits several people. Nothing is written until "Import".

import { useCallback, useEffect, useState } from "react";
import type { Account, Field, ImportPlan, ImportRequest, KeepStored, Picked, Preset } from "../../bindings";
import { backend } from "../../lib/backend";
import { runJob } from "../../lib/progress";
import { type MessageKey, useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";
import { DialogFoot, Modal } from "../../lib/Modal";
import { importNoteText, rowProblemText } from "./importNotes";

export const FIELDS: Field[] = [
  "ignore", "id", "name", "family_name", "given_name", "reading", "family_reading", "given_reading",
  "title", "department", "company", "manager_id", "manager_name", "email", "phone", "company_phone", "notes",
  "side", "roles", "key", "influence", "intimacy", "solution", "price", "level",
];
export const PRESETS: Preset[] = ["generic", "salesforce", "hubspot", "business_card", "organogram"];

const NEW_ACCOUNT = "\u0000new";

export function ImportDialog(props: {
  file: Picked;
  accounts: Account[];
  currentAccountId: string | null;
  onClose: () => void;
  onImported: (accountId: string, message: string) => void;
}) {
  const { t } = useT();
  const fileName = props.file.name;
  const current = props.accounts.find((a) => a.id === props.currentAccountId);
  // By default a new account named after the company in the file (the plan names it);
  // the open account is one click away.
  const [target, setTarget] = useState<string>(NEW_ACCOUNT);
  const [newName, setNewName] = useState<string | null>(null);
  const [keep, setKeep] = useState<KeepStored[]>([]);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [preset, setPreset] = useState<Preset | null>(null);
  const [mapping, setMapping] = useState<Field[] | null>(null);
  const [matchEmail, setMatchEmail] = useState(true);
  const [matchName, setMatchName] = useState(false);
  const [resolutions, setResolutions] = useState<Record<number, string | null>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // An empty name asks the import for the company of the file (else the file's name).
  const accountName = target === NEW_ACCOUNT ? (newName ?? "").trim() : (props.accounts.find((a) => a.id === target)?.name ?? "");
  const shownNewName = newName ?? plan?.account_name ?? "";
  const keeps = (field: string, line: number | null) =>
    keep.some((k) => k.field === field && (k.line ?? null) === line);
  const toggleKeep = (field: string, line: number | null, on: boolean) =>
    setKeep((list) => [...list.filter((k) => !(k.field === field && (k.line ?? null) === line)), ...(on ? [{ field, line }] : [])]);
  const changedFields = plan ? [...new Set(plan.updated.flatMap((u) => u.changes.map((c) => c.field)))] : [];

  const request = useCallback(
    (): ImportRequest => ({
      account_name: accountName,
      token: props.file.token,
      preset,
      mapping,
      options: { match_email: matchEmail, match_name: matchName },
      resolutions: Object.entries(resolutions).map(([line, manager]) => ({ line: Number(line), manager })),
      keep,
    }),
    [accountName, props.file.token, preset, mapping, matchEmail, matchName, resolutions, keep],
  );

  useEffect(() => {
    let live = true;
    backend.importPreview(request()).then(
      (p) => {
        if (!live) return;
        setPlan(p);
        setError(null);
      },
      (e) => {
        if (!live) return;
        setPlan(null);
        setError(errorText(e, t));
      },
    );
    return () => {
      live = false;
    };
  }, [request, t]);

  const runImport = async () => {
    setBusy(true);
    try {
      const report = await runJob((sink) => backend.importApply(request(), sink));
      props.onImported(report.account_id, t("importDone", { added: report.added, updated: report.updated }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const more = (shown: number, total: number) =>
    total > shown ? <li className="muted">{t("importAndMore", { n: total - shown })}</li> : null;

  return (
    <Modal title={`${t("importTitle")}: ${fileName}`} onClose={() => !busy && props.onClose()} testId="import-dialog" wide>
      <div className="row">
        <label>
          {t("importInto")}{" "}
          <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="import-target">
            {props.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            <option value={NEW_ACCOUNT}>{t("importNewAccount")}…</option>
          </select>
        </label>
        {target === NEW_ACCOUNT && (
          <input value={shownNewName} onChange={(e) => setNewName(e.target.value)} data-testid="import-new-account" aria-label={t("importNewAccount")} />
        )}
        {current && target !== current.id && (
          <button type="button" onClick={() => setTarget(current.id)} data-testid="import-into-open">
            {t("importIntoOpen", { account: current.name })}
          </button>
        )}
        {target !== NEW_ACCOUNT && (
          <button type="button" onClick={() => setTarget(NEW_ACCOUNT)} data-testid="import-into-new">
            {t("importIntoNew")}
          </button>
        )}
      </div>
      {target === NEW_ACCOUNT && newName === null && plan?.company && !plan.account_exists && (
        <p className="note" data-testid="import-company">
          {t("importIntoCompany", { company: plan.company })}
        </p>
      )}
      {plan && (
        <>
          <div className="row note">
            <span>
              {t("importKind")}: {plan.kind}
            </span>
            {plan.encoding && (
              <span>
                {t("importEncoding")}: {plan.encoding}
              </span>
            )}
            {plan.kind !== "vcard" && (
              <label>
                {t("importPreset")}{" "}
                <select
                  value={plan.preset ?? "generic"}
                  onChange={(e) => {
                    setPreset(e.target.value as Preset);
                    setMapping(null);
                  }}
                  data-testid="import-preset"
                >
                  {PRESETS.map((p) => (
                    <option key={p} value={p}>
                      {t(`preset_${p}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          {plan.kind !== "vcard" && plan.columns.length > 0 && (
            <>
              <h3>{t("importMapping")}</h3>
              <p className="note">{t("importMappingHint")}</p>
              <div className="scroll-x">
                <table data-testid="import-mapping">
                  <thead>
                    <tr>
                      {plan.columns.map((c, i) => (
                        <th key={i} title={c}>
                          {c}
                        </th>
                      ))}
                    </tr>
                    <tr>
                      {plan.columns.map((c, i) => (
                        <th key={i}>
                          <select
                            value={plan.mapping[i] ?? "ignore"}
                            data-testid="import-field"
                            data-column={c}
                            onChange={(e) => {
                              const next = [...plan.mapping];
                              next[i] = e.target.value as Field;
                              setMapping(next);
                            }}
                          >
                            {FIELDS.map((f) => (
                              <option key={f} value={f}>
                                {t(`field_${f}` as MessageKey)}
                              </option>
                            ))}
                          </select>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {plan.preview_rows.map((r) => (
                      <tr key={r.line}>
                        {plan.columns.map((_, i) => (
                          <td key={i} title={r.cells[i] ?? ""}>
                            {r.cells[i] ?? ""}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="note">{t("importFirstRows", { line: plan.header_line })}</p>
            </>
          )}
          <div className="row">
            <label>
              <input type="checkbox" checked={matchEmail} onChange={(e) => setMatchEmail(e.target.checked)} /> {t("importMatchEmail")}
            </label>
            <label>
              <input type="checkbox" checked={matchName} onChange={(e) => setMatchName(e.target.checked)} data-testid="import-match-name" />{" "}
              {t("importMatchName")}
            </label>
          </div>
          <p className="summary" data-testid="import-summary">
            {t("importSummary", {
              added: plan.added_count,
              updated: plan.updated_count,
              unchanged: plan.unchanged,
              rejected: plan.rejected_count,
            })}
            {" · "}
            {t("importLines", { added: plan.reporting_added, changed: plan.reporting_changed })}
          </p>
          {plan.warnings.map((w, i) => (
            <p className="note warning" key={i} data-testid="import-warning">
              {importNoteText(w, t)}
            </p>
          ))}
          {plan.ambiguous.length > 0 && (
            <>
              <h3>{t("importAmbiguous")}</h3>
              <table data-testid="import-ambiguous">
                <tbody>
                  {plan.ambiguous.map((a) => (
                    <tr key={a.line}>
                      <td>{t("importLine", { line: a.line })}</td>
                      <td>{a.name}</td>
                      <td>→ {a.manager_text}</td>
                      <td>
                        <select
                          value={resolutions[a.line] ?? ""}
                          onChange={(e) => setResolutions({ ...resolutions, [a.line]: e.target.value || null })}
                        >
                          <option value="">{t("importNoManager")}</option>
                          {a.candidates.map((c) => (
                            <option key={c.key} value={c.key}>
                              {[c.name, c.title, c.department].filter(Boolean).join(" · ")}
                              {c.line !== null ? ` (${t("importLine", { line: c.line })})` : ""}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {plan.updated.length > 0 && (
            <>
              <h3>{t("importUpdated")}</h3>
              <div className="row" data-testid="import-keep-fields">
                {changedFields.map((f) => (
                  <label key={f}>
                    <input
                      type="checkbox"
                      checked={keeps(f, null)}
                      onChange={(e) => toggleKeep(f, null, e.target.checked)}
                      data-testid="import-keep-field"
                      data-field={f}
                    />{" "}
                    {t("importKeepField", { field: t(`field_${f}` as MessageKey) })}
                  </label>
                ))}
              </div>
              <ul className="list" data-testid="import-updated">
                {plan.updated.map((u) => (
                  <li key={u.line}>
                    {u.name}:{" "}
                    {u.changes.map((c, i) => (
                      <span key={c.field} className={c.kept ? "kept" : undefined}>
                        {i > 0 ? "; " : ""}
                        {t(`field_${c.field}` as MessageKey)} “{c.before}” → “{c.after}”{" "}
                        <label>
                          <input
                            type="checkbox"
                            checked={c.kept}
                            disabled={keeps(c.field, null)}
                            onChange={(e) => toggleKeep(c.field, u.line, e.target.checked)}
                            data-testid="import-keep"
                            data-line={u.line}
                            data-field={c.field}
                          />{" "}
                          {t("importKeepStored")}
                        </label>
                      </span>
                    ))}
                  </li>
                ))}
                {more(plan.updated.length, plan.updated_count)}
              </ul>
            </>
          )}
          {plan.added.length > 0 && (
            <>
              <h3>{t("importAdded")}</h3>
              <ul className="list" data-testid="import-added">
                {plan.added.map((a) => (
                  <li key={a.line}>{[a.name, a.title, a.department].filter(Boolean).join(" · ")}</li>
                ))}
                {more(plan.added.length, plan.added_count)}
              </ul>
            </>
          )}
          {plan.rejected.length > 0 && (
            <>
              <h3>{t("importRejected")}</h3>
              <ul className="list" data-testid="import-rejected">
                {plan.rejected.map((r, i) => (
                  <li key={i}>
                    {t("importLine", { line: r.line })}: {rowProblemText(r, t)}
                  </li>
                ))}
                {more(plan.rejected.length, plan.rejected_count)}
              </ul>
            </>
          )}
          {plan.unmatched_managers.length > 0 && (
            <>
              <h3>{t("importUnmatched")}</h3>
              <ul className="list" data-testid="import-unmatched">
                {plan.unmatched_managers.map((r, i) => (
                  <li key={i}>
                    {t("importLine", { line: r.line })}: {rowProblemText(r, t)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <DialogFoot
        name="import"
        error={error}
        busy={busy}
        workingLabel={t("working")}
        cancelLabel={t("cancel")}
        actionLabel={t("importDo")}
        actionDisabled={!plan || !plan.account_name || plan.added_count + plan.updated_count === 0}
        onCancel={props.onClose}
        onAction={() => void runImport()}
      />
    </Modal>
  );
}
