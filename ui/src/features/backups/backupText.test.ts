import { describe, expect, it } from "vitest";
import { translate, type Lang, type MessageKey, type Values } from "../../lib/i18n";
import { englishWords } from "../../lib/i18n/catalogue.test";
import { backupProblemText } from "./backupText";

const tr = (lang: Lang) => (key: MessageKey, values?: Values) => translate(lang, key, values);
const path = "/f/20250114T093000Z-import.stakemap";

describe("backupProblemText", () => {
  it("words why a backup is damaged in the user's language, with the file", () => {
    const b = { ok: false, problem: { kind: "newer_schema", path, found: 12, supported: 9 } } as const;
    const en = backupProblemText(b, tr("en"));
    const ja = backupProblemText(b, tr("ja"));
    expect(en).toContain("newer version");
    expect(ja).toContain(path);
    expect(ja).toContain("12");
    expect(englishWords(ja.split(path).join(" ")), ja).toEqual([]);
  });

  it("words an encrypted backup and a missing one without English in Japanese", () => {
    for (const problem of [
      { kind: "encrypted", path },
      { kind: "wrong_password", path },
      { kind: "io", io: { code: "not_found" }, path },
    ] as const) {
      const ja = backupProblemText({ ok: false, problem }, tr("ja"));
      expect(ja.length, problem.kind).toBeGreaterThan(5);
      expect(englishWords(ja.split(path).join(" ")), ja).toEqual([]);
      expect(ja).not.toBe(backupProblemText({ ok: false, problem }, tr("en")));
    }
  });

  it("says nothing for a good backup", () => {
    expect(backupProblemText({ ok: true, problem: null }, tr("ja"))).toBe("");
  });
});
