// What the features share about editing the open account.
import type { UndoLabel } from "../bindings";

/** What is selected on the map: a person or a line. */
export type Selection = { type: "person"; id: string } | { type: "line"; id: string } | null;

/** What an edit touched: an undo step by its label, the reviews or plan dialog, or undo and
 * redo themselves (which may touch anything). */
export type EditScope = UndoLabel | "reviews" | "plan" | "undo" | "redo";

/** Runs one edit, an undo step named `label` (`set_rating`, `add_relation`, …): shows its
 * error if it fails, reads again what it touched, and says whether it succeeded. */
export type EditFn = (label: EditScope, action: () => Promise<unknown>) => Promise<boolean>;
