// Words for why the Rust side refused a value or a file (`Reason` in the bindings) and for
// the field it refused, in the window's language. Used by errors.ts; the compiler checks
// that every reason has its words.

import type { IoKind, Reason } from "../bindings";
import type { MessageKey, T } from "./i18n";

/** The field names the core refuses values of, and their words. */
const FIELDS: Record<string, MessageKey> = {
  name: "fld_name",
  reading: "fld_reading",
  title: "fld_title",
  department: "fld_department",
  email: "fld_email",
  phone: "fld_phone",
  notes: "fld_notes",
  note: "fld_note",
  industry: "fld_industry",
  level: "fld_level",
  id: "fld_id",
  side: "fld_side",
  role: "fld_role",
  influencelevel: "fld_influence",
  relationkind: "fld_kind",
  ratingkind: "fld_rating",
  teamrole: "fld_team_role",
  lang: "fld_lang",
  intimacy: "fld_intimacy",
  solution: "fld_solution",
  price: "fld_price",
  strength: "fld_strength",
  sign: "fld_sign",
  line: "fld_line",
  "reporting line": "fld_reporting_line",
  coverage: "fld_coverage",
  scale: "fld_scale",
  svg: "fld_picture",
  png: "fld_picture",
  pdf: "fld_pdf",
  pptx: "fld_pptx",
  json: "fld_json",
  file: "fld_file",
  "people file": "fld_people_file",
  "relations file": "fld_relations_file",
  path: "fld_path",
  password: "fld_password",
  backup: "fld_backup",
  workspace: "fld_workspace",
  trash: "fld_trash",
  undo: "fld_undo",
  "undo label": "fld_undo",
  position: "fld_position",
  amount: "fld_amount",
  close_date: "fld_close_date",
  status: "fld_status",
  stage: "fld_stage",
  person: "fld_person",
  team: "fld_team",
  priorities: "fld_priorities",
  revenue_target: "fld_revenue_target",
  review_months: "fld_review_months",
  target_date: "fld_target_date",
  potential: "fld_potential",
  contribution: "fld_contribution",
  target: "fld_target",
  due: "fld_due",
  merge: "fld_merge",
  threshold: "fld_threshold",
  reporting_access: "fld_reporting_access",
  snapshot: "fld_snapshot",
  account: "fld_account",
  mapping: "fld_mapping",
  industry_customer: "fld_industry_customer",
  strategy: "fld_strategy",
  currency: "fld_currency",
};

/** The field names the words above cover, for tests. */
export const FIELD_NAMES = Object.keys(FIELDS);

/** What a refused value is, in words; a field without words is "the value". */
export function fieldText(field: string, t: T): string {
  const key = FIELDS[field];
  return t(key ?? "fld_value");
}

