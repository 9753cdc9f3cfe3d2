// Paths from the native open/save dialogs. End-to-end tests, which cannot drive a native
// dialog, put the next path in localStorage under TEST_PATH_KEY instead.

import { open, save } from "@tauri-apps/plugin-dialog";
import type { Lang } from "./i18n";

export const TEST_PATH_KEY = "stakemap.test.nextDialogPath";

export type FileFilter = { name: string; extensions: string[] };

export async function pickPath(
  kind: "open" | "save",
  title: string,
  filters: FileFilter[],
  defaultPath?: string,
): Promise<string | null> {
  const preset = localStorage.getItem(TEST_PATH_KEY);
  if (preset !== null) {
    localStorage.removeItem(TEST_PATH_KEY);
    return preset;
  }
  if (kind === "open") {
    const r = await open({ title, multiple: false, directory: false, filters });
    return typeof r === "string" ? r : null;
  }
  return await save({ title, filters, defaultPath });
}

/** A date and time (an RFC 3339 string) in the UI language. */
export function dateTime(lang: Lang, iso: string): string {
  return new Date(iso).toLocaleString(lang === "ja" ? "ja-JP" : "en-GB");
}

/** The file name of a path, for messages. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
