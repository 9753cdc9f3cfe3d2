// The account plan's network targets not reached yet, by person, for the cards.

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { PlanProgress } from "../../bindings";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";
import type { PersonNodeData } from "../map/mapModel";

export type OpenTargets = Map<string, NonNullable<PersonNodeData["targets"]>>;

function openTargets(p: PlanProgress): OpenTargets {
  const open: OpenTargets = new Map();
  for (const x of p.targets.filter((x) => !x.reached)) {
    const list = open.get(x.target.person_id) ?? [];
    list.push({ rating: x.target.rating, target: x.target.target, due: x.target.due, overdue: x.overdue });
    open.set(x.target.person_id, list);
  }
  return open;
}

export function usePlanTargets(accountId: string | null): OpenTargets | null {
  const q = useQuery({
    queryKey: keys.planProgress(accountId ?? ""),
    enabled: accountId !== null,
    queryFn: () => backend.planProgress(accountId as string),
  });
  return useMemo(() => (q.data && !q.isError ? openTargets(q.data) : null), [q.data, q.isError]);
}
