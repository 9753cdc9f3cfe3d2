#!/usr/bin/env python3
"""The analysis of Stakemap computed independently with networkx, for the equality test
(crates/stakemap-cli/tests/analysis_networkx.rs) and the benchmark (bench_networkx.py).

Input: a JSON file {"threshold": 0.25, "nodes": [{"id", "side", "key"}],
"edges": [{"from", "to", "kind", "weight", "sign"}]} with every person of the account
(and our staff) and every influence and coverage line.

Output (stdout): {"networkx": version, "key_persons": [...],
"indirect": [[key_person, person, reach], ...], "best_reach": {key_person: reach or null},
"betweenness": {id: value}, "pagerank": {id: value}}.

The graphs, as the analysis defines them:
- influence graph: every customer-side person, plus every other person at either end of an
  influence line; one edge per ordered pair (the strongest line; on equal weight the
  first), weight = strength weight, whatever the sign;
- coverage graph: coverage lines plus the positive edges of the influence graph;
- reach(P, K) = exp(-d) with d the Dijkstra distance on -ln w from P to K;
- best_reach(K) = the best reach from any of our staff (multi-source Dijkstra).
"""

import json
import math
import sys

import networkx as nx


def add_strongest(g, u, v, weight, sign):
    """Adds u -> v, keeping the heavier line when the pair already has one (first wins a tie)."""
    if g.has_edge(u, v) and g[u][v]["weight"] >= weight:
        return
    g.add_edge(u, v, weight=weight, sign=sign, cost=-math.log(weight))


def build(doc):
    nodes = {n["id"]: n for n in doc["nodes"]}
    influence = nx.DiGraph()
    influence.add_nodes_from(n["id"] for n in doc["nodes"] if n["side"] == "customer")
    coverage = nx.DiGraph()
    coverage.add_nodes_from(nodes)
    for e in doc["edges"]:
        u, v = e["from"], e["to"]
        if u == v or u not in nodes or v not in nodes:
            continue
        if e["kind"] == "influence":
            add_strongest(influence, u, v, e["weight"], e["sign"])
        elif e["kind"] == "covers":
            add_strongest(coverage, u, v, e["weight"], 1)
    for u, v, d in influence.edges(data=True):
        if d["sign"] > 0:
            add_strongest(coverage, u, v, d["weight"], d["sign"])
    return nodes, influence, coverage


def reference(doc, threshold=None):
    if threshold is None:
        threshold = doc.get("threshold", 0.25)
    nodes, influence, coverage = build(doc)
    keys = [n["id"] for n in doc["nodes"] if n["key"]]

    indirect = []
    backwards = influence.reverse(copy=False)
    # Paths longer than -ln(threshold) cannot qualify; the cutoff changes no result.
    cutoff = -math.log(threshold) + 1e-9
    for k in keys:
        dist = nx.single_source_dijkstra_path_length(backwards, k, cutoff=cutoff, weight="cost")
        for p, d in dist.items():
            reach = math.exp(-d)
            if p != k and nodes[p]["side"] == "customer" and reach >= threshold:
                indirect.append([k, p, reach])

    staff = [i for i, n in nodes.items() if n["side"] == "ours"]
    if staff:
        dist = nx.multi_source_dijkstra_path_length(coverage, staff, weight="cost")
    else:
        dist = {}
    best_reach = {k: (math.exp(-dist[k]) if k in dist else None) for k in keys}

    betweenness = nx.betweenness_centrality(influence, normalized=True)
    pagerank = nx.pagerank(influence, alpha=0.85, weight="weight") if len(influence) else {}
    return {
        "networkx": nx.__version__,
        "key_persons": keys,
        "indirect": indirect,
        "best_reach": best_reach,
        "betweenness": betweenness,
        "pagerank": pagerank,
    }


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: networkx_reference.py GRAPH.json [THRESHOLD]")
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    threshold = float(sys.argv[2]) if len(sys.argv) == 3 else None
    json.dump(reference(doc, threshold), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
