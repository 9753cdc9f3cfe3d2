import { describe, expect, it } from "vitest";
import { cellOf, layOut, quadrant, scoresAt } from "./portfolioGrid";

describe("quadrant", () => {
  it("puts high potential and high contribution in A", () => {
    expect(quadrant(3, 3)).toBe("A");
    expect(quadrant(5, 5)).toBe("A");
    expect(quadrant(4, 3)).toBe("A");
  });
  it("puts low potential and high contribution in B", () => {
    expect(quadrant(2, 3)).toBe("B");
    expect(quadrant(1, 5)).toBe("B");
  });
  it("puts high potential and low contribution in C", () => {
    expect(quadrant(3, 2)).toBe("C");
    expect(quadrant(5, 1)).toBe("C");
  });
  it("puts low potential and low contribution in D", () => {
    expect(quadrant(2, 2)).toBe("D");
    expect(quadrant(1, 1)).toBe("D");
  });
  it("has no class without both scores or with scores out of range", () => {
    expect(quadrant(null, 4)).toBeNull();
    expect(quadrant(4, null)).toBeNull();
    expect(quadrant(null, null)).toBeNull();
    expect(quadrant(0, 3)).toBeNull();
    expect(quadrant(3, 6)).toBeNull();
    expect(quadrant(2.5, 3)).toBeNull();
  });
});

describe("cellOf", () => {
  it("puts potential across and contribution up, 5 at the top", () => {
    expect(cellOf(1, 5)).toEqual({ col: 0, row: 0 });
    expect(cellOf(5, 5)).toEqual({ col: 4, row: 0 });
    expect(cellOf(1, 1)).toEqual({ col: 0, row: 4 });
    expect(cellOf(5, 1)).toEqual({ col: 4, row: 4 });
    expect(cellOf(3, 2)).toEqual({ col: 2, row: 3 });
  });
  it("has no cell for an unscored account", () => {
    expect(cellOf(null, 3)).toBeNull();
    expect(cellOf(3, null)).toBeNull();
  });
  it("is undone by scoresAt", () => {
    for (let p = 1; p <= 5; p++) {
      for (let c = 1; c <= 5; c++) {
        const cell = cellOf(p, c);
        expect(cell).not.toBeNull();
        expect(scoresAt(cell!)).toEqual({ potential: p, contribution: c });
      }
    }
  });
});

describe("layOut", () => {
  it("places scored items in their cells and lists the others", () => {
    const items = [
      { id: "a", potential: 5, contribution: 4 },
      { id: "b", potential: null, contribution: 2 },
      { id: "c", potential: 5, contribution: 4 },
      { id: "d", potential: 1, contribution: 1 },
    ];
    const { cells, unscored } = layOut(items);
    expect(cells).toHaveLength(5);
    expect(cells.every((r) => r.length === 5)).toBe(true);
    expect(cells[1]?.[4]?.map((i) => i.id)).toEqual(["a", "c"]);
    expect(cells[4]?.[0]?.map((i) => i.id)).toEqual(["d"]);
    expect(unscored.map((i) => i.id)).toEqual(["b"]);
    expect(cells.flat().reduce((n, c) => n + c.length, 0)).toBe(3);
  });
});
