import { describe, expect, it } from "vitest";
import type { LineRef, PersonRef } from "../../bindings";
import { translate } from "../../lib/i18n";
import { defaultSnapshotName, lineText, localIsoDate, personLabel, ratingMoveText, statusName } from "./reviewText";

const priya: PersonRef = { id: "p1", name: "Priya Raman", title: "CFO" };
const ken: PersonRef = { id: "p2", name: "Ken Sato", title: "" };

describe("the reviews' strings", () => {
  it("has the glossary terms in both languages", () => {
    expect(translate("en", "rating_solution")).toBe("solution acceptance");
    expect(translate("ja", "rating_solution")).toBe("ソリューション受容度");
    expect(translate("ja", "rating_intimacy")).toBe("親密度");
    expect(translate("ja", "now")).toBe("現在");
    expect(["red", "amber", "green"].map((s) => statusName("ja", s as "red"))).toEqual(["赤", "黄", "緑"]);
    expect(translate("en", "reviewsTitle", { account: "Contoso" })).toBe("Reviews: Contoso");
    expect(translate("ja", "reviewsTitle", { account: "Contoso" })).toBe("レビュー: Contoso");
  });
});

describe("snapshot names", () => {
  it("use the local date", () => {
    const d = new Date(2026, 10, 4, 23, 30);
    expect(localIsoDate(d)).toBe("2026-11-04");
    expect(defaultSnapshotName("en", d)).toBe("Review 2026-11-04");
    expect(defaultSnapshotName("ja", d)).toBe("レビュー 2026-11-04");
  });
});

describe("ratingMoveText", () => {
  it("marks up, down and unknown moves", () => {
    expect(ratingMoveText("en", { person: priya, rating: "solution", before: 2, after: 4 })).toBe("▲ Priya Raman: solution acceptance 2 → 4");
    expect(ratingMoveText("en", { person: priya, rating: "price", before: 4, after: 1 })).toBe("▼ Priya Raman: price acceptance 4 → 1");
    expect(ratingMoveText("en", { person: ken, rating: "intimacy", before: null, after: 3 })).toBe("◆ Ken Sato: intimacy unknown → 3");
    expect(ratingMoveText("ja", { person: ken, rating: "intimacy", before: 3, after: null })).toBe("◆ Ken Sato: 親密度 3 → 不明");
  });
});

describe("lineText", () => {
  const l = (kind: LineRef["kind"], sign = 1): LineRef => ({ kind, from: priya, to: ken, strength: 2, sign });
  it("says each kind of line, and when it is negative", () => {
    expect(lineText("en", l("influence"))).toBe("Priya Raman influences Ken Sato");
    expect(lineText("en", l("influence", -1))).toBe("Priya Raman influences Ken Sato (negative)");
    expect(lineText("en", l("reports_to"))).toBe("Priya Raman reports to Ken Sato");
    expect(lineText("en", l("dotted_line"))).toBe("Priya Raman has a dotted reporting line to Ken Sato");
    expect(lineText("en", l("covers"))).toBe("Priya Raman covers Ken Sato");
    expect(lineText("ja", l("dotted_line"))).toBe("Priya Raman → Ken Sato の点線の報告関係");
  });
  it("names a person with their title when they have one", () => {
    expect(personLabel(priya)).toBe("Priya Raman (CFO)");
    expect(personLabel(ken)).toBe("Ken Sato");
  });
});
