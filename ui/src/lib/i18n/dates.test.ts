import { describe, expect, it } from "vitest";
import { dayParts, daysInMonth, isoDay, parseDay } from "./dates";
import { formatDay, formatLongDay, formatMonth, weekdayNames } from "./format";

const day = (iso: string) => ({ kind: "day", iso });
const bad = (reason: "format" | "no_such_day") => ({ kind: "invalid", reason });

describe("a typed day", () => {
  it("reads what formatDay writes, in both languages, for every month", () => {
    for (let m = 1; m <= 12; m++) {
      const iso = isoDay(2027, m, 28)!;
      for (const lang of ["en", "ja"] as const) expect(parseDay(lang, formatDay(lang, iso)), `${lang} ${formatDay(lang, iso)}`).toEqual(day(iso));
    }
  });
  it("reads the ISO day in both languages", () => {
    expect(parseDay("en", "2027-03-31")).toEqual(day("2027-03-31"));
    expect(parseDay("ja", " 2027-3-9 ")).toEqual(day("2027-03-09"));
    expect(parseDay("ja", "2027/03/31")).toEqual(day("2027-03-31"));
  });
  it("reads English day and month names, short and long", () => {
    expect(parseDay("en", "31 Mar 2027")).toEqual(day("2027-03-31"));
    expect(parseDay("en", "31 march 2027")).toEqual(day("2027-03-31"));
    expect(parseDay("en", "1 Sept 2027")).toEqual(day("2027-09-01"));
    expect(parseDay("en", "March 31, 2027")).toEqual(day("2027-03-31"));
    expect(parseDay("en", "2nd Dec 2026")).toEqual(day("2026-12-02"));
  });
  it("reads Japanese years, months and days, with full-width digits", () => {
    expect(parseDay("ja", "2027年3月31日")).toEqual(day("2027-03-31"));
    expect(parseDay("ja", "２０２７年３月３１日")).toEqual(day("2027-03-31"));
    expect(parseDay("ja", "2027 年 3 月 31 日")).toEqual(day("2027-03-31"));
  });
  it("says an impossible day is no such day", () => {
    expect(parseDay("en", "31 Feb 2027")).toEqual(bad("no_such_day"));
    expect(parseDay("ja", "2027年2月29日")).toEqual(bad("no_such_day"));
    expect(parseDay("ja", "2028年2月29日")).toEqual(day("2028-02-29"));
    expect(parseDay("en", "2027-13-01")).toEqual(bad("no_such_day"));
    expect(parseDay("en", "2027-04-31")).toEqual(bad("no_such_day"));
    expect(parseDay("en", "0999-01-01")).toEqual(bad("no_such_day"));
  });
  it("refuses what is not a day, and an order that differs between countries", () => {
    expect(parseDay("en", "next Friday")).toEqual(bad("format"));
    expect(parseDay("en", "31 Mrz 2027")).toEqual(bad("format"));
    expect(parseDay("en", "3/31/2027")).toEqual(bad("format"));
    expect(parseDay("ja", "31/3/2027")).toEqual(bad("format"));
    expect(parseDay("en", "31 Ma 2027")).toEqual(bad("format"));
  });
  it("is empty when nothing is typed", () => {
    expect(parseDay("en", "   ")).toEqual({ kind: "empty" });
  });
  it("reads a long text in bounded time", () => {
    const start = performance.now();
    expect(parseDay("en", "1".repeat(1_000_000))).toEqual(bad("format"));
    expect(parseDay("en", "2027-03-31" + " ".repeat(1_000_000) + "x").kind).toBe("day");
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe("days and months", () => {
  it("knows the length of each month, leap years included", () => {
    expect(daysInMonth(2027, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2027, 12)).toBe(31);
    expect(dayParts("2027-02-30")).toBeNull();
    expect(dayParts("2027-12-31")).toEqual({ year: 2027, month: 12, day: 31 });
  });
  it("names the calendar's months and weekdays in the window's language", () => {
    expect(formatMonth("en", 2026, 12)).toBe("December 2026");
    expect(formatMonth("ja", 2026, 12)).toBe("2026年12月");
    expect(weekdayNames("en")).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(weekdayNames("ja")).toEqual(["日", "月", "火", "水", "木", "金", "土"]);
    expect(formatLongDay("ja", 2026, 12, 2)).toBe("2026年12月2日水曜日");
    expect(formatLongDay("en", 2026, 12, 2)).toMatch(/^Wednesday,? 2 December 2026$/);
  });
});
