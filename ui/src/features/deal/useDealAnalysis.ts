// The deal shown: its decision chain, its own lines and the analysis of its graph, at the
// threshold and the reporting-access weight set in the Analysis tab.

import { useQuery } from "@tanstack/react-query";
import { useReportingAccess } from "../analysis/reportingAccess";
import { backend, type Backend } from "../../lib/backend";
import { keys } from "../../lib/queries";

/** The query of a deal's analysis: under the deal's key (which every edit touching the deal
 * invalidates), with the reporting-access weight passed to the command. */
export function dealAnalysisQuery(accountId: string | null, dealId: string | null, threshold: number, access: number, api: Pick<Backend, "analyzeOpportunity"> = backend) {
  return {
    queryKey: [...keys.deal(accountId ?? "", dealId ?? "", threshold), access] as const,
    enabled: accountId !== null && dealId !== null,
    queryFn: () => api.analyzeOpportunity(dealId as string, threshold, access),
  };
}

export function useDealAnalysis(accountId: string | null, dealId: string | null, threshold: number) {
  const [access] = useReportingAccess();
  return useQuery({
    ...dealAnalysisQuery(accountId, dealId, threshold, access),
    placeholderData: (previous, query) => (query?.queryKey[2] === dealId ? previous : undefined),
  });
}
