import { describe, expect, it } from "vitest";
import { formatDay, formatMoney, formatPercent, PLAN_KEYS, planText } from "./i18nPlan";

describe("planText", () => {
  it("has every string in both languages", () => {
    for (const k of PLAN_KEYS) {
      expect(planText("en", k), k).not.toBe("");
      expect(planText("ja", k), k).not.toBe("");
    }
  });
  it("uses the glossary terms", () => {
    expect(planText("ja", "potential")).toBe("潜在力");
    expect(planText("ja", "contribution")).toBe("貢献度");
    expect(planText("ja", "abcd")).toBe("ABCD分類");
    expect(planText("ja", "colTeam")).toBe("鉄の三角形");
    expect(planText("ja", "team_customer_lead_expert")).toBe("顧客リードエキスパート");
    expect(planText("en", "planSaved")).toBe("The account plan was saved.");
    expect(planText("ja", "planSaved")).toBe("アカウントプランを保存しました。");
  });
});

describe("formats", () => {
  it("reads an ISO day as that day", () => {
    expect(formatDay("en", "2027-03-31")).toBe("31 Mar 2027");
    expect(formatDay("ja", "2027-03-31")).toBe("2027年3月31日");
    expect(formatDay("en", "not a date")).toBe("not a date");
  });
  it("writes money in the currency, or the code after the number", () => {
    expect(formatMoney("en", 1234567, "JPY")).toBe("JP¥1,234,567");
    expect(formatMoney("en", 1500.5, "")).toBe("1,500.5");
    expect(formatMoney("en", 2000, "points")).toBe("2,000 points");
  });
  it("writes a fraction as a whole percentage", () => {
    expect(formatPercent("en", 0.425)).toBe("43%");
    expect(formatPercent("en", 0)).toBe("0%");
  });
});
