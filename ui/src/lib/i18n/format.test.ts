import { describe, expect, it } from "vitest";
import { formatDay, formatMoney, formatPercent } from "./format";

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
