// The deal shown: its decision chain, its own lines and the analysis of its graph.

import { useQuery } from "@tanstack/react-query";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";

export function useDealAnalysis(accountId: string | null, dealId: string | null, threshold: number) {
  return useQuery({
    queryKey: keys.deal(accountId ?? "", dealId ?? "", threshold),
    enabled: accountId !== null && dealId !== null,
    placeholderData: (previous, query) => (query?.queryKey[2] === dealId ? previous : undefined),
    queryFn: () => backend.analyzeOpportunity(dealId as string, threshold),
  });
}
