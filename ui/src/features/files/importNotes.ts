// The words of what an import says about the file, a row or a manager. The Rust side sends
// each note as its kind and arguments (`ImportNote`); it is worded here, in the window's
// language, and the compiler checks that every kind has its words.

import type { ImportNote, NoteKind, RowProblem } from "../../bindings";
import type { MessageKey, T } from "../../lib/i18n";

const KEYS: Record<NoteKind, MessageKey> = {
  no_name_column: "note_no_name_column",
  wide_rows: "note_wide_rows",
  no_reporting_lines: "note_no_reporting_lines",
  job_share: "note_job_share",
  email_shared: "note_email_shared",
  name_shared: "note_name_shared",
  choice_unknown: "note_choice_unknown",
  companies: "note_companies",
  too_many_cells: "note_too_many_cells",
  no_name: "note_no_name",
  id_too_long: "note_id_too_long",
  side_ours: "note_side_ours",
  not_one_of: "note_not_one_of",
  rating_out_of_range: "note_rating_out_of_range",
  rating_not_number: "note_rating_not_number",
  level_invalid: "note_level_invalid",
  id_repeated: "note_id_repeated",
  same_person: "note_same_person",
  cycle: "note_cycle",
  on_cycle: "note_on_cycle",
  own_manager_id: "note_own_manager_id",
  manager_id_unknown: "note_manager_id_unknown",
  manager_name_unknown: "note_manager_name_unknown",
  own_manager: "note_own_manager",
  manager_rejected: "note_manager_rejected",
};

/** The field a note names (`side`, `role`, `intimacy`, ...), in the window's language. */
const FIELD_WORDS: Record<string, MessageKey> = {
  side: "field_side",
  role: "field_roles",
  key: "field_key",
  influence: "field_influence",
  intimacy: "field_intimacy",
  solution: "field_solution",
  price: "field_price",
};

const HOW_WORDS: Record<string, MessageKey> = {
  id: "importHow_id",
  "e-mail": "importHow_e-mail",
  name: "importHow_name",
};

/** One note, worded. */
export function importNoteText(note: ImportNote, t: T): string {
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(note.args)) if (v !== undefined) args[k] = v;
  const what = args.what !== undefined ? FIELD_WORDS[args.what] : undefined;
  if (what) args.what = t(what);
  const how = args.how !== undefined ? HOW_WORDS[args.how] : undefined;
  if (how) args.how = t(how);
  if (note.kind === "wide_rows" && args.more && args.more !== "0") return t("note_wide_rows_more", args);
  return t(KEYS[note.kind], args);
}

/** The reasons of a row, worded, one after another. */
export function rowProblemText(row: RowProblem, t: T): string {
  return row.reasons.map((n) => importNoteText(n, t)).join("; ");
}

/** Every kind of note, for the test that words each in both languages. */
export const NOTE_KINDS = Object.keys(KEYS) as NoteKind[];
