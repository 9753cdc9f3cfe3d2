import { describe, expect, it } from "vitest";
import type { AppError, IoKind, Reason } from "../bindings";
import { appErrorText } from "./errors";
import { translate, type Lang, type MessageKey, type Values } from "./i18n";
import { englishWords } from "./i18n/catalogue.test";
import { FIELD_NAMES, fieldText } from "./reasons";

const tr = (lang: Lang) => (key: MessageKey, values?: Values) => translate(lang, key, values);

// One reason of every code the core sends (the type makes a missing code a compile error
// in the exhaustive record below), with arguments a message must show.
const REASONS: { [C in Reason["code"]]: Extract<Reason, { code: C }> } = {
  required: { code: "required" },
  not_one_of: { code: "not_one_of", value: "vendor", allowed: ["customer", "ours"] },
  out_of_range: { code: "out_of_range", value: "7", min: "1", max: "5" },
  not_a_number: { code: "not_a_number", value: "abc" },
  not_a_date: { code: "not_a_date", value: "31/3" },
  negative: { code: "negative" },
  not_finite: { code: "not_finite" },
  too_long: { code: "too_long", size_kb: 2048, limit_kb: 1024 },
  id_length: { code: "id_length", max: 200 },
  id_taken: { code: "id_taken", id: "p-9", account: "アクメ商事" },
  bad_sign: { code: "bad_sign" },
  same_person: { code: "same_person" },
  other_account: { code: "other_account" },
  reports_across_accounts: { code: "reports_across_accounts", from: "高橋 誠", to: "佐藤 花子" },
  coverage_direction: { code: "coverage_direction" },
  staff_cannot_move: { code: "staff_cannot_move" },
  not_on_team: { code: "not_on_team", name: "高橋 誠" },
  not_of_deal_account: { code: "not_of_deal_account", name: "高橋 誠" },
  target_on_staff: { code: "target_on_staff" },
  too_many: { code: "too_many", limit: 100 },
  snapshot_of_other_account: { code: "snapshot_of_other_account", name: "2026年度 第3四半期" },
  undo_off: { code: "undo_off" },
  not_encrypted: { code: "not_encrypted" },
  password_too_long: { code: "password_too_long", limit: 1024 },
  password_nul: { code: "password_nul" },
  password_too_short: { code: "password_too_short", min: 8 },
  picture_too_big: { code: "picture_too_big", width: 20000, height: 9000, megapixels: 180, limit_mp: 100, max_scale: "1.5" },
  missing_font: { code: "missing_font" },
  internal: { code: "internal", detail: "zip: 42" },
  merge_id_taken: { code: "merge_id_taken", id: "p-1", other: "p-1-2" },
  merge_two_managers: { code: "merge_two_managers", person: "高橋 誠", first: "佐藤 花子", second: "鈴木 一郎" },
  mapping_columns: { code: "mapping_columns", fields: 3, columns: 5, file: "名簿.csv" },
  inconsistent: { code: "inconsistent", detail: "42" },
  no_file: { code: "no_file" },
  file_missing: { code: "file_missing", path: "/f/a.stakemap" },
  folder_missing: { code: "folder_missing", path: "/f/out" },
  is_a_folder: { code: "is_a_folder", path: "/f/dir" },
  bad_file_name: { code: "bad_file_name", path: "/f/.." },
  not_a_workspace_file: { code: "not_a_workspace_file", path: ":memory:" },
  exists: { code: "exists", path: "/f/b.stakemap" },
  temp_folder_name: { code: "temp_folder_name" },
  not_a_backup: { code: "not_a_backup", path: "/f/x.stakemap" },
  is_the_workspace: { code: "is_the_workspace" },
  open_elsewhere: { code: "open_elsewhere", path: "/f/c.stakemap" },
  too_big: { code: "too_big", limit_mb: 20 },
  old_excel: { code: "old_excel" },
  pdf: { code: "pdf" },
  not_zip: { code: "not_zip", ext: "xlsx" },
  unsupported: { code: "unsupported", ext: "numbers" },
  vcard_not_table: { code: "vcard_not_table" },
  binary: { code: "binary" },
  not_utf8: { code: "not_utf8", line: 12 },
  unknown_encoding: { code: "unknown_encoding", line: 13 },
  too_many_rows: { code: "too_many_rows", limit: 100000 },
  too_many_columns: { code: "too_many_columns", line: 3, limit: 500 },
  too_many_cells: { code: "too_many_cells", limit: 5000000 },
  cell_too_long: { code: "cell_too_long", line: 14, limit_kb: 64 },
  notes_too_long: { code: "notes_too_long", line: 15, limit_kb: 1024 },
  empty: { code: "empty" },
  bad_csv_line: { code: "bad_csv_line", line: 16, detail: "42" },
  no_worksheet: { code: "no_worksheet" },
  damaged_workbook: { code: "damaged_workbook", detail: "42" },
  workbook_encrypted: { code: "workbook_encrypted" },
  too_many_parts: { code: "too_many_parts", parts: 2001, limit: 2000 },
  zip_bomb: { code: "zip_bomb", part: "xl/worksheets/sheet1.xml", unpacked_mb: 1024 },
  cell_beyond_excel: { code: "cell_beyond_excel", cell: "XFE1" },
  no_vcard: { code: "no_vcard" },
  too_deep: { code: "too_deep", limit: 64 },
  not_an_export: { code: "not_an_export", detail: "42" },
  newer_export: { code: "newer_export", found: 9, supported: 2 },
  not_contacts: { code: "not_contacts" },
  command_line: { code: "command_line", message: "42" },
  not_sqlite: { code: "not_sqlite" },
  other_application: { code: "other_application" },
  no_tables: { code: "no_tables" },
};

