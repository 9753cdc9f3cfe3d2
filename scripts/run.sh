#!/usr/bin/env bash
# Builds Stakemap and opens it. On first start the app creates a workspace in the OS
# app-data folder with a demo account. Extra arguments go to the app (a workspace file).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run build --silent)
cargo build -p stakemap-app
exec target/debug/stakemap-app "$@"
