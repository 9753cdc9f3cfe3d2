import { describe, expect, it } from "vitest";
import type { ImportNote } from "../../bindings";
import { translate, type Lang, type MessageKey, type Values } from "../../lib/i18n";
import { importNoteText, NOTE_KINDS, rowProblemText } from "./importNotes";

const ARGS: Record<string, string> = {
  file: "連絡先.csv",
  line: "7",
  more: "0",
  column: "上司: 氏名",
  post: "P12",
  first: "3",
  name: "高橋 誠",
  id: "A1",
  count: "2",
  email: "m@example.jp",
  key: "line:9",
  companies: "北辰精機, 東邦",
  account: "北辰精機",
  cells: "9",
  width: "8",
  length: "240",
  what: "side",
  value: "vendor",
  allowed: "customer, partner",
  other: "4",
  how: "e-mail",
  names: "高橋 誠 → 川口 直人 → 高橋 誠",
  manager: "川口 直人",
  manager_line: "5",
};

const tIn = (lang: Lang) => (key: MessageKey, values?: Values) => translate(lang, key, values);

describe("the words of an import's notes", () => {
  it("word every kind in both languages with its arguments filled", () => {
    for (const kind of NOTE_KINDS) {
      const note: ImportNote = { kind, args: ARGS };
      for (const lang of ["en", "ja"] as const) {
        const text = importNoteText(note, tIn(lang));
        expect(text, `${lang} ${kind}`).not.toMatch(/\{\w+\}/);
        expect(text, `${lang} ${kind}`).not.toMatch(/^note_/);
      }
      // Japanese: no English word of our own (the arguments are the file's).
      let ja = importNoteText(note, tIn("ja"));
      for (const v of Object.values(ARGS)) ja = ja.split(v).join("");
      ja = ja.replace(/ID|\(ours\)/g, "");
      expect(ja, kind).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it("words the reporting cycle of a file in Japanese with the names in order", () => {
    const row = { line: 2, reasons: [{ kind: "cycle" as const, args: { names: "高橋 誠 → 川口 直人 → 高橋 誠" } }] };
    expect(rowProblemText(row, tIn("ja"))).toBe(
      "報告関係が循環します：高橋 誠 → 川口 直人 → 高橋 誠。いずれかの人物の上司を変更してください",
    );
    expect(rowProblemText(row, tIn("en"))).toContain("would make a cycle: 高橋 誠 → 川口 直人 → 高橋 誠");
  });

  it("words the fields and the matching a note names", () => {
    const note: ImportNote = { kind: "rating_out_of_range", args: { what: "intimacy", value: "9" } };
    expect(importNoteText(note, tIn("ja"))).toBe("親密度 9 は範囲外です。1〜5 で入力するか、不明なら空欄にしてください");
    const wide: ImportNote = { kind: "wide_rows", args: { line: "3", more: "2" } };
    expect(importNoteText(wide, tIn("en"))).toContain("Row 3 (and 2 more rows)");
  });
});
