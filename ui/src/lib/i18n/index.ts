// The one translation API of the window: `t(key, values?)` over one catalogue per language.
// Components get `t` from `useT()`; code outside components calls `translate(lang, …)`.

import { createContext, useCallback, useContext } from "react";
import { en, enRatingLabels, type MessageKey, type RatingKind } from "./en";
import { ja, jaRatingLabels } from "./ja";

export type { MessageKey, RatingKind } from "./en";

export type Lang = "en" | "ja";

/** Values for a message's `{name}` placeholders. */
export type Values = Record<string, string | number>;

/** A message in the language of the window. */
export type T = (key: MessageKey, values?: Values) => string;

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, ja };

export const ratingLabels: Record<Lang, Record<RatingKind, string[]>> = { en: enRatingLabels, ja: jaRatingLabels };

/** Fills `{name}` placeholders of a message; an unknown placeholder is left as it is. */
export function fill(template: string, values: Values): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** The message `key` in `lang`, with its placeholders filled from `values`. */
export function translate(lang: Lang, key: MessageKey, values?: Values): string {
  const s = catalogues[lang][key];
  return values ? fill(s, values) : s;
}

/** Every key, for tests that check each language is complete. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

/** The mark of an unknown rating on a card, a chip or a chart; the exports draw the same
 * mark (crates/stakemap-core/src/export/svg/words.rs). */
export const UNKNOWN_MARK = "?";

/** The label of a step of a rating scale ("trusted"), or "unknown". */
export function ratingLabel(lang: Lang, kind: RatingKind, value: number | null): string {
  if (value === null) return translate(lang, "unknown");
  return ratingLabels[lang][kind][value - 1] ?? String(value);
}

/** The language of the window, provided by the app shell. */
export const LangContext = createContext<Lang>("en");

/** The window's language and its `t`. */
export function useT(): { lang: Lang; t: T } {
  const lang = useContext(LangContext);
  const t = useCallback<T>((key, values) => translate(lang, key, values), [lang]);
  return { lang, t };
}
