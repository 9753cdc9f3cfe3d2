import { describe, expect, it } from "vitest";
import type { KeychainNote } from "../../bindings";
import { translate, type Lang, type MessageKey, type Values } from "../../lib/i18n";
import { englishWords } from "../../lib/i18n/catalogue.test";
import { keychainNoteText } from "./keychainText";

const tr = (lang: Lang) => (key: MessageKey, values?: Values) => translate(lang, key, values);

const NOTES: KeychainNote[] = [
  { code: "not_remembered", why: "unavailable" },
  { code: "not_remembered", why: "refused" },
  { code: "forgotten" },
];

describe("keychainNoteText", () => {
  it("tells each keychain note in both languages, each in its own words, Japanese without English", () => {
    for (const lang of ["en", "ja"] as Lang[]) {
      const texts = NOTES.map((n) => keychainNoteText(n, tr(lang)));
      expect(new Set(texts).size).toBe(NOTES.length);
      for (const text of texts) {
        expect(text).not.toMatch(/\{\w+\}/);
        if (lang === "ja") expect(englishWords(text), text).toEqual([]);
      }
    }
  });

  it("says the password was not remembered, and why", () => {
    const en = keychainNoteText({ code: "not_remembered", why: "unavailable" }, tr("en"));
    expect(en).toMatch(/not remembered/);
    expect(en).toMatch(/no keychain answered/i);
    const ja = keychainNoteText({ code: "not_remembered", why: "refused" }, tr("ja"));
    expect(ja).toContain("記憶していません");
  });

  it("says a remembered password that no longer opens the file was forgotten", () => {
    expect(keychainNoteText({ code: "forgotten" }, tr("en"))).toBe(
      "The remembered password no longer opens this file; it was forgotten. Enter the password.",
    );
    expect(keychainNoteText({ code: "forgotten" }, tr("ja"))).toContain("削除しました");
  });
});
