// Files come from the native open and save dialogs, which the Rust side opens: the window
// asks for a file for one purpose and gets a one-time token for what the user chose (and
// its name, to show), never a path. Commands that read or write a file take that token.

import type { Picked, Purpose } from "../bindings";
import { backend } from "./backend";
import type { Lang } from "./i18n";
import { formatDateTime } from "./i18n/format";

/** Asks the user for a file for `purpose`, suggesting `suggestedName` in a save dialog;
 * `null` when they cancel. */
export async function pickFile(purpose: Purpose, suggestedName?: string): Promise<Picked | null> {
  return await backend.pickFile(purpose, suggestedName ?? null);
}

/** A date and time (an RFC 3339 string) in the UI language's one date format. */
export function dateTime(lang: Lang, iso: string): string {
  return formatDateTime(lang, iso);
}

/** The file name of a path, for messages. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
