#!/usr/bin/env bash
# Builds Stakemap (the release build a package holds, the UI bundled in) and opens it. On
# first start the app creates a workspace in the OS app-data folder with a demo account.
# Extra arguments go to the app (a workspace file).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/package.sh --app-only
exec target/release/stakemap-app "$@"
