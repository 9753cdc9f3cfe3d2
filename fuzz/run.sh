#!/usr/bin/env bash
# Fuzzes every importer and the workspace file's readers with cargo fuzz (libFuzzer), each
# for SECONDS (default 600), then minimises the corpora and packs them into corpus.tar.xz,
# which is what the repository keeps (the unpacked corpora are tens of megabytes).
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# cargo fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain build them.
# No sanitizer is used: the project's own code has no unsafe code.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv xlsx vcard json workspace)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
[ -d corpus ] || tar -xJf corpus.tar.xz
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  echo "== $t for ${seconds} s"
  cargo fuzz run -O -s none "$t" "corpus/$t" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 |
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|SUMMARY|panicked' || true
  cargo fuzz cmin -O -s none "$t" "corpus/$t" >/dev/null 2>&1
done
tar -cJf corpus.tar.xz corpus
echo "corpora packed into fuzz/corpus.tar.xz; crashes, if any, are in fuzz/artifacts/"
