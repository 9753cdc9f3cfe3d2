// Reviews of an account: take read-only snapshots, list and delete them, and compare a
// snapshot with now (or with another snapshot): who came and went, which ratings and lines
// moved, which coverage gaps opened or closed, and the map status then and now. The result
// can be marked on the map and exported as a printable summary.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { Comparison, PersonRef, Snapshot, State } from "../../bindings";
import { backend } from "../../lib/backend";
import { keys, whileOpen } from "../../lib/queries";
import { dateTime, pickFile } from "../../lib/dialogs";
import {
  defaultSnapshotName,
  lineText,
  personLabel,
  ratingMoveText,
  statusName,
} from "./reviewText";
import { Modal, ProgressBar } from "../../lib/Modal";
import { useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";

/** Values of the compare selects: "now", or "snapshot:<id>". */
const NOW = "now";
const SNAPSHOT = "snapshot:";

function stateValue(s: State): string {
  return s.kind === "now" ? NOW : SNAPSHOT + s.id;
}

function parseState(v: string): State {
  return v.startsWith(SNAPSHOT) ? { kind: "snapshot", id: v.slice(SNAPSHOT.length) } : { kind: "now" };
}

function mentions(c: Comparison, snapshotId: string): boolean {
  return [c.before, c.after].some((s) => s.kind === "snapshot" && s.id === snapshotId);
}

export function ReviewsDialog(props: {
  accountId: string;
  accountName: string;
  threshold: number;
  onClose: () => void;
  onChanged: () => void;
  onShowOnMap: (c: Comparison | null) => void;
  onExported: (message: string) => void;
}) {
  const { lang, t } = useT();
  const [name, setName] = useState(() => defaultSnapshotName(lang, new Date()));
  const [confirmId, setConfirmId] = useState<string | null>(null);
  const [beforePick, setBeforePick] = useState<string | null>(null);
  const [afterPick, setAfterPick] = useState<string>(NOW);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const { accountId, threshold } = props;

  const qc = useQueryClient();
  const snapshotsQuery = useQuery({ queryKey: keys.snapshots(accountId), queryFn: () => backend.listSnapshots(accountId), ...whileOpen });
  const list = snapshotsQuery.data ?? null;
  const error = failure ?? (snapshotsQuery.isError ? errorText(snapshotsQuery.error, t) : null);
  const load = () => qc.invalidateQueries({ queryKey: keys.snapshots(accountId) }, { throwOnError: true });

  const run = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    setNote(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  // The selects fall back to the newest snapshot and to now when their pick is gone.
  const snapshots = list ?? [];
  const has = (v: string | null) => v !== null && snapshots.some((s) => SNAPSHOT + s.id === v);
  const newest = snapshots[0];
  const before = has(beforePick) ? (beforePick as string) : newest ? SNAPSHOT + newest.id : "";
  const after = afterPick === NOW || has(afterPick) ? afterPick : NOW;

  const take = () =>
    run(t("snapshotTaking"), async () => {
      const s = await backend.takeSnapshot(accountId, name.trim());
      setNote(t("snapshotTaken", { name: s.name }));
      await load();
      props.onChanged();
    });

  const remove = (s: Snapshot) =>
    run(t("snapshotDelete"), async () => {
      await backend.deleteSnapshot(s.id);
      setConfirmId(null);
      setNote(t("snapshotDeleted", { name: s.name }));
      if (comparison && mentions(comparison, s.id)) {
        setComparison(null);
        if (shown) {
          setShown(false);
          props.onShowOnMap(null);
        }
      }
      await load();
      props.onChanged();
    });

  const compare = () =>
    run(t("comparing"), async () => {
      const c = await backend.compareStates(accountId, parseState(before), parseState(after), threshold);
      setComparison(c);
      if (shown) props.onShowOnMap(c);
    });

  const toggleMap = () => {
    if (!comparison) return;
    props.onShowOnMap(shown ? null : comparison);
    setShown(!shown);
  };

  const exportSummary = () =>
    run(t("exporting"), async () => {
      if (!comparison) return;
      const file = await pickFile("export_review", "review.html");
      if (file === null) return;
      const written = await backend.exportReview(accountId, comparison.before, comparison.after, threshold, file.token);
      const text = t("exported", { path: written });
      setNote(text);
      props.onExported(text);
    });

  const snapshotLabel = (s: Snapshot) => `${s.name} (${dateTime(lang, s.taken_at)})`;
  const working = busy !== null;

  return (
    <Modal
      title={t("reviewsTitle", { account: props.accountName })}
      onClose={() => !working && props.onClose()}
      testId="reviews-dialog"
      wide
    >
      <h3>{t("snapshotHeading")}</h3>
      <div className="row">
        <label className="field snapshot-name">
          {t("snapshotName")}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="snapshot-name" maxLength={200} />
        </label>
        <button className="primary" onClick={() => void take()} disabled={working || name.trim() === ""} data-testid="snapshot-take">
          {t("snapshotTake")}
        </button>
      </div>
      <p className="note">{t("snapshotNote")}</p>

      <h3>{t("snapshotsHeading")}</h3>
      {list !== null && list.length === 0 && (
        <p className="note" data-testid="snapshots-empty">
          {t("snapshotsNone")}
        </p>
      )}
      {list !== null && list.length > 0 && (
        <ul className="trash-list" data-testid="snapshots-list">
          {list.map((s) => (
            <li key={s.id} data-testid="snapshot-row" data-snapshot-id={s.id}>
              <div>
                <strong className="trash-label">{s.name}</strong>
                <div className="note">
                  {dateTime(lang, s.taken_at)} · {t("snapshotCounts", { people: s.people, lines: s.lines })}
                </div>
              </div>
              {confirmId === s.id ? (
                <div className="row">
                  <span className="note">{t("snapshotDeleteAsk", { name: s.name })}</span>
                  <button onClick={() => setConfirmId(null)} disabled={working}>
                    {t("cancel")}
                  </button>
                  <button className="danger" onClick={() => void remove(s)} disabled={working} data-testid="snapshot-delete-confirm">
                    {t("snapshotDeleteConfirm")}
                  </button>
                </div>
              ) : (
                <button className="danger" onClick={() => setConfirmId(s.id)} disabled={working} data-testid="snapshot-delete">
                  {t("snapshotDelete")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      <h3>{t("compareHeading")}</h3>
      {list !== null && list.length === 0 && <p className="note">{t("compareNeedsSnapshot")}</p>}
      <div className="row">
        <label className="field">
          {t("compareBefore")}
          <select value={before} onChange={(e) => setBeforePick(e.target.value)} disabled={snapshots.length === 0} data-testid="compare-before">
            {snapshots.map((s) => (
              <option key={s.id} value={SNAPSHOT + s.id}>
                {snapshotLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <span aria-hidden="true">→</span>
        <label className="field">
          {t("compareAfter")}
          <select value={after} onChange={(e) => setAfterPick(e.target.value)} data-testid="compare-after">
            <option value={NOW}>{t("now")}</option>
            {snapshots.map((s) => (
              <option key={s.id} value={SNAPSHOT + s.id}>
                {snapshotLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" onClick={() => void compare()} disabled={working || before === ""} data-testid="compare-run">
          {t("compareRun")}
        </button>
      </div>

      {comparison && <ComparisonView c={comparison} />}
      {comparison && (
        <div className="row">
          <button onClick={toggleMap} disabled={working} aria-pressed={shown} data-testid="cmp-show-on-map">
            {shown ? t("hideFromMap") : t("showOnMap")}
          </button>
          <button onClick={() => void exportSummary()} disabled={working} data-testid="review-export">
            {t("exportSummary")}
          </button>
        </div>
      )}

      <ProgressBar busy={working} label={busy ?? ""} />
      {note && (
        <p className="ok-note" data-testid="reviews-note">
          {note}
        </p>
      )}
      {error && (
        <p className="problem" role="alert" data-testid="reviews-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button onClick={props.onClose} disabled={working}>
          {t("close")}
        </button>
      </div>
    </Modal>
  );
}

function Section(props: { title: string; testId: string; empty: boolean; children: ReactNode }) {
  const { t } = useT();
  return (
    <section data-testid={props.testId}>
      <h4 className="cmp-heading">{props.title}</h4>
      {props.empty ? (
        <p className="note" data-testid="cmp-no-change">
          {t("noChange")}
        </p>
      ) : (
        <ul className="list cmp-list">
          {props.children}
        </ul>
      )}
    </section>
  );
}

function PersonItems(props: { people: PersonRef[]; testId: string }) {
  return (
    <>
      {props.people.map((p) => (
        <li key={p.id} data-testid={props.testId} data-person-id={p.id}>
          {personLabel(p)}
        </li>
      ))}
    </>
  );
}

/** What changed between the two states of a comparison. */
export function ComparisonView(props: { c: Comparison }) {
  const { lang, t } = useT();
  const { c } = props;
  const label = (s: State, text: string) => (s.kind === "now" ? t("now") : text);
  return (
    <div className="comparison" data-testid="comparison" data-before={stateValue(c.before)} data-after={stateValue(c.after)}>
      <p className="summary cmp-summary">
        {label(c.before, c.before_label)} ({dateTime(lang, c.before_at)}) → {label(c.after, c.after_label)} ({dateTime(lang, c.after_at)})
      </p>
      <Section title={t("cmpPeopleAdded")} testId="cmp-people-added" empty={c.people_added.length === 0}>
        <PersonItems people={c.people_added} testId="cmp-person-added" />
      </Section>
      <Section title={t("cmpPeopleRemoved")} testId="cmp-people-removed" empty={c.people_removed.length === 0}>
        <PersonItems people={c.people_removed} testId="cmp-person-removed" />
      </Section>
      <Section title={t("cmpRatingMoves")} testId="cmp-rating-moves" empty={c.rating_moves.length === 0}>
        {c.rating_moves.map((m) => (
          <li
            key={`${m.person.id}:${m.rating}`}
            data-testid="cmp-rating-move"
            data-person-id={m.person.id}
            data-rating={m.rating}
            data-before={m.before ?? ""}
            data-after={m.after ?? ""}
          >
            {ratingMoveText(lang, m)}
          </li>
        ))}
      </Section>
      <Section title={t("cmpLinesAdded")} testId="cmp-lines-added" empty={c.lines_added.length === 0}>
        {c.lines_added.map((l, i) => (
          <li key={i} data-testid="cmp-line-added" data-kind={l.kind} data-from={l.from.id} data-to={l.to.id} data-sign={l.sign}>
            {lineText(lang, l)}
          </li>
        ))}
      </Section>
      <Section title={t("cmpLinesRemoved")} testId="cmp-lines-removed" empty={c.lines_removed.length === 0}>
        {c.lines_removed.map((l, i) => (
          <li key={i} data-testid="cmp-line-removed" data-kind={l.kind} data-from={l.from.id} data-to={l.to.id} data-sign={l.sign}>
            {lineText(lang, l)}
          </li>
        ))}
      </Section>
      <Section title={t("cmpGapsOpened")} testId="cmp-gaps-opened" empty={c.gaps_opened.length === 0}>
        <PersonItems people={c.gaps_opened} testId="cmp-gap-opened" />
      </Section>
      <Section title={t("cmpGapsClosed")} testId="cmp-gaps-closed" empty={c.gaps_closed.length === 0}>
        <PersonItems people={c.gaps_closed} testId="cmp-gap-closed" />
      </Section>
      <section data-testid="cmp-map-status">
        <h4 className="cmp-heading">{t("cmpStatus")}</h4>
        <p data-testid="cmp-status" data-before={c.status_before} data-after={c.status_after} className="cmp-status">
          {t("cmpStatusLine", { before: statusName(lang, c.status_before), after: statusName(lang, c.status_after) })}
          {c.status_before === c.status_after ? ` ${t("cmpStatusSame")}` : ""}
        </p>
      </section>
    </div>
  );
}
