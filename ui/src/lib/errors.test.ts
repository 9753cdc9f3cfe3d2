import { describe, expect, it } from "vitest";
import type { AppError } from "../bindings";
import { BackendError } from "./backend";
import { appErrorText, errorText, isNotFound, needsPassword } from "./errors";
import { translate, type Lang, type MessageKey, type Values } from "./i18n";

const tr = (lang: Lang) => (key: MessageKey, values?: Values) => translate(lang, key, values);

// One error of every kind the Rust side sends, with arguments a message must show.
const samples: AppError[] = [
  { kind: "newer_schema", path: "/f/a.stakemap", found: 99, supported: 8 },
  { kind: "not_a_workspace", path: "/f/b.db", reason: { code: "not_sqlite" } },
  { kind: "corrupt", path: "/f/c.stakemap", detail: "page 3" },
  { kind: "encrypted", path: "/f/d.stakemap" },
  { kind: "wrong_password", path: "/f/e.stakemap" },
  { kind: "not_found", what: "person", id: "p-17" },
  { kind: "invalid", field: "name", reason: { code: "not_a_date", value: "31/3" } },
  { kind: "reporting_cycle", names: ["Ann", "Bo", "Ann"] },
  { kind: "import_rejected", rows: ["people.csv line 7: bad side"] },
  { kind: "file_refused", name: "x.xlsx", reason: { code: "too_big", limit_mb: 20 } },
  { kind: "database", detail: "disk I/O error" },
  { kind: "io", io: { code: "other", detail: "Input/output error" }, path: "/f/h.csv" },
  { kind: "no_workspace" },
  { kind: "no_data_dir" },
  { kind: "no_backups" },
  { kind: "same_workspace", path: "/f/g.stakemap" },
  { kind: "not_chosen", purpose: "export_account" },
  { kind: "file_exists", name: "acme.relations.csv" },
  { kind: "not_listed", what: "recent" },
  { kind: "keychain_unavailable" },
];

describe("errorText", () => {
  it("words every kind in both languages, with its arguments and no placeholder left", () => {
    for (const e of samples) {
      const en = appErrorText(e, tr("en"));
      const ja = appErrorText(e, tr("ja"));
      for (const text of [en, ja]) {
        expect(text.length, e.kind).toBeGreaterThan(5);
        expect(text, e.kind).not.toMatch(/\{\w+\}/);
      }
      expect(ja, e.kind).not.toBe(en);
      for (const [k, v] of Object.entries(e)) {
        if (k === "kind" || k === "what" || k === "reason" || k === "io" || k === "field" || (e.kind === "wrong_password" && k === "path") || (e.kind === "same_workspace" && k === "path") || k === "purpose") continue;
        const shown = Array.isArray(v) ? v[1] ?? v[0] : String(v);
        expect(en, `${e.kind}.${k}`).toContain(shown);
        expect(ja, `${e.kind}.${k}`).toContain(shown);
      }
    }
  });

  it("names what was not found in the user's language", () => {
    const e: AppError = { kind: "not_found", what: "person", id: "p-1" };
    expect(errorText(new BackendError(e), tr("en"))).toContain("person");
    expect(errorText(new BackendError(e), tr("ja"))).toContain("人物");
    expect(errorText(new BackendError(e), tr("ja"))).not.toContain("person");
  });

  it("reads the kind of a thrown error and of a plain one", () => {
    expect(isNotFound(new BackendError({ kind: "not_found", what: "line", id: "x" }))).toBe(true);
    expect(needsPassword({ kind: "wrong_password", path: "/f" })).toBe(true);
    expect(needsPassword(new Error("encrypted"))).toBe(false);
    expect(errorText(new Error("boom"), tr("en"))).toBe("boom");
  });
});
