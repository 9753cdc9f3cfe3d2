// What a comparison shown on the map marks on each card: an arrow per rating that moved.

import type { Comparison, RatingKind } from "../../bindings";

export type RatingArrow = { rating: RatingKind; direction: 1 | -1 | 0 };

/** 1 up, -1 down, 0 to or from unknown (or no move at all). */
export function moveDirection(before: number | null, after: number | null): 1 | -1 | 0 {
  if (before === null || after === null || before === after) return 0;
  return after > before ? 1 : -1;
}

const ORDER: Record<RatingKind, number> = { intimacy: 0, solution: 1, price: 2 };

/** Person id -> the ratings that moved, in the order intimacy, solution, price. */
export function ratingArrows(c: Comparison | null): Map<string, RatingArrow[]> {
  const out = new Map<string, RatingArrow[]>();
  if (!c) return out;
  for (const m of c.rating_moves) {
    const list = out.get(m.person.id) ?? [];
    list.push({ rating: m.rating, direction: moveDirection(m.before, m.after) });
    out.set(m.person.id, list);
  }
  for (const list of out.values()) list.sort((a, b) => ORDER[a.rating] - ORDER[b.rating]);
  return out;
}
