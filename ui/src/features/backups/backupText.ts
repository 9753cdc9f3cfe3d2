// Why a backup cannot be restored, in the window's language: the core sends the error
// reading it gave as a kind (`BackupInfo.problem`), never English.

import type { BackupInfo } from "../../bindings";
import { appErrorText } from "../../lib/errors";
import type { T } from "../../lib/i18n";

/** The tooltip of a damaged backup: why it fails the checks ("" for a good one). */
export function backupProblemText(b: Pick<BackupInfo, "ok" | "problem">, t: T): string {
  if (b.ok) return "";
  return b.problem ? appErrorText(b.problem, t) : t("backupDamaged");
}
