import { describe, expect, it } from "vitest";
import type { Action, Person } from "../../bindings";
import { actionPath, actionText, adviceBadges, pullWord, riskText, whyText } from "./adviceText";
import { person } from "../../lib/testFixtures";

const sato = { ...person("s", "Sato"), ratings: { intimacy: 3, solution: 3, price: 2 } };
const cfo = { ...person("k", "Ito"), ratings: { intimacy: 3, solution: 2, price: 2 } };
const rival = { ...person("r", "Volkova"), side: "competitor" as const };
const people = new Map<string, Person>([
  ["s", sato],
  ["k", cfo],
  ["r", rival],
  ["u", { ...person("u", "Oda"), side: "ours" as const }],
]);

const action = (a: Partial<Action>): Action => ({
  rank: 1,
  kind: "cover",
  key_person: "k",
  target: "s",
  via: [],
  gain: 0.5,
  why: "",
  threat: null,
  helper: null,
  ...a,
});

describe("pullWord", () => {
  it("says a strong line is a strong pull, a medium one medium, a weak one weak", () => {
    expect([0.9, 0.81, 0.6, 0.54, 0.36, 0.3].map((r) => pullWord("en", r))).toEqual([
      "strong pull",
      "strong pull",
      "medium pull",
      "medium pull",
      "weak pull",
      "weak pull",
    ]);
    expect(pullWord("ja", 0.9)).toBe("強い影響");
  });
});

describe("actionText and whyText", () => {
  it("words a win-over of someone who resists our price", () => {
    const a = action({ kind: "win_over", threat: "s", gain: 0.6 });
    expect(actionText("en", people, a)).toBe("Win over Sato, who sways Ito");
    expect(whyText("en", people, a, null)).toBe("Sato objects to our price and has a medium pull on Ito.");
    expect(whyText("ja", people, a, null)).toBe("Satoは価格に抵抗し、Itoに中程度の影響を持っています。");
  });
  it("words a cover action with the reach before and after", () => {
    const a = action({ kind: "cover", gain: 0.24 });
    expect(whyText("en", people, a, 0.3)).toBe("Our best reach to Ito is only 0.30; this would raise it to 0.54.");
    expect(actionText("ja", people, action({ target: "k" }))).toBe("Ito本人と直接、強い関係を築く");
  });
  it("names the competitor in a counter", () => {
    const a = action({ kind: "counter", target: "k", threat: "r", gain: 0.9 });
    expect(actionText("en", people, a)).toBe("Counter the competitor Volkova: make our case to Ito directly");
    expect(whyText("en", people, a, null)).toBe("Volkova of the competitor has a strong pull on Ito.");
  });
  it("highlights the route, or the target when we have none", () => {
    expect(actionPath(action({ via: ["u", "s"] }))).toEqual(["u", "s"]);
    expect(actionPath(action({}))).toEqual(["s"]);
  });
});

describe("riskText", () => {
  it("words a competitor risk with the pull", () => {
    const r = { kind: "competitor" as const, key_person: "k", person: "r", reach: 0.9, path: ["r", "k"] };
    expect(riskText("en", people, r)).toBe("Competitor: Volkova has a strong pull on Ito");
    expect(riskText("ja", people, r)).toBe("競合: VolkovaがItoに強い影響");
  });
});

describe("adviceBadges", () => {
  it("marks blockers, champions and whom a competitor sways", () => {
    const b = adviceBadges({
      risks: [
        { kind: "blocker", key_person: "k", person: "s", reach: 0.6, path: ["s", "k"] },
        { kind: "competitor", key_person: "k", person: "r", reach: 0.81, path: ["r", "s", "k"] },
        { kind: "uncovered", key_person: "k", person: null, reach: null, path: null },
      ],
      levers: [{ kind: "champion", person: "c", key_person: "k", reach: 0.6, path: ["c", "k"] }],
    });
    expect(Object.fromEntries(b)).toEqual({ s: ["blocker", "competitor"], k: ["competitor"], c: ["champion"] });
  });
});
