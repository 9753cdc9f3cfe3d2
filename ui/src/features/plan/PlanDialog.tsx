// The account plan (アカウントプラン): its four parts (industry and customer, priorities,
// network targets, opportunities and a revenue target), the ABCD scores, the strategy and
// how often the account is reviewed. Progress is computed by the backend, never typed in.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import type { PlanInput, PlanProgress, Person, RatingKind } from "../../bindings";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";
import { type MessageKey, ratingLabel, UNKNOWN_MARK, useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";
import { formatDay, formatMoney, formatPercent } from "../../lib/i18n/format";
import { DialogFoot, Modal } from "../../lib/Modal";
import { DateField } from "../../lib/DateField";

const RATINGS: RatingKind[] = ["intimacy", "solution", "price"];
const SCORES = [1, 2, 3, 4, 5];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

type Form = {
  industry: string;
  priorities: string;
  strategy: string;
  revenue: string;
  currency: string;
  targetDate: string;
  potential: string;
  contribution: string;
  reviewMonths: string;
};

function formOf(p: PlanProgress["plan"]): Form {
  return {
    industry: p.industry_customer,
    priorities: p.priorities.join("\n"),
    strategy: p.strategy,
    revenue: p.revenue_target === null ? "" : String(p.revenue_target),
    currency: p.currency,
    targetDate: p.target_date,
    potential: p.potential === null ? "" : String(p.potential),
    contribution: p.contribution === null ? "" : String(p.contribution),
    reviewMonths: String(p.review_months || 3),
  };
}

/** The revenue target typed, `null` when empty, `undefined` when it is not a number of zero or more. */
function revenueOf(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function inputOf(f: Form): PlanInput {
  const score = (s: string) => (s === "" ? null : Number(s));
  return {
    industry_customer: f.industry.trim(),
    priorities: f.priorities
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== ""),
    strategy: f.strategy.trim(),
    revenue_target: revenueOf(f.revenue) ?? null,
    currency: f.currency.trim(),
    target_date: f.targetDate.trim(),
    potential: score(f.potential),
    contribution: score(f.contribution),
    review_months: Number(f.reviewMonths) || 3,
  };
}

export function PlanDialog(props: {
  accountId: string;
  accountName: string;
  /** The account's people, for the targets. */
  people: Person[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { lang, t } = useT();
  const qc = useQueryClient();
  const { accountId } = props;
  // The same read as the cards' targets: open at once when the map shows them.
  const progressQuery = useQuery({ queryKey: keys.planProgress(accountId), queryFn: () => backend.planProgress(accountId) });
  const progress = progressQuery.data ?? null;
  const people = useMemo(() => props.people.filter((p) => p.side === "customer"), [props.people]);
  const [form, setForm] = useState<Form | null>(null);
  // The form starts from the plan as saved, once; what the user types stays after.
  if (form === null && progress) setForm(formOf(progress.plan));
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? (progressQuery.isError ? errorText(progressQuery.error, t) : null);
  const [busy, setBusy] = useState(false);
  const [newPerson, setNewPerson] = useState("");
  const [newRating, setNewRating] = useState<RatingKind>("intimacy");
  const [newValue, setNewValue] = useState("4");
  const [newDue, setNewDue] = useState("");
  const [dueValid, setDueValid] = useState(true);
  const [dateValid, setDateValid] = useState(true);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  /** Reads the progress again: what the user is typing stays. */
  const refresh = () => qc.invalidateQueries({ queryKey: keys.planProgress(accountId) });

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      if (live.current) setError(null);
    } catch (e) {
      if (live.current) setError(errorText(e, t));
    } finally {
      if (live.current) setBusy(false);
    }
  };

  const set = (k: keyof Form) => (e: { target: { value: string } }) => form && setForm({ ...form, [k]: e.target.value });

  const revenue = form ? revenueOf(form.revenue) : null;
  const plan = progress?.plan;
  const sortedPeople = [...people].sort((a, b) => a.name.localeCompare(b.name, lang === "ja" ? "ja" : "en"));

  const save = () =>
    void run(async () => {
      if (!form) return;
      await backend.setPlan(accountId, inputOf(form));
      props.onSaved(t("planSaved"));
      await refresh();
    });

  const addTarget = () =>
    void run(async () => {
      await backend.setTarget(newPerson, newRating, Number(newValue), newDue.trim());
      if (live.current) setNewPerson("");
      await refresh();
    });

  const deleteTarget = (id: string) =>
    void run(async () => {
      await backend.deleteTarget(id);
      await refresh();
    });

  const scoreSelect = (k: "potential" | "contribution", testId: string) => (
    <select value={form?.[k] ?? ""} onChange={set(k)} disabled={!form} data-testid={testId}>
      <option value="">{t("notScored")}</option>
      {SCORES.map((s) => (
        <option key={s} value={String(s)}>
          {t(`scale_${s}` as MessageKey)}
        </option>
      ))}
    </select>
  );

  const months = form ? Number(form.reviewMonths) : 3;
  const monthOptions = MONTHS.includes(months) ? MONTHS : [...MONTHS, months].sort((a, b) => a - b);

  return (
    <Modal title={t("planTitle", { name: props.accountName })} onClose={() => !busy && props.onClose()} testId="plan-dialog" wide>
      {!progress && !error && <p className="note">{t("loading")}</p>}
      {plan && (
        <p className="note" data-testid="plan-updated">
          {plan.updated_at ? t("planChanged", { date: formatDay(lang, plan.updated_at) }) : t("planNone")}
        </p>
      )}

      <h3>{t("part1")}</h3>
      <label className="field">
        <span>{t("part1Hint")}</span>
        <textarea rows={3} value={form?.industry ?? ""} onChange={set("industry")} disabled={!form} data-testid="plan-industry" />
      </label>

      <h3>{t("part2")}</h3>
      <label className="field">
        <span>{t("part2Hint")}</span>
        <textarea rows={4} value={form?.priorities ?? ""} onChange={set("priorities")} disabled={!form} data-testid="plan-priorities" />
      </label>

      <h3>{t("part3")}</h3>
      <p className="note">{t("part3Hint")}</p>
      {progress && progress.targets.length === 0 && <p className="note muted">{t("targetsNone")}</p>}
      {progress && progress.targets.length > 0 && (
        <>
          <table data-testid="plan-targets">
            <thead>
              <tr>
                <th>{t("colPerson")}</th>
                <th>{t("colRating")}</th>
                <th>{t("colNow")}</th>
                <th>{t("colTarget")}</th>
                <th>{t("colDue")}</th>
                <th>{t("colStatus")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {progress.targets.map((tp) => (
                <tr key={tp.target.id} data-testid="plan-target" data-reached={tp.reached ? "true" : "false"} data-overdue={tp.overdue ? "true" : "false"}>
                  <td>{tp.person_name}</td>
                  <td>{t(`targetRating_${tp.target.rating}`)}</td>
                  <td title={tp.current === null ? t("unknownRating") : ratingLabel(lang, tp.target.rating, tp.current)} data-testid="plan-target-current">
                    {tp.current === null ? UNKNOWN_MARK : tp.current}
                  </td>
                  <td title={ratingLabel(lang, tp.target.rating, tp.target.target)}>{tp.target.target}</td>
                  <td>{tp.target.due ? formatDay(lang, tp.target.due) : <span className="muted">{t("targetNoDue")}</span>}</td>
                  <td>
                    {tp.reached ? (
                      <span className="plan-reached">{t("targetReached")}</span>
                    ) : tp.overdue ? (
                      <span className="plan-overdue" data-testid="plan-target-overdue">
                        {t("targetOverdue")}
                      </span>
                    ) : (
                      <span className="muted">{t("targetOpen")}</span>
                    )}
                  </td>
                  <td>
                    <button className="small danger" disabled={busy} onClick={() => deleteTarget(tp.target.id)} data-testid="plan-target-delete">
                      {t("targetDelete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="note" data-testid="plan-targets-reached">
            {t("targetsReached", { reached: progress.targets_reached, total: progress.targets.length })}
          </p>
        </>
      )}
      {progress && sortedPeople.length === 0 && <p className="note">{t("targetNoPeople")}</p>}
      <div className="row" data-testid="plan-target-add">
        <select value={newPerson} onChange={(e) => setNewPerson(e.target.value)} disabled={!progress || busy} data-testid="target-person" aria-label={t("colPerson")}>
          <option value="">{t("targetChoosePerson")}</option>
          {sortedPeople.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title ? `${p.name} (${p.title})` : p.name}
            </option>
          ))}
        </select>
        <select value={newRating} onChange={(e) => setNewRating(e.target.value as RatingKind)} disabled={!progress || busy} data-testid="target-rating" aria-label={t("colRating")}>
          {RATINGS.map((r) => (
            <option key={r} value={r}>
              {t(`targetRating_${r}`)}
            </option>
          ))}
        </select>
        <select value={newValue} onChange={(e) => setNewValue(e.target.value)} disabled={!progress || busy} data-testid="target-value" aria-label={t("colTarget")}>
          {SCORES.map((s) => (
            <option key={s} value={String(s)}>
              {s} – {ratingLabel(lang, newRating, s)}
            </option>
          ))}
        </select>
        <div className="row plan-field">
          <span>{t("colDue")}</span>
          <DateField value={newDue} onChange={setNewDue} onValidChange={setDueValid} disabled={!progress || busy} label={t("colDue")} testId="target-due" />
        </div>
        <button onClick={addTarget} disabled={!progress || busy || newPerson === "" || !dueValid} data-testid="target-add">
          {t("targetAdd")}
        </button>
      </div>

      <h3>{t("part4")}</h3>
      <div className="row">
        <label className="row plan-field">
          {t("revenueTarget")}
          <input type="number" min={0} step="any" value={form?.revenue ?? ""} onChange={set("revenue")} disabled={!form} data-testid="plan-revenue" className="plan-revenue" />
        </label>
        <label className="row plan-field">
          {t("currency")}
          <input value={form?.currency ?? ""} onChange={set("currency")} disabled={!form} placeholder="JPY" maxLength={12} data-testid="plan-currency" className="plan-currency" />
        </label>
        <div className="row plan-field">
          <span>{t("targetDate")}</span>
          <DateField
            value={form?.targetDate ?? ""}
            onChange={(iso) => form && setForm({ ...form, targetDate: iso })}
            onValidChange={setDateValid}
            disabled={!form}
            label={t("targetDate")}
            testId="plan-target-date"
          />
        </div>
      </div>
      <p className="note">{t("currencyHint")}</p>
      {revenue === undefined && (
        <p className="problem" data-testid="plan-revenue-invalid">
          {t("revenueInvalid")}
        </p>
      )}
      {progress && (
        <div data-testid="plan-revenue-progress">
          <p className="note">
            {progress.plan.revenue_target !== null
              ? t("wonOfTarget", {
                  won: formatMoney(lang, progress.won_amount, progress.plan.currency),
                  target: formatMoney(lang, progress.plan.revenue_target, progress.plan.currency),
                  percent: progress.revenue_progress === null ? "–" : formatPercent(lang, progress.revenue_progress),
                })
              : t("wonNoTarget", { won: formatMoney(lang, progress.won_amount, progress.plan.currency) })}{" "}
            {t("openPipeline", { open: formatMoney(lang, progress.open_amount, progress.plan.currency) })}
          </p>
          <p className="note muted small">{t("progressSaved")}</p>
        </div>
      )}

      <h3>{t("abcd")}</h3>
      <div className="row">
        <label className="field">
          <span title={t("potentialHint")}>{t("potential")}</span>
          {scoreSelect("potential", "plan-potential")}
        </label>
        <label className="field">
          <span title={t("contributionHint")}>{t("contribution")}</span>
          {scoreSelect("contribution", "plan-contribution")}
        </label>
        <div className="field">
          <span>{t("classLabel")}</span>
          <strong data-testid="plan-class" className="plan-class">
            {progress?.class ?? "–"}
          </strong>
        </div>
      </div>
      <p className="note">{t("abcdNote")}</p>
      {progress && <p className="note muted">{progress.class ? t(`class_${progress.class}` as MessageKey) : t("classNone")}</p>}

      <h3>{t("strategy")}</h3>
      <label className="field">
        <span>{t("strategyHint")}</span>
        <textarea rows={4} value={form?.strategy ?? ""} onChange={set("strategy")} disabled={!form} data-testid="plan-strategy" />
      </label>
      <label className="row plan-review-every">
        {t("reviewEvery")}
        <select value={form?.reviewMonths ?? "3"} onChange={set("reviewMonths")} disabled={!form} data-testid="plan-review-months">
          {monthOptions.map((m) => (
            <option key={m} value={String(m)}>
              {m === 1 ? t("month1") : t("months", { n: m })}
            </option>
          ))}
        </select>
      </label>

      <DialogFoot
        name="plan"
        error={error}
        busy={busy}
        workingLabel={t("saving")}
        cancelLabel={t("cancel")}
        actionLabel={t("savePlan")}
        actionDisabled={!form || revenue === undefined || !dateValid}
        onCancel={props.onClose}
        onAction={save}
      />
    </Modal>
  );
}
