// What the window tells the user about the OS keychain, in their language
// (`KeychainStatus.note` of the Rust side).

import type { KeychainNote } from "../../bindings";
import type { T } from "../../lib/i18n";

/** The words of a keychain note: a password that was not remembered and why, or a
 * remembered one that was forgotten because it no longer opens the file. */
export function keychainNoteText(note: KeychainNote, t: T): string {
  switch (note.code) {
    case "not_remembered":
      return t("passwordNotRemembered", {
        why: note.why === "unavailable" ? t("keychainWhyUnavailable") : t("keychainWhyRefused"),
      });
    case "forgotten":
      return t("passwordRememberedStale");
  }
}
