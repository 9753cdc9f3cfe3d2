// A corpus of hostile text for the end-to-end tests: markup that would run if it were ever
// treated as HTML or SVG, links, direction overrides, huge strings, full-width and
// combining characters. Every entry must come back exactly as it went in.

export const HOSTILE = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `<svg onload="window.__pwned='svg'"><script>window.__pwned='svg2'</script></svg>`,
  `javascript:window.__pwned='link'`,
  `<a href="javascript:window.__pwned='a'">click</a>`,
  // Direction overrides (U+202E) are taken out on import; the marks stay.
  `\u200Fevil\u200E name`,
  `Ｆｕｌｌ　ｗｉｄｔｈ ｶﾀｶﾅ e\u0301\u0301`,
  `"quoted", 'single' & ampersand ]]> <!-- comment -->`,
];

/** A 100,000-character note: long enough to hurt anything that copies or lays it out badly. */
export const HUGE = "長い".repeat(25_000) + "<end>".repeat(10_000);

const cell = (s) => `"${s.replaceAll('"', '""')}"`;

/** people.csv of the generic import: one person per hostile entry (id h0, h1, …), its text
 * as name, title and notes; the last person carries the huge note. */
export function hostileCsv() {
  const rows = HOSTILE.map((text, i) => `h${i},${cell(text)},,${cell(text)},Hostile,customer,,,,,,,${cell(text)}`);
  rows.push(`huge,Huge Note,,Archivist,Hostile,customer,,,,,,,${cell(HUGE)}`);
  return ["id,name,reading,title,department,side,roles,key,influence,intimacy,solution,price,notes", ...rows].join("\n");
}
