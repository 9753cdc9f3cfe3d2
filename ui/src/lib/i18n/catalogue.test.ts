import { describe, expect, it } from "vitest";
import { MESSAGE_KEYS, translate } from "./index";

describe("the catalogues", () => {
  it("have every string in both languages", () => {
    for (const k of MESSAGE_KEYS) {
      expect(translate("en", k), k).not.toBe("");
      expect(translate("ja", k), k).not.toBe("");
    }
  });
  it("use the glossary terms of the plan and the portfolio", () => {
    expect(translate("ja", "potential")).toBe("潜在力");
    expect(translate("ja", "contribution")).toBe("貢献度");
    expect(translate("ja", "abcd")).toBe("ABCD分類");
    expect(translate("ja", "colTeam")).toBe("鉄の三角形");
    expect(translate("ja", "team_customer_lead_expert")).toBe("顧客リードエキスパート");
    expect(translate("en", "planSaved")).toBe("The account plan was saved.");
    expect(translate("ja", "planSaved")).toBe("アカウントプランを保存しました。");
  });
  it("fill placeholders and leave unknown ones", () => {
    expect(translate("en", "reviewsTitle", { account: "Contoso" })).toBe("Reviews: Contoso");
    expect(translate("en", "reviewsTitle", {})).toBe("Reviews: {account}");
  });
});
