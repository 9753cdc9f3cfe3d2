// Dates, money and percentages in the window's language.

import type { Lang } from "./index";

function locale(lang: Lang): string {
  return lang === "ja" ? "ja-JP" : "en-GB";
}

const DAY: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

/** An ISO day (2027-03-31) as that day wherever the user is; any other time as a Date. */
function parse(iso: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * A date for people, the one day format of each language ("2 Dec 2026", "2026年12月2日"): an
 * ISO day (2027-03-31) is read as that day wherever the user is; a full timestamp as its local
 * day. Text that is not a date is shown as it is.
 */
export function formatDay(lang: Lang, iso: string): string {
  const d = parse(iso);
  return d ? d.toLocaleDateString(locale(lang), DAY) : iso;
}

/** A moment (an RFC 3339 time) as its local day in the one day format, and the time: "2 Dec 2026, 13:05". */
export function formatDateTime(lang: Lang, iso: string): string {
  const d = parse(iso);
  return d ? d.toLocaleString(locale(lang), { ...DAY, ...TIME }) : iso;
}

/** A count in the window's language (12,345). */
export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

/** An amount in `currency` (an ISO code such as JPY); a code Intl does not know is written after the number. */
export function formatMoney(lang: Lang, amount: number, currency: string): string {
  const code = currency.trim();
  if (code !== "") {
    try {
      return new Intl.NumberFormat(locale(lang), { style: "currency", currency: code }).format(amount);
    } catch {
      // Not an ISO currency code: fall through.
    }
  }
  const n = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(amount);
  return code === "" ? n : `${n} ${code}`;
}

/** A fraction as a percentage (0.425 → 43%). */
export function formatPercent(lang: Lang, fraction: number): string {
  return new Intl.NumberFormat(locale(lang), { style: "percent", maximumFractionDigits: 0 }).format(fraction);
}

/** A month's title in a calendar: "December 2026", "2026年12月". `month` is 1-12. */
export function formatMonth(lang: Lang, year: number, month: number): string {
  return new Date(year, month - 1, 1).toLocaleDateString(locale(lang), { year: "numeric", month: "long" });
}

/** The first day of a calendar week: Monday in English (en-GB), Sunday in Japanese. 0 is Sunday. */
export function weekStart(lang: Lang): number {
  return lang === "ja" ? 0 : 1;
}

/** The weekdays' short names in calendar order ("Mon"… / "日"…), from `weekStart`. */
export function weekdayNames(lang: Lang): string[] {
  // 2023-01-01 was a Sunday.
  const first = weekStart(lang);
  return Array.from({ length: 7 }, (_, i) =>
    new Date(2023, 0, 1 + ((first + i) % 7)).toLocaleDateString(locale(lang), { weekday: lang === "ja" ? "narrow" : "short" }),
  );
}

/** A day written in full for a screen reader or a tooltip: "Wednesday 2 December 2026", "2026年12月2日水曜日". */
export function formatLongDay(lang: Lang, year: number, month: number, day: number): string {
  return new Date(year, month - 1, day).toLocaleDateString(locale(lang), { weekday: "long", year: "numeric", month: "long", day: "numeric" });
}
