// The map of the open account, with some managers' teams collapsed. A large account opened
// for the first time on this machine opens with the teams below the third level collapsed;
// from then on it opens with the teams the user left folded (viewPrefs).

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";
import { autoCollapsed } from "./mapModel";
import { readCollapsed } from "./viewPrefs";

export function useAccountMap(
  accountId: string | null,
  collapsed: ReadonlySet<string>,
  onAutoCollapse: (accountId: string, managers: Set<string>) => void,
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
      if (ids.length === 0 && readCollapsed(id) === null) {
        const auto = autoCollapsed(map);
        if (auto.size > 0) {
          const folded = [...auto].sort();
          qc.setQueryData(keys.map(id, folded), await backend.accountMap(id, folded));
          onAutoCollapse(id, auto);
        }
      }
      return map;
    },
  });
}
