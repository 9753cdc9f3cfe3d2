// The one place that turns an error of the Rust side into words, and that asks what kind of
// error it was. Components call these helpers; none compares an error kind itself.
//
// The Rust side sends an error as its kind and the arguments a message needs (the union
// `AppError` in the bindings), never as English text: every kind is worded here, in the
// user's language, and the compiler checks that each kind has its words.

import type { AppError } from "../bindings";
import { BackendError } from "./backend";
import type { MessageKey, T } from "./i18n";
import { fieldText, ioText, reasonText } from "./reasons";

type Kind = AppError["kind"];

/** The error a value carries, if it is one of the Rust side's. */
export function appErrorOf(e: unknown): AppError | null {
  if (e instanceof BackendError) return e.error;
  if (isAppError(e)) return e;
  return null;
}

function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && !(e instanceof Error) && typeof (e as { kind?: unknown }).kind === "string";
}

function is(e: unknown, kind: Kind): boolean {
  return appErrorOf(e)?.kind === kind;
}

/** The thing asked for is not there (any more), e.g. a deal deleted meanwhile. */
export function isNotFound(e: unknown): boolean {
  return is(e, "not_found");
}

/** The file is encrypted and no password was given. */
export function isEncrypted(e: unknown): boolean {
  return is(e, "encrypted");
}

/** The password given does not open the file. */
export function isWrongPassword(e: unknown): boolean {
  return is(e, "wrong_password");
}

/** The file is encrypted and needs its password: none was given, or a wrong one. */
export function needsPassword(e: unknown): boolean {
  return is(e, "encrypted") || is(e, "wrong_password");
}

const WHATS: Record<string, MessageKey> = {
  account: "what_account",
  person: "what_person",
  line: "what_line",
  opportunity: "what_opportunity",
  snapshot: "what_snapshot",
  target: "what_target",
  file: "what_file",
  "trash entry": "what_trash_entry",
  "deal line": "what_deal_line",
  "deal member": "what_deal_member",
};

/** The words of one error of the Rust side, in the window's language. */
export function appErrorText(e: AppError, t: T): string {
  switch (e.kind) {
    case "newer_schema":
      return t("errNewerSchema", { path: e.path, found: e.found, supported: e.supported });
    case "not_a_workspace":
      return t("errNotAWorkspace", { path: e.path, reason: reasonText(e.reason, t) });
    case "corrupt":
      return t("errCorrupt", { path: e.path, detail: e.detail });
    case "encrypted":
      return t("errEncrypted", { path: e.path });
    case "wrong_password":
      return t("passwordWrong");
    case "not_found": {
      if (e.what === "file") return t("errFileMissing", { id: e.id });
      const what = WHATS[e.what];
      return t("errNotFound", { what: what ? t(what) : e.what, id: e.id });
    }
    case "invalid":
      return t("errInvalid", { field: fieldText(e.field, t), reason: reasonText(e.reason, t) });
    case "reporting_cycle":
      return t("errReportingCycle", { names: e.names.join(" → ") });
    case "import_rejected":
      return t("errImportRejected", { rows: e.rows.join("\n") });
    case "file_refused":
      return t("errFileRefused", { name: e.name, reason: reasonText(e.reason, t) });
    case "database":
      return t("errDatabase", { detail: e.detail });
    case "io":
      return ioText(e.io, e.path, t);
    case "no_workspace":
      return t("errNoWorkspace");
    case "no_data_dir":
      return t("errNoDataDir");
    case "no_backups":
      return t("errNoBackups");
    case "same_workspace":
      return t("errSameWorkspace");
    case "not_chosen":
      return t("errNotChosen");
    case "file_exists":
      return t("errFileExists", { name: e.name });
    case "not_listed":
      return t("errNotListed");
    case "keychain_unavailable":
      return t("errKeychainUnavailable");
  }
}

/** What went wrong, in words for the user: an error of the Rust side (thrown by a command,
 * or the one a workspace failed to open with), or any other exception. */
export function errorText(e: unknown, t: T): string {
  const app = appErrorOf(e);
  if (app) return appErrorText(app, t);
  return e instanceof Error ? e.message : String(e);
}
