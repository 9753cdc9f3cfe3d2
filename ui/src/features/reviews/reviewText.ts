// The sentences of the reviews dialog: rating moves, lines, snapshot names. Their words are
// in the catalogues (lib/i18n); terms follow the domain glossary.

import type { LineRef, MapStatus, PersonRef, RatingKind, RatingMove } from "../../bindings";
import { type Lang, translate } from "../../lib/i18n";
import { moveDirection } from "./comparisonMarks";

/** A date and time in the UI language. */
/** Today's local date as YYYY-MM-DD. */
export function localIsoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The name a new snapshot gets unless the user types another. */
export function defaultSnapshotName(lang: Lang, d: Date): string {
  return translate(lang, "snapshotDefaultName", { date: localIsoDate(d) });
}

export function ratingName(lang: Lang, rating: RatingKind): string {
  return translate(lang, `rating_${rating}`);
}

export function statusName(lang: Lang, status: MapStatus): string {
  return translate(lang, `status_${status}`);
}

/** "Priya Raman (CFO)", or only the name when the person has no title. */
export function personLabel(p: PersonRef): string {
  return p.title ? `${p.name} (${p.title})` : p.name;
}

/** ▲ up, ▼ down, ◆ to or from unknown. */
export function moveSymbol(m: Pick<RatingMove, "before" | "after">): string {
  const d = moveDirection(m.before, m.after);
  return d > 0 ? "▲" : d < 0 ? "▼" : "◆";
}

/** "▲ Priya Raman: solution acceptance 2 → 4". */
export function ratingMoveText(lang: Lang, m: RatingMove): string {
  const v = (x: number | null) => (x === null ? translate(lang, "unknown") : String(x));
  const body = translate(lang, "ratingMove", {
    name: m.person.name,
    rating: ratingName(lang, m.rating),
    before: v(m.before),
    after: v(m.after),
  });
  return `${moveSymbol(m)} ${body}`;
}

/** "A influences B (negative)", "A reports to B"… */
export function lineText(lang: Lang, l: LineRef): string {
  const body = translate(lang, `line_${l.kind}`, { from: l.from.name, to: l.to.name });
  return l.sign < 0 ? `${body} ${translate(lang, "lineNegative")}` : body;
}
