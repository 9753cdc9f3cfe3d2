// The one place that turns an error of the Rust side into words, and that asks what kind of
// error it was. Components call these helpers; none compares an error kind itself.

import type { AppError } from "../bindings";
import { BackendError } from "./backend";
import type { T } from "./i18n";

/** The kinds of error the window acts on. */
type Kind = "not_found" | "encrypted" | "wrong_password";

function kindOf(e: unknown): string | null {
  if (e instanceof BackendError) return e.kind;
  if (isAppError(e)) return e.kind;
  return null;
}

function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e && !(e instanceof Error);
}

function is(e: unknown, kind: Kind): boolean {
  return kindOf(e) === kind;
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

/** What went wrong, in words for the user: an exception, a rejected command, or the error a
 * workspace failed to open with. */
export function errorText(e: unknown, t: T): string {
  if (isWrongPassword(e)) return t("passwordWrong");
  if (isAppError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}
