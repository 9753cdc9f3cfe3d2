// Matching people by what the user types: case, width (ＡＢＣ/ABC) and kana (ひらがな/カタカナ)
// do not matter.

/** Folds a string for matching: NFKC (full-width to half-width), lower case, and katakana
 * to hiragana. */
export function fold(s: string): string {
  const n = s.normalize("NFKC").toLowerCase();
  let out = "";
  for (const ch of n) {
    const c = ch.codePointAt(0) ?? 0;
    // Katakana ァ (U+30A1) .. ヶ (U+30F6) map onto hiragana ぁ (U+3041) .. ゖ (U+3096).
    out += c >= 0x30a1 && c <= 0x30f6 ? String.fromCodePoint(c - 0x60) : ch;
  }
  return out.replace(/\s+/g, " ").trim();
}

/** True when every word of the query is in one of the fields. */
export function matches(query: string, fields: string[]): boolean {
  const q = fold(query);
  if (!q) return true;
  const hay = fields.map(fold).join("\u0000");
  const compact = hay.replace(/ /g, "");
  return q.split(" ").every((w) => hay.includes(w) || compact.includes(w));
}
