// Reading a day the user typed: the window language's own format (what `formatDay` writes,
// "31 Mar 2027" / "2027年3月31日") or an ISO day (2027-03-31). The value kept and sent to the
// backend is always the ISO day.

import type { Lang } from "./index";

/** What a typed day is: empty, a real day (as ISO), or text that is not a day. */
export type ParsedDay = { kind: "empty" } | { kind: "day"; iso: string } | { kind: "invalid"; reason: "format" | "no_such_day" };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Days in a month (1-12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO day of these numbers, or null when there is no such day (31 Feb, month 13). */
export function isoDay(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The numbers of an ISO day, or null when `iso` is not one. */
export function dayParts(iso: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isoDay(year, month, day) ? { year, month, day } : null;
}

function monthOfName(name = ""): number | null {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n.length < 3) return null;
  const i = MONTHS.indexOf(n.slice(0, 3));
  if (i < 0) return null;
  // "Mar", "March", "Sept", "September": a prefix of the month's full English name.
  const full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][i];
  return full?.startsWith(n) ? i + 1 : null;
}

/**
 * Reads a day as typed in `lang`'s format or as an ISO day. Both languages accept the ISO day
 * and year/month/day with slashes or dots (2027/3/31); English also reads "31 Mar 2027",
 * "31 March 2027" and "March 31, 2027"; Japanese "2027年3月31日". Full-width digits count.
 * A numeric day/month/year (3/31/2027) is refused: its order differs between countries.
 * The input is cut at 64 characters, so the work is bounded.
 */
export function parseDay(lang: Lang, text: string): ParsedDay {
  const s = text.slice(0, 64).normalize("NFKC").trim().replace(/\s+/g, " ");
  if (s === "") return { kind: "empty" };
  const numbers = (y = "", m = "", d = ""): ParsedDay => {
    const iso = isoDay(Number(y), Number(m), Number(d));
    return iso ? { kind: "day", iso } : { kind: "invalid", reason: "no_such_day" };
  };
  let m = /^(\d{4})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{1,2})$/.exec(s);
  if (m) return numbers(m[1], m[2], m[3]);
  m = /^(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日?$/.exec(s);
  if (m) return numbers(m[1], m[2], m[3]);
  if (lang === "en" || /[a-z]/i.test(s)) {
    m = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+\.?),? (\d{4})$/i.exec(s);
    if (m) {
      const month = monthOfName(m[2]);
      return month ? numbers(m[3], String(month), m[1]) : { kind: "invalid", reason: "format" };
    }
    m = /^([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i.exec(s);
    if (m) {
      const month = monthOfName(m[1]);
      return month ? numbers(m[3], String(month), m[2]) : { kind: "invalid", reason: "format" };
    }
  }
  return { kind: "invalid", reason: "format" };
}
