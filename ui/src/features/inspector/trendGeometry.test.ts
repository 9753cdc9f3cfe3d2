import { describe, expect, it } from "vitest";
import type { TrendPoint } from "../../bindings";
import { ratingGuides, reviewMarks, stepPath, TREND_FRAME, trendPaths, trendRange, xAt, yAt } from "./trendGeometry";

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (day: number) => new Date(T0 + day * DAY).toISOString();
const range = { start: T0, end: T0 + 10 * DAY };

// The default frame: 240 x 90 with a plot from x 14 to 234 and from y 6 (5) to 84 (1).
const points: TrendPoint[] = [
  { at: iso(0), intimacy: 2, solution: null, price: 3 },
  { at: iso(2), intimacy: 4, solution: 3, price: 3 },
  { at: iso(5), intimacy: null, solution: 5, price: 3 },
  { at: iso(7), intimacy: 1, solution: 5, price: null },
];

describe("axes", () => {
  it("puts rating 5 at the top of the plot and 1 at its bottom", () => {
    expect(TREND_FRAME).toEqual({ width: 240, height: 90, left: 14, right: 6, top: 6, bottom: 6 });
    expect([5, 4, 3, 2, 1].map((v) => yAt(v))).toEqual([6, 25.5, 45, 64.5, 84]);
    expect(yAt(9)).toBe(6);
    expect(ratingGuides()).toEqual([
      { value: 1, y: 84 },
      { value: 2, y: 64.5 },
      { value: 3, y: 45 },
      { value: 4, y: 25.5 },
      { value: 5, y: 6 },
    ]);
  });
  it("spreads time over the plot's width and clamps outside the range", () => {
    expect(xAt(T0, range)).toBe(14);
    expect(xAt(T0 + 5 * DAY, range)).toBe(124);
    expect(xAt(T0 + 10 * DAY, range)).toBe(234);
    expect(xAt(T0 + 20 * DAY, range)).toBe(234);
    expect(xAt(T0 - DAY, range)).toBe(14);
  });
  it("rounds to a tenth of a pixel", () => {
    const f = { width: 100, height: 50, left: 0, right: 0, top: 0, bottom: 0 };
    expect(xAt(T0 + DAY, { start: T0, end: T0 + 3 * DAY }, f)).toBe(33.3);
  });
});

describe("trendRange", () => {
  it("runs from the earliest point or review to now", () => {
    expect(trendRange(points, [{ taken_at: iso(-1) }], T0 + 10 * DAY)).toEqual({ start: T0 - DAY, end: T0 + 10 * DAY });
  });
  it("ends at the latest date when now is earlier (a clock behind)", () => {
    expect(trendRange(points, [], T0 + DAY)).toEqual({ start: T0, end: T0 + 7 * DAY });
  });
  it("never has zero width, and is null without any dated point", () => {
    expect(trendRange([{ at: iso(0), intimacy: 1, solution: 1, price: 1 }], [], T0)).toEqual({ start: T0, end: T0 + 1 });
    expect(trendRange([], [], T0)).toBeNull();
    expect(trendRange([{ at: "not a date", intimacy: 1, solution: 1, price: 1 }], [], T0)).toBeNull();
  });
});

describe("stepPath", () => {
  it("holds each value until the next change and leaves a gap where unknown", () => {
    expect(stepPath(points, "intimacy", range)).toBe("M14 64.5H58V25.5H124M168 84H234");
  });
  it("starts where the rating first becomes known and merges equal steps", () => {
    expect(stepPath(points, "solution", range)).toBe("M58 45H124V6H234");
    expect(stepPath(points, "price", range)).toBe("M14 45H168");
  });
  it("is empty for a rating never known", () => {
    expect(stepPath([{ at: iso(1), intimacy: null, solution: 2, price: 2 }], "intimacy", range)).toBe("");
  });
  it("sorts the points by time", () => {
    expect(stepPath([...points].reverse(), "solution", range)).toBe("M58 45H124V6H234");
  });
});

describe("trendPaths", () => {
  it("nudges each rating by its offset so equal values stay apart", () => {
    const same: TrendPoint[] = [{ at: iso(0), intimacy: 3, solution: 3, price: 3 }];
    expect(trendPaths(same, range)).toEqual({ intimacy: "M14 43H234", solution: "M14 45H234", price: "M14 47H234" });
  });
  it("applies given offsets to every step", () => {
    expect(trendPaths(points, range, TREND_FRAME, { intimacy: 1, solution: 0, price: -1 })).toEqual({
      intimacy: "M14 65.5H58V26.5H124M168 85H234",
      solution: "M58 45H124V6H234",
      price: "M14 44H168",
    });
  });
});

describe("reviewMarks", () => {
  it("places a marker at each review's time and skips an undated one", () => {
    const reviews = [
      { id: "a", taken_at: iso(3) },
      { id: "b", taken_at: "?" },
      { id: "c", taken_at: iso(10) },
    ];
    expect(reviewMarks(reviews, range).map((m) => [m.review.id, m.x])).toEqual([
      ["a", 80],
      ["c", 234],
    ]);
  });
});
