import { describe, expect, it } from "vitest";
import type { Comparison, PersonRef } from "../../bindings";
import { moveDirection, ratingArrows } from "./comparisonMarks";

const priya: PersonRef = { id: "p1", name: "Priya Raman", title: "CFO" };
const ken: PersonRef = { id: "p2", name: "Ken Sato", title: "CIO" };

function comparison(moves: Comparison["rating_moves"]): Comparison {
  return {
    account_name: "Contoso",
    before: { kind: "snapshot", id: "s1" },
    after: { kind: "now" },
    before_label: "Q1 review",
    after_label: "now",
    before_at: "2026-01-01T00:00:00Z",
    after_at: "2026-04-01T00:00:00Z",
    people_added: [],
    people_removed: [],
    rating_moves: moves,
    lines_added: [],
    lines_removed: [],
    gaps_opened: [],
    gaps_closed: [],
    status_before: "red",
    status_after: "amber",
  };
}

describe("moveDirection", () => {
  it("is up, down, or 0 to and from unknown", () => {
    expect(moveDirection(2, 4)).toBe(1);
    expect(moveDirection(5, 1)).toBe(-1);
    expect(moveDirection(null, 3)).toBe(0);
    expect(moveDirection(3, null)).toBe(0);
    expect(moveDirection(3, 3)).toBe(0);
  });
});

describe("ratingArrows", () => {
  it("is empty without a comparison or without moves", () => {
    expect(ratingArrows(null).size).toBe(0);
    expect(ratingArrows(comparison([])).size).toBe(0);
  });
  it("groups the moves by person, in the order intimacy, solution, price", () => {
    const arrows = ratingArrows(
      comparison([
        { person: priya, rating: "price", before: 4, after: 2 },
        { person: ken, rating: "intimacy", before: null, after: 3 },
        { person: priya, rating: "solution", before: 2, after: 4 },
        { person: priya, rating: "intimacy", before: 3, after: null },
      ]),
    );
    expect([...arrows.keys()]).toEqual(["p1", "p2"]);
    expect(arrows.get("p1")).toEqual([
      { rating: "intimacy", direction: 0 },
      { rating: "solution", direction: 1 },
      { rating: "price", direction: -1 },
    ]);
    expect(arrows.get("p2")).toEqual([{ rating: "intimacy", direction: 0 }]);
    expect(arrows.get("nobody")).toBeUndefined();
  });
});
