#!/usr/bin/env bash
# Runs every check and test: formatting, lints, Rust tests (the bindings drift test among
# them, and the core's layering rule in crates/stakemap-core/tests/layers.rs), the UI's type
# check, linter and unit tests, the crates' dependency rule, the size budget of the source
# files, and the end-to-end tests of the real app window under Xvfb over WebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh

step "No source file over 800 lines"
bash scripts/check-structure.sh

step "Licence notices of Help > About up to date"
node scripts/licences.mjs --check

step "cargo fmt --check"
cargo fmt --all -- --check

step "UI: type check, lint, unit tests, build"
(cd ui && npm run --silent typecheck && npm run --silent lint && npm test --silent && npm run --silent build)

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

cargo build --release -p stakemap-cli --locked
step "Rust tests"
# The floor of the start benchmark (crates/stakemap-floor) has no tests; clippy checks it.
cargo test --workspace --exclude stakemap-floor --locked

step "core and CLI do not depend on tauri, wry, webkit or gtk"
for crate in stakemap-core stakemap-cli; do
  if cargo tree -p "$crate" -e normal,build --prefix none | grep -iE '^(tauri|wry|webkit|gtk|javascriptcore)'; then
    echo "$crate must not depend on the desktop shell's crates" >&2
    exit 1
  fi
done
echo "ok"

# One release build serves the packages and every end-to-end test below.
step "Packages: .deb and .rpm (the release build)"
bash scripts/package.sh
step "The packages: contents, install, the installed app end to end, removal"
STAKEMAP_CLI="$PWD/target/release/stakemap" bash scripts/check-package.sh

step "End-to-end tests of the real window"
# The release build packaged above, with no test-only way into its dialogs: the tests answer
# its native file dialogs with the keyboard (xdotool), as a user does. The workspace CLI the
# tests call is the debug one.
cargo build -p stakemap-cli --locked
STAKEMAP_APP="$PWD/target/release/stakemap-app" \
  xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" node --test tests/e2e/
