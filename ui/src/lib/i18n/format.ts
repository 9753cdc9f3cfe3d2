// Dates, money and percentages in the window's language.

import type { Lang } from "./index";

function locale(lang: Lang): string {
  return lang === "ja" ? "ja-JP" : "en-GB";
}

/**
 * A date for people: an ISO day (2027-03-31) is read as that day wherever the user is; a
 * full timestamp as its local day. Text that is not a date is shown as it is.
 */
export function formatDay(lang: Lang, iso: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale(lang), { year: "numeric", month: "short", day: "numeric" });
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
