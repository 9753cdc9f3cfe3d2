import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { afterEdit, keys, refreshAll } from "./queries";

/** A cache holding one of each read of two accounts, none of them on screen. */
function cache(): QueryClient {
  const qc = new QueryClient();
  const put = (key: readonly unknown[], data: unknown) => qc.setQueryData(key, data);
  put(keys.appInfo(), {});
  put(keys.accounts(), [{ id: "a" }]);
  put(keys.cadences(), []);
  put(keys.undo(), { undo: null, redo: null });
  for (const id of ["a", "b"]) {
    put(keys.map(id, []), {});
    put(keys.analysis(id, 0.25), {});
    put(keys.deal(id, "d", 0.25), {});
    put(keys.planProgress(id), {});
    put(keys.ratingHistory(id, "p"), []);
    put(keys.trend(id, "p"), {});
  }
  return qc;
}

/** The heads of the keys an edit marked for reading again, with the account they belong to. */
function touched(qc: QueryClient): string[] {
  return qc
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => q.queryKey.slice(0, 2).join(":"))
    .sort();
}

describe("afterEdit", () => {
  it("reads again the map, analysis, deal, plan, history, trend and undo after a rating, in that account only", async () => {
    const qc = cache();
    await afterEdit(qc, "set_rating", "a");
    expect(touched(qc)).toEqual(["analysis:a", "deal:a", "map:a", "planProgress:a", "ratingHistory:a", "trend:a", "undo"]);
  });

  it("reads again the map, analysis, deal and undo after a line is drawn, and never the accounts", async () => {
    const qc = cache();
    await afterEdit(qc, "add_relation", "a");
    expect(touched(qc)).toEqual(["analysis:a", "deal:a", "map:a", "undo"]);
  });

  it("marks every account's map stale after an edit of a person, who may be one of our staff", async () => {
    const qc = cache();
    await afterEdit(qc, "update_person", "a");
    const t = touched(qc);
    expect(t).toContain("map:a");
    expect(t).toContain("map:b");
    expect(t).toContain("analysis:b");
    expect(t).not.toContain("accounts");
  });

  it("reads again the accounts only when an account changed", async () => {
    const qc = cache();
    await afterEdit(qc, "update_account", "a");
    expect(touched(qc)).toEqual(["accounts", "map:a", "undo"]);
  });

  it("reads everything again after undo", async () => {
    const qc = cache();
    await afterEdit(qc, "undo", "a");
    expect(touched(qc)).not.toContain("appInfo");
    expect(touched(qc)).toEqual(expect.arrayContaining(["accounts", "cadences", "undo", "map:a", "map:b", "analysis:b", "trend:a"]));
  });
});

describe("refreshAll", () => {
  it("marks the reads of an account that is gone without reading them", async () => {
    const qc = cache();
    await refreshAll(qc);
    // Account b is not in the list: its reads are stale, and none of them was fetched.
    expect(touched(qc)).toEqual(expect.arrayContaining(["map:b", "analysis:b"]));
    expect(qc.getQueryCache().getAll().some((q) => q.state.fetchStatus === "fetching")).toBe(false);
  });
});
