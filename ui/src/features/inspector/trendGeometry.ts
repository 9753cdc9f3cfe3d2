// Geometry of the rating trend chart: time on x (from the first point or review to now),
// ratings 1..5 on y (5 at the top), one step line per rating, with gaps where unknown.

import type { RatingKind, Snapshot, TrendPoint } from "../../bindings";

/** The drawing's size and the margins around the plot. */
export type TrendFrame = { width: number; height: number; left: number; right: number; top: number; bottom: number };

export const TREND_FRAME: TrendFrame = { width: 240, height: 90, left: 14, right: 6, top: 6, bottom: 6 };

export const TREND_RATINGS: readonly RatingKind[] = ["intimacy", "solution", "price"];

/** The colour of each rating's line (and its legend). */
export const TREND_COLOURS: Record<RatingKind, string> = {
  intimacy: "var(--sm-trend-intimacy)",
  solution: "var(--sm-trend-solution)",
  price: "var(--sm-trend-price)",
};

/** Each line is nudged up or down a little so that equal ratings stay visible side by side. */
export const TREND_OFFSETS: Record<RatingKind, number> = { intimacy: -2, solution: 0, price: 2 };

/** Milliseconds since the epoch. */
export type TimeRange = { start: number; end: number };

const round = (n: number) => Math.round(n * 10) / 10;

function time(iso: string): number | null {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** From the earliest point or review to `now` (or the latest, if later); null with nothing dated. */
export function trendRange(points: readonly TrendPoint[], reviews: readonly Pick<Snapshot, "taken_at">[], now: number): TimeRange | null {
  const times = [...points.map((p) => time(p.at)), ...reviews.map((r) => time(r.taken_at))].filter((t): t is number => t !== null);
  if (times.length === 0) return null;
  const start = Math.min(...times);
  const end = Math.max(now, ...times);
  return { start, end: end > start ? end : start + 1 };
}

export function xAt(t: number, range: TimeRange, f: TrendFrame = TREND_FRAME): number {
  const span = range.end - range.start;
  const share = Math.min(1, Math.max(0, (t - range.start) / span));
  return round(f.left + share * (f.width - f.left - f.right));
}

/** 5 at the top of the plot, 1 at its bottom. */
export function yAt(value: number, f: TrendFrame = TREND_FRAME): number {
  const v = Math.min(5, Math.max(1, value));
  return round(f.top + ((5 - v) / 4) * (f.height - f.top - f.bottom));
}

/**
 * The step line of one rating as an SVG path: each point's value holds from its time to the
 * next point's (the last one to the end of the range); an unknown value leaves a gap.
 * Empty when the rating was never known.
 */
export function stepPath(points: readonly TrendPoint[], rating: RatingKind, range: TimeRange, f: TrendFrame = TREND_FRAME, offset = 0): string {
  const dated = points
    .map((p) => ({ t: time(p.at), v: p[rating] }))
    .filter((p): p is { t: number; v: number | null } => p.t !== null)
    .sort((a, b) => a.t - b.t);
  const runs: { y: number; x0: number; x1: number }[][] = [];
  let run: { y: number; x0: number; x1: number }[] | null = null;
  dated.forEach((p, i) => {
    if (p.v === null) {
      run = null;
      return;
    }
    const x0 = xAt(p.t, range, f);
    const x1 = xAt(dated[i + 1]?.t ?? range.end, range, f);
    const y = round(yAt(p.v, f) + offset);
    if (run === null) {
      run = [];
      runs.push(run);
    }
    const last = run[run.length - 1];
    if (last && last.y === y) last.x1 = x1;
    else run.push({ y, x0, x1 });
  });
  return runs
    .map((r) => r.map((s, i) => (i === 0 ? `M${s.x0} ${s.y}H${s.x1}` : `V${s.y}H${s.x1}`)).join(""))
    .join("");
}

/** The three step lines, each nudged by its offset. */
export function trendPaths(
  points: readonly TrendPoint[],
  range: TimeRange,
  f: TrendFrame = TREND_FRAME,
  offsets: Record<RatingKind, number> = TREND_OFFSETS,
): Record<RatingKind, string> {
  return {
    intimacy: stepPath(points, "intimacy", range, f, offsets.intimacy),
    solution: stepPath(points, "solution", range, f, offsets.solution),
    price: stepPath(points, "price", range, f, offsets.price),
  };
}

/** Where the vertical marker of each review (snapshot) goes. */
export function reviewMarks<S extends Pick<Snapshot, "taken_at">>(reviews: readonly S[], range: TimeRange, f: TrendFrame = TREND_FRAME): { x: number; review: S }[] {
  return reviews.flatMap((review) => {
    const t = time(review.taken_at);
    return t === null ? [] : [{ x: xAt(t, range, f), review }];
  });
}

/** The horizontal guide of each rating step, 1 to 5. */
export function ratingGuides(f: TrendFrame = TREND_FRAME): { value: number; y: number }[] {
  return [1, 2, 3, 4, 5].map((value) => ({ value, y: yAt(value, f) }));
}
