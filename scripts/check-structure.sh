#!/usr/bin/env bash
# The size budget of the code: no source file over 800 lines, in any crate or in the UI.
# Tests and the generated bindings are aside. (The layering of the core itself, the store at
# the bottom and no SQL outside it, is checked by crates/stakemap-core/tests/layers.rs.)
set -euo pipefail
cd "$(dirname "$0")/.."
limit=800
over=$(
  find crates/*/src src-tauri/src ui/src \
    \( -name '*.rs' -o -name '*.ts' -o -name '*.tsx' \) \
    ! -name 'bindings.ts' ! -name '*.test.ts' ! -name '*.test.tsx' ! -path '*/tests/*' \
    -print0 |
    xargs -0 wc -l |
    awk -v limit="$limit" '$2 != "total" && $1 > limit { printf "  %s: %d lines\n", $2, $1 }'
)
if [ -n "$over" ]; then
  echo "Source files over $limit lines (split them along their concerns; see ARCHITECTURE.md):" >&2
  echo "$over" >&2
  exit 1
fi
echo "ok: no source file over $limit lines"
