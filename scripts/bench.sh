#!/usr/bin/env bash
# Benchmarks with their figures printed (not tests: nothing here passes or fails on time).
# The figures in the README come from this script on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run --silent build)
cargo build -p stakemap-app -p stakemap-cli
echo "== A 1,000-person account in the window"
xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" node tests/e2e/bench-map.mjs
echo "== Start and memory of the release build against the floor (an empty Tauri app, 35 divs)"
# Both apps in one cargo run: their Tauri is built once, with the same features.
cargo build --release --locked -p stakemap-app -p stakemap-floor -p stakemap-cli
xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" node tests/e2e/bench-start.mjs
echo "== Analysis of an account: Stakemap (release build) against networkx"
cargo build --release -p stakemap-cli
python3 tests/analysis/bench_networkx.py
echo "== CSV import of 100,000 people with their reporting and influence lines (release build)"
echo "   against a minimal rusqlite loop inserting the same rows (the floor)"
target/release/stakemap-bench import --people 100000
echo "== Exports of a 300-person map in every format (release build)"
cargo run --release -p stakemap-core --example bench_export
