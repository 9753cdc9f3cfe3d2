// The map of the open account, with some managers' teams collapsed. A large account opens
// with the teams below the third level collapsed (once per account and workspace).

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";
import { autoCollapsed } from "./mapModel";

export function useAccountMap(
  accountId: string | null,
  collapsed: ReadonlySet<string>,
  onAutoCollapse: (managers: Set<string>) => void,
  autoCollapsedFor: Set<string>,
) {
  const qc = useQueryClient();
  const ids = useMemo(() => [...collapsed].sort(), [collapsed]);
  return useQuery({
    queryKey: keys.map(accountId ?? "", ids),
    enabled: accountId !== null,
    // Folding a team keeps the map on screen until the new layout arrives; another account
    // shows "loading" instead.
    placeholderData: (previous, query) => (query?.queryKey[1] === accountId ? previous : undefined),
    queryFn: async () => {
      const id = accountId as string;
      const map = await backend.accountMap(id, ids);
      if (!autoCollapsedFor.has(id)) {
        autoCollapsedFor.add(id);
        const auto = autoCollapsed(map);
        if (auto.size > 0) {
          const folded = [...auto].sort();
          qc.setQueryData(keys.map(id, folded), await backend.accountMap(id, folded));
          onAutoCollapse(auto);
        }
      }
      return map;
    },
  });
}
