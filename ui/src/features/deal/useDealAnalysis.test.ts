import { describe, expect, it } from "vitest";
import type { DealAnalysis } from "../../bindings";
import { dealAnalysisQuery } from "./useDealAnalysis";

describe("the deal view's analysis", () => {
  it("passes the reporting-access weight set in the Analysis tab, and reads again when it changes", async () => {
    const calls: [string, number, number | null][] = [];
    const api = {
      analyzeOpportunity: (id: string, threshold: number, access: number | null) => {
        calls.push([id, threshold, access]);
        return Promise.resolve({} as DealAnalysis);
      },
    };
    const off = dealAnalysisQuery("acc", "deal", 0.25, 0, api);
    const on = dealAnalysisQuery("acc", "deal", 0.25, 0.3, api);
    await off.queryFn();
    await on.queryFn();
    expect(calls).toEqual([
      ["deal", 0.25, 0],
      ["deal", 0.25, 0.3],
    ]);
    // Two weights are two answers, both under the deal's key that edits invalidate.
    expect(off.queryKey).not.toEqual(on.queryKey);
    expect(off.queryKey.slice(0, 4)).toEqual(["deal", "acc", "deal", 0.25]);
    expect(dealAnalysisQuery(null, "deal", 0.25, 0.3, api).enabled).toBe(false);
  });
});
