#!/usr/bin/env python3
"""Benchmark: Stakemap's analysis (release build) against the same outputs computed with
networkx, on the same random accounts.

For 300 and 2,000 customer-side people (2.5 influence lines each), runs
`target/release/stakemap-bench analysis --people N --out-graph FILE` (which prints its best
time of several runs), then computes with networkx on the graph it wrote: reach to every key
person (Dijkstra on -ln w), the best reach from our staff (multi-source Dijkstra),
betweenness and PageRank; prints both times and the ratio. Then 10,000 people for Stakemap
alone. Run by scripts/bench.sh after `cargo build --release -p stakemap-cli`.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from networkx_reference import reference  # noqa: E402

BIN = os.path.join(ROOT, "target", "release", "stakemap-bench")


def stakemap(n, out_graph=None):
    cmd = [BIN, "analysis", "--people", str(n)]
    if out_graph:
        cmd += ["--out-graph", out_graph]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    first = text.splitlines()[0]
    print("  stakemap: " + first)
    match = re.search(r"analysis ([0-9.]+) ms", first)
    if not match:
        sys.exit("unexpected output of stakemap-bench analysis: " + text)
    return float(match.group(1))


def networkx_ms(doc, runs):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        ref = reference(doc)
        best = min(best, (time.perf_counter() - start) * 1000.0)
    return best, ref


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit(f"{BIN} is missing: run `cargo build --release -p stakemap-cli` first")
    import networkx

    print(f"networkx {networkx.__version__}, Python {sys.version.split()[0]}")
    for n, runs in ((300, 3), (2000, 1)):
        print(f"== {n} people")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "graph.json")
            ours = stakemap(n, path)
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            theirs, ref = networkx_ms(doc, runs)
        print(
            f"  networkx: {len(ref['pagerank'])} nodes, {len(ref['indirect'])} indirect pairs, "
            f"{theirs:.1f} ms (best of {runs})"
        )
        print(f"  stakemap {ours:.1f} ms, networkx {theirs:.1f} ms: networkx / stakemap = {theirs / ours:.0f}x")
    print("== 10000 people (stakemap alone)")
    stakemap(10000)


if __name__ == "__main__":
    main()