// One file error of every kind (the record makes a missing kind a compile error).
const IO_KINDS: { [C in IoKind["code"]]: Extract<IoKind, { code: C }> } = {
  not_found: { code: "not_found" },
  permission_denied: { code: "permission_denied" },
  already_exists: { code: "already_exists" },
  is_a_directory: { code: "is_a_directory" },
  not_a_directory: { code: "not_a_directory" },
  storage_full: { code: "storage_full" },
  read_only: { code: "read_only" },
  other: { code: "other", detail: "Input/output error (os error 5)" },
};

/** The arguments of a reason as a message shows them. */
function shown(r: Reason): string[] {
  return Object.entries(r)
    .filter(([k]) => k !== "code")
    .map(([, v]) => (Array.isArray(v) ? v.join(", ") : String(v)));
}

describe("reasons", () => {
  for (const lang of ["en", "ja"] as Lang[]) {
    it(`words every reason of a refused value and a refused file in ${lang}, with its arguments`, () => {
      const t = tr(lang);
      const texts = new Map<string, string>();
      for (const r of Object.values(REASONS) as Reason[]) {
        const invalid: AppError = { kind: "invalid", field: "name", reason: r };
        const refused: AppError = { kind: "file_refused", name: "名簿.xlsx", reason: r };
        for (const e of [invalid, refused]) {
          const text = appErrorText(e, t);
          expect(text, r.code).not.toMatch(/\{\w+\}/);
          for (const arg of shown(r)) expect(text, `${r.code}: ${arg}`).toContain(arg);
          // The words around the arguments (paths, names, the reader's details) are Japanese.
          const words = shown(r).reduce((rest, arg) => rest.split(arg).join(" "), text);
          if (lang === "ja") expect(englishWords(words), `${r.code}: ${text}`).toEqual([]);
        }
        texts.set(r.code, appErrorText(refused, t));
      }
      // Every reason has its own words (no two share a sentence).
      expect(new Set(texts.values()).size).toBe(texts.size);
    });
  }

  for (const lang of ["en", "ja"] as Lang[]) {
    it(`words every kind of file error in ${lang}, with the path when known`, () => {
      const t = tr(lang);
      const texts = new Set<string>();
      for (const io of Object.values(IO_KINDS) as IoKind[]) {
        const args = io.code === "other" ? [io.detail] : [];
        for (const path of ["/f/名簿.csv", null]) {
          const text = appErrorText({ kind: "io", io, path }, t);
          expect(text, io.code).not.toMatch(/\{\w+\}/);
          for (const arg of [...args, ...(path ? [path] : [])]) expect(text, `${io.code}: ${arg}`).toContain(arg);
          const words = [...args, ...(path ? [path] : [])].reduce((rest, arg) => rest.split(arg).join(" "), text);
          if (lang === "ja") expect(englishWords(words), `${io.code}: ${text}`).toEqual([]);
          texts.add(text);
        }
      }
      // Every kind, with and without a path, has its own words.
      expect(texts.size).toBe(Object.keys(IO_KINDS).length * 2);
    });
  }

  it("tells a missing file in Japanese without the system's English", () => {
    const ja = appErrorText({ kind: "io", io: { code: "not_found" }, path: "/f/a.csv" }, tr("ja"));
    expect(ja).toContain("ありません");
    expect(ja).not.toMatch(/No such file/i);
  });

  it("says a refused picture's largest scale, or that none fits", () => {
    const fits = appErrorText({ kind: "invalid", field: "scale", reason: REASONS.picture_too_big }, tr("ja"));
    expect(fits).toContain("倍率");
    expect(fits).toContain("1.5");
    const none = appErrorText({ kind: "invalid", field: "scale", reason: { ...REASONS.picture_too_big, max_scale: "" } }, tr("en"));
    expect(none).toContain("even at scale 1");
  });

  it("names our own team when an id is taken by one of our staff", () => {
    const e: AppError = { kind: "invalid", field: "id", reason: { code: "id_taken", id: "p-3", account: "" } };
    expect(appErrorText(e, tr("en"))).toContain("our own team");
    expect(appErrorText(e, tr("ja"))).toContain("自社チーム");
  });

  it("words every field the core names, in both languages, and Japanese without English", () => {
    for (const field of FIELD_NAMES) {
      const en = fieldText(field, tr("en"));
      const ja = fieldText(field, tr("ja"));
      expect(en, field).not.toBe(tr("en")("fld_value"));
      expect(englishWords(ja), `${field}: ${ja}`).toEqual([]);
      if (!["pdf", "json", "pptx", "id"].includes(field)) expect(ja, field).not.toBe(en);
    }
    expect(fieldText("no such field", tr("ja"))).toBe("値");
  });

  it("puts the field and the reason into the Japanese sentence, not the English names", () => {
    const e: AppError = { kind: "invalid", field: "close_date", reason: { code: "not_a_date", value: "3/31" } };
    const ja = appErrorText(e, tr("ja"));
    expect(ja).toContain("受注予定日");
    expect(ja).toContain("2027-03-31");
    expect(ja).not.toContain("close_date");
    expect(appErrorText(e, tr("en"))).toBe("Invalid close date: “3/31” is not a date; write it as 2027-03-31");
  });
});
