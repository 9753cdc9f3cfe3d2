// Where accounts go on the ABCD portfolio grid: potential (1-5) across, contribution (1-5)
// up. A score of 3 or more is high (the core's HIGH_SCORE): A high/high, B low potential and
// high contribution, C high potential and low contribution, D low/low.

import type { AbcdClass } from "../../bindings";

/** The score from which potential or contribution counts as high. */
export const HIGH_SCORE = 3;

/** The scores of the grid's axes, lowest first. */
export const SCORES = [1, 2, 3, 4, 5] as const;

function isScore(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5;
}

/** The class of an account by its scores; `null` when either is missing or out of range. */
export function quadrant(potential: number | null | undefined, contribution: number | null | undefined): AbcdClass | null {
  if (!isScore(potential) || !isScore(contribution)) return null;
  const p = potential >= HIGH_SCORE;
  const c = contribution >= HIGH_SCORE;
  if (p && c) return "A";
  if (c) return "B";
  if (p) return "C";
  return "D";
}

/** A cell of the 5×5 grid: `col` 0 (potential 1) to 4 (potential 5), `row` 0 (contribution 5, the top) to 4 (contribution 1). */
export type Cell = { col: number; row: number };

/** The cell of an account by its scores; `null` when it is not fully scored. */
export function cellOf(potential: number | null | undefined, contribution: number | null | undefined): Cell | null {
  if (!isScore(potential) || !isScore(contribution)) return null;
  return { col: potential - 1, row: 5 - contribution };
}

/** The scores at a cell (the inverse of `cellOf`). */
export function scoresAt(cell: Cell): { potential: number; contribution: number } {
  return { potential: cell.col + 1, contribution: 5 - cell.row };
}

/**
 * Items laid out on the grid: `cells[row][col]` holds the items of that cell in their
 * given order; items without both scores go to `unscored`.
 */
export function layOut<T extends { potential: number | null; contribution: number | null }>(
  items: readonly T[],
): { cells: T[][][]; unscored: T[] } {
  const cells: T[][][] = SCORES.map(() => SCORES.map(() => [] as T[]));
  const unscored: T[] = [];
  for (const item of items) {
    const cell = cellOf(item.potential, item.contribution);
    if (cell === null) unscored.push(item);
    else cells[cell.row]?.[cell.col]?.push(item);
  }
  return { cells, unscored };
}
