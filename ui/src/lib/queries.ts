// Query keys: each read of the Rust side is cached under a key naming what it depends on, and
// each edit invalidates only the keys it touched.

import type { Query, QueryClient } from "@tanstack/react-query";
import type { Account } from "../bindings";
import type { EditScope } from "./edit";

/** Reads that belong to one account: their key's second part is the account's id. */
const ACCOUNT_SCOPED = ["map", "analysis", "deal", "whatIf", "planProgress", "ratingHistory", "trend", "snapshots"] as const;
type Scoped = (typeof ACCOUNT_SCOPED)[number];
type Global = "accounts" | "cadences" | "undo" | "portfolio" | "trash" | "backups" | "recentFiles";
export type Head = Scoped | Global;

export const keys = {
  appInfo: () => ["appInfo"] as const,
  accounts: () => ["accounts"] as const,
  cadences: () => ["cadences"] as const,
  undo: () => ["undo"] as const,
  /** The map of an account with these managers' teams collapsed (sorted ids). */
  map: (accountId: string, collapsed: string[]) => ["map", accountId, collapsed] as const,
  analysis: (accountId: string, threshold: number) => ["analysis", accountId, threshold] as const,
  deal: (accountId: string, dealId: string, threshold: number) => ["deal", accountId, dealId, threshold] as const,
  whatIf: (accountId: string, personId: string, value: number) => ["whatIf", accountId, personId, value] as const,
  planProgress: (accountId: string) => ["planProgress", accountId] as const,
  ratingHistory: (accountId: string, personId: string) => ["ratingHistory", accountId, personId] as const,
  trend: (accountId: string, personId: string) => ["trend", accountId, personId] as const,
  // Read by the dialogs while they are open (gcTime 0: each opening reads afresh).
  snapshots: (accountId: string) => ["snapshots", accountId] as const,
  portfolio: () => ["portfolio"] as const,
  trash: () => ["trash"] as const,
  backups: (workspace: string | null) => ["backups", workspace] as const,
  recentFiles: () => ["recentFiles"] as const,
};

/** Options of a read a dialog shows: dropped when the dialog closes, so that it is read
 * afresh each time the dialog opens. */
export const whileOpen = { gcTime: 0 } as const;

/** What an edit changes that this window shows: map, analysis, deal and what-if hang on the
 * people and their lines; undo on every edit. */
const GRAPH: Head[] = ["map", "analysis", "deal", "whatIf", "undo"];
const OPPORTUNITY: Head[] = ["map", "deal", "planProgress", "undo"];
const DEAL: Head[] = ["deal", "undo"];

/** The reads each edit (by its undo label) touches. An edit not listed here, and undo and
 * redo, may touch anything: everything is read again. */
const TOUCHES: Partial<Record<EditScope, Head[]>> = {
  set_rating: [...GRAPH, "planProgress", "ratingHistory", "trend"],
  update_person: [...GRAPH, "planProgress"],
  add_person: GRAPH,
  delete_person: [...GRAPH, "planProgress"],
  add_relation: GRAPH,
  update_relation: GRAPH,
  delete_relation: GRAPH,
  set_manager: GRAPH,
  set_team_role: GRAPH,
  move_card: ["map", "undo"],
  relayout: ["map", "undo"],
  update_account: ["accounts", "map", "undo"],
  create_account: ["accounts", "cadences", "undo"],
  create_opportunity: OPPORTUNITY,
  update_opportunity: OPPORTUNITY,
  delete_opportunity: OPPORTUNITY,
  set_deal_member: DEAL,
  remove_deal_member: DEAL,
  add_deal_line: DEAL,
  delete_deal_line: DEAL,
  // From the dialogs: a snapshot marks the trend charts and the account's last review; the
  // plan its targets and when it was last updated.
  reviews: ["cadences", "trend", "undo"],
  plan: ["planProgress", "cadences", "undo"],
};

/** Reads whose failure the window reports as a problem; the others show their own error. */
const LOUD = new Set<string>(["accounts", "map", "undo"]);

const isScoped = (head: unknown): boolean => (ACCOUNT_SCOPED as readonly unknown[]).includes(head);

/** Edits of a person that may be one of our staff, who are on every account's map: they
 * touch every account, not only the one on screen. */
const EVERY_ACCOUNT = new Set<EditScope>(["add_person", "update_person", "delete_person"]);

/** Reads again what the edit `label` touched in the account `accountId` (in every account
 * for an edit of a person who may be one of our staff: the other accounts' reads are marked
 * stale and read when shown again). Throws when the accounts, the map or the undo status
 * cannot be read. */
export async function afterEdit(qc: QueryClient, label: EditScope, accountId: string | null): Promise<void> {
  const heads = TOUCHES[label];
  if (!heads || accountId === null) return refreshAll(qc);
  const everywhere = EVERY_ACCOUNT.has(label);
  const key = (h: Head) => (isScoped(h) && !everywhere ? [h, accountId] : [h]);
  await Promise.all(
    heads.map((h) => qc.invalidateQueries({ queryKey: key(h) }, { throwOnError: LOUD.has(h) })),
  );
}

/** Reads everything again (after undo, redo, an import, a merge, a restore from the trash):
 * the accounts first, then what the accounts still there show. Reads of an account that is
 * gone are only marked stale. */
export async function refreshAll(qc: QueryClient): Promise<void> {
  await qc.invalidateQueries({ queryKey: keys.accounts() }, { throwOnError: true });
  const ids = new Set((qc.getQueryData<Account[]>(keys.accounts()) ?? []).map((a) => a.id));
  const head = (q: Query) => q.queryKey[0];
  const gone = (q: Query) => isScoped(head(q)) && !ids.has(q.queryKey[1] as string);
  const again = (q: Query) => head(q) !== "appInfo" && head(q) !== "accounts" && !gone(q);
  await qc.invalidateQueries({ predicate: gone, refetchType: "none" });
  await Promise.all([
    qc.invalidateQueries({ predicate: (q) => again(q) && LOUD.has(head(q) as string) }, { throwOnError: true }),
    qc.invalidateQueries({ predicate: (q) => again(q) && !LOUD.has(head(q) as string) }),
  ]);
}
