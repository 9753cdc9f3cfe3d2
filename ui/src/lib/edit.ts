// What the features share about editing the open account.

/** What is selected on the map: a person or a line. */
export type Selection = { type: "person"; id: string } | { type: "line"; id: string } | null;

/** Runs one edit, an undo step named `label` (`set_rating`, `add_relation`, …): shows its
 * error if it fails, reads again what it touched, and says whether it succeeded. */
export type EditFn = (label: string, action: () => Promise<unknown>) => Promise<boolean>;
