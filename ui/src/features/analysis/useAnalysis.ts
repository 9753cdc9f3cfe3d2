// The analysis of the open account at a threshold and the reporting-access weight set in
// the Analysis tab. Not read while a deal is shown: the deal view shows the analysis of the
// deal's own graph (features/deal/useDealAnalysis.ts).

import { useQuery } from "@tanstack/react-query";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";
import { useReportingAccess } from "./reportingAccess";

export function useAnalysis(accountId: string | null, threshold: number, enabled: boolean) {
  const [access] = useReportingAccess();
  return useQuery({
    // Under the account's analysis key, so that every edit that invalidates it runs this
    // again.
    queryKey: [...keys.analysis(accountId ?? "", threshold), access],
    enabled: enabled && accountId !== null,
    // A new threshold keeps the last result on screen until the new one arrives.
    placeholderData: (previous, query) => (query?.queryKey[1] === accountId ? previous : undefined),
    queryFn: () => backend.analyze(accountId as string, threshold, access),
  });
}
