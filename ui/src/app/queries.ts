// The reads of the window's shell: the app info, the accounts, their review cadences and the
// undo status.

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Cadence, UndoStatus } from "../bindings";
import { backend } from "../lib/backend";
import { keys } from "../lib/queries";

export function useAppInfo() {
  return useQuery({ queryKey: keys.appInfo(), queryFn: () => backend.appInfo() });
}

export function useAccounts() {
  return useQuery({ queryKey: keys.accounts(), queryFn: () => backend.listAccounts() });
}

/** Each account's last review and due flags; none when they cannot be read. */
export function useCadences(): Map<string, Cadence> {
  const q = useQuery({ queryKey: keys.cadences(), queryFn: () => backend.cadences() });
  return useMemo(() => new Map(q.data && !q.isError ? q.data.map((c) => [c.account_id, c]) : []), [q.data, q.isError]);
}

const NOTHING: UndoStatus = { undo: null, redo: null };

export function useUndoStatus(): UndoStatus {
  return useQuery({ queryKey: keys.undo(), queryFn: () => backend.undoStatus() }).data ?? NOTHING;
}
