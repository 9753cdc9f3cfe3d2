// What the user chose about the map's view, kept across openings and restarts in the
// window's own storage: the teams folded away per account, and whether the legend and the
// mini-map are folded. These are one user's view on one machine, not the account's data:
// they stay out of the workspace file, so they are not undone, merged or shared with a
// colleague, and need no command.

import { useCallback, useSyncExternalStore } from "react";

const COLLAPSED = "stakemap.collapsed.";
const listeners = new Set<() => void>();

/** A storage with the two calls used here (the window's localStorage; a Map in tests). */
export type Store = { getItem(k: string): string | null; setItem(k: string, v: string): void };

function storage(): Store | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The managers whose teams the user keeps folded in this account, or null when the account
 * was never opened here (it then opens with the large-account default). */
export function readCollapsed(accountId: string, store: Store | null = storage()): Set<string> | null {
  try {
    const raw = store?.getItem(COLLAPSED + accountId);
    if (raw === null || raw === undefined) return null;
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? new Set(v.filter((x): x is string => typeof x === "string")) : null;
  } catch {
    return null;
  }
}

export function writeCollapsed(accountId: string, ids: ReadonlySet<string>, store: Store | null = storage()): void {
  try {
    store?.setItem(COLLAPSED + accountId, JSON.stringify([...ids].sort()));
  } catch {
    // No storage: the choice lasts until the window closes.
  }
}

/** A folded panel of the map ("legend", "minimap"), remembered. */
export function usePanelFolded(panel: "legend" | "minimap"): [boolean, (folded: boolean) => void] {
  const key = `stakemap.folded.${panel}`;
  const read = useCallback(() => storage()?.getItem(key) === "1", [key]);
  const value = useSyncExternalStore(subscribe, read, () => false);
  const set = useCallback(
    (folded: boolean) => {
      try {
        storage()?.setItem(key, folded ? "1" : "0");
      } catch {
        // as above
      }
      for (const l of listeners) l();
    },
    [key],
  );
  return [value, set];
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