/** Why a value or a file was refused, in words. */
export function reasonText(r: Reason, t: T): string {
  switch (r.code) {
    case "required":
      return t("why_required");
    case "not_one_of":
      return t("why_not_one_of", { value: r.value, allowed: r.allowed.join(", ") });
    case "out_of_range":
      return t("why_out_of_range", { value: r.value, min: r.min, max: r.max });
    case "not_a_number":
      return t("why_not_a_number", { value: r.value });
    case "not_a_date":
      return t("why_not_a_date", { value: r.value });
    case "negative":
      return t("why_negative");
    case "not_finite":
      return t("why_not_finite");
    case "too_long":
      return t("why_too_long", { size_kb: r.size_kb, limit_kb: r.limit_kb });
    case "id_length":
      return t("why_id_length", { max: r.max });
    case "id_taken":
      return r.account ? t("why_id_taken", { id: r.id, account: r.account }) : t("why_id_taken_team", { id: r.id });
    case "bad_sign":
      return t("why_bad_sign");
    case "same_person":
      return t("why_same_person");
    case "other_account":
      return t("why_other_account");
    case "reports_across_accounts":
      return t("why_reports_across_accounts", { from: r.from, to: r.to });
    case "coverage_direction":
      return t("why_coverage_direction");
    case "staff_cannot_move":
      return t("why_staff_cannot_move");
    case "not_on_team":
      return t("why_not_on_team", { name: r.name });
    case "not_of_deal_account":
      return t("why_not_of_deal_account", { name: r.name });
    case "target_on_staff":
      return t("why_target_on_staff");
    case "too_many":
      return t("why_too_many", { limit: r.limit });
    case "snapshot_of_other_account":
      return t("why_snapshot_of_other_account", { name: r.name });
    case "undo_off":
      return t("why_undo_off");
    case "not_encrypted":
      return t("why_not_encrypted");
    case "password_too_long":
      return t("why_password_too_long", { limit: r.limit });
    case "password_nul":
      return t("why_password_nul");
    case "password_too_short":
      return t("why_password_too_short", { min: r.min });
    case "picture_too_big": {
      const size = { width: r.width, height: r.height, megapixels: r.megapixels, limit_mp: r.limit_mp };
      return r.max_scale ? t("why_picture_too_big", { ...size, max_scale: r.max_scale }) : t("why_picture_too_big_any", size);
    }
    case "missing_font":
      return t("why_missing_font");
    case "internal":
      return t("why_internal", { detail: r.detail });
    case "merge_id_taken":
      return t("why_merge_id_taken", { id: r.id, other: r.other });
    case "merge_two_managers":
      return t("why_merge_two_managers", { person: r.person, first: r.first, second: r.second });
    case "mapping_columns":
      return t("why_mapping_columns", { fields: r.fields, columns: r.columns, file: r.file });
    case "inconsistent":
      return t("why_inconsistent", { detail: r.detail });
    case "no_file":
      return t("why_no_file");
    case "file_missing":
      return t("why_file_missing", { path: r.path });
    case "folder_missing":
      return t("why_folder_missing", { path: r.path });
    case "is_a_folder":
      return t("why_is_a_folder", { path: r.path });
    case "bad_file_name":
      return t("why_bad_file_name", { path: r.path });
    case "not_a_workspace_file":
      return t("why_not_a_workspace_file", { path: r.path });
    case "exists":
      return t("why_exists", { path: r.path });
    case "temp_folder_name":
      return t("why_temp_folder_name");
    case "not_a_backup":
      return t("why_not_a_backup", { path: r.path });
    case "is_the_workspace":
      return t("why_is_the_workspace");
    case "open_elsewhere":
      return t("why_open_elsewhere", { path: r.path });
    case "too_big":
      return t("why_too_big", { limit_mb: r.limit_mb });
    case "old_excel":
      return t("why_old_excel");
    case "pdf":
      return t("why_pdf");
    case "not_zip":
      return t("why_not_zip", { ext: r.ext });
    case "unsupported":
      return t("why_unsupported", { ext: r.ext });
    case "vcard_not_table":
      return t("why_vcard_not_table");
    case "binary":
      return t("why_binary");
    case "not_utf8":
      return t("why_not_utf8", { line: r.line });
    case "unknown_encoding":
      return t("why_unknown_encoding", { line: r.line });
    case "too_many_rows":
      return t("why_too_many_rows", { limit: r.limit });
    case "too_many_columns":
      return t("why_too_many_columns", { line: r.line, limit: r.limit });
    case "too_many_cells":
      return t("why_too_many_cells", { limit: r.limit });
    case "cell_too_long":
      return t("why_cell_too_long", { line: r.line, limit_kb: r.limit_kb });
    case "notes_too_long":
      return t("why_notes_too_long", { line: r.line, limit_kb: r.limit_kb });
    case "empty":
      return t("why_empty");
    case "bad_csv_line":
      return t("why_bad_csv_line", { line: r.line, detail: r.detail });
    case "no_worksheet":
      return t("why_no_worksheet");
    case "damaged_workbook":
      return t("why_damaged_workbook", { detail: r.detail });
    case "workbook_encrypted":
      return t("why_workbook_encrypted");
    case "too_many_parts":
      return t("why_too_many_parts", { parts: r.parts, limit: r.limit });
    case "zip_bomb":
      return r.part ? t("why_zip_bomb", { part: r.part, unpacked_mb: r.unpacked_mb }) : t("why_zip_bomb_all", { unpacked_mb: r.unpacked_mb });
    case "cell_beyond_excel":
      return t("why_cell_beyond_excel", { cell: r.cell });
    case "no_vcard":
      return t("why_no_vcard");
    case "too_deep":
      return t("why_too_deep", { limit: r.limit });
    case "not_an_export":
      return t("why_not_an_export", { detail: r.detail });
    case "newer_export":
      return t("why_newer_export", { found: r.found, supported: r.supported });
    case "not_contacts":
      return t("why_not_contacts");
    case "command_line":
      return t("why_command_line", { message: r.message });
    case "not_sqlite":
      return t("why_not_sqlite");
    case "other_application":
      return t("why_other_application");
    case "no_tables":
      return t("why_no_tables");
  }
}

/** Why a file could not be read or written (`IoKind`), with its path when known. */
export function ioText(io: IoKind, path: string | null, t: T): string {
  const why = ioWhy(io, t);
  return path ? t("errIoAt", { path, why }) : t("errIo", { why });
}

function ioWhy(io: IoKind, t: T): string {
  switch (io.code) {
    case "not_found":
      return t("io_not_found");
    case "permission_denied":
      return t("io_permission_denied");
    case "already_exists":
      return t("io_already_exists");
    case "is_a_directory":
      return t("io_is_a_directory");
    case "not_a_directory":
      return t("io_not_a_directory");
    case "storage_full":
      return t("io_storage_full");
    case "read_only":
      return t("io_read_only");
    case "other":
      return t("io_other", { detail: io.detail });
  }
}
