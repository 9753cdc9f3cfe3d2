import { describe, expect, it } from "vitest";
import { gapText, heat, indirectText } from "./analysisText";
import { person } from "../../lib/testFixtures";

const people = new Map([
  ["s", person("s", "Sato", "Procurement")],
  ["t", person("t", "Tanaka", "Finance")],
  ["c", person("c", "Kimura", "Board")],
]);

describe("indirectText", () => {
  it("says who sways whom through whom, with the reach", () => {
    const f = { key_person: "c", person: "s", reach: 0.54, polarity: 1, path: ["s", "t", "c"] };
    expect(indirectText("en", people, f)).toBe("Sato (Procurement) sways Kimura through Tanaka, reach 0.54");
    expect(indirectText("ja", people, f)).toBe("Sato (Procurement)はTanakaを通じてKimuraに影響（到達度 0.54）");
  });
  it("says when the pull works against the key person", () => {
    const f = { key_person: "c", person: "s", reach: 0.6, polarity: -1, path: ["s", "c"] };
    expect(indirectText("en", people, f)).toBe("Sato (Procurement) works against Kimura directly, reach 0.60");
  });
});

describe("gapText", () => {
  it("tells an uncovered key person from a weakly covered one", () => {
    expect(gapText("en", people, { person: "c", kind: "uncovered", best_reach: null })).toBe("Nobody on our team reaches Kimura (Board)");
    expect(gapText("en", people, { person: "c", kind: "weak", best_reach: 0.36 })).toBe("Kimura (Board) is reached only weakly (best 0.36)");
  });
});

describe("heat", () => {
  it("scales values so the largest is 1", () => {
    expect([...heat({ a: 0.2, b: 0.1, c: 0 })]).toEqual([
      ["a", 1],
      ["b", 0.5],
      ["c", 0],
    ]);
  });
});
