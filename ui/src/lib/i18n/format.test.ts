import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay, formatMoney, formatPercent } from "./format";

describe("formats", () => {
  it("reads an ISO day as that day", () => {
    expect(formatDay("en", "2027-03-31")).toBe("31 Mar 2027");
    expect(formatDay("ja", "2027-03-31")).toBe("2027年3月31日");
    expect(formatDay("en", "not a date")).toBe("not a date");
  });
  it("writes a moment in the same day format, with the time", () => {
    const at = new Date(2026, 11, 2, 13, 5).toISOString();
    expect(formatDateTime("en", at)).toBe("2 Dec 2026, 13:05");
    expect(formatDateTime("ja", at)).toBe("2026年12月2日 13:05");
    expect(formatDay("en", at)).toBe("2 Dec 2026");
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

describe("dates in the window", () => {
  // One date format per language: every date goes through format.ts. A date written with the
  // browser's own toLocale…String or Intl.DateTimeFormat elsewhere shows another format
  // (12/2/2026 beside 2 Dec 2026).
  it("are written by format.ts only", () => {
    const sources = import.meta.glob<string>(["../../**/*.{ts,tsx}", "!../../**/*.test.ts", "!../../bindings.ts", "!./format.ts"], {
      query: "?raw",
      import: "default",
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(30);
    const offenders = Object.entries(sources)
      .filter(([, text]) => /toLocale(Date|Time)?String\(|Intl\.DateTimeFormat/.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
