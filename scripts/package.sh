#!/usr/bin/env bash
# Builds the installable packages of Stakemap for Linux (.deb and .rpm) with the Tauri CLI of
# the UI's npm packages (installed by scripts/setup.sh), offline: a release build of the app
# with the UI bundled, into target/release/bundle/{deb,rpm}/. The .msi and .dmg are
# configured in src-tauri/tauri.conf.json and built on Windows and macOS.
#
# With --app-only it builds the same release binary, target/release/stakemap-app, and no
# package (scripts/run.sh): the same command, so the two share one build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLES=(--bundles deb,rpm)
if [ "${1:-}" = --app-only ]; then BUNDLES=(--no-bundle); fi

[ -x ui/node_modules/.bin/tauri ] || (cd ui && npm install --no-audit --no-fund)
# The UI is built again only when a file of it changed since its last build: a new build,
# even the same, makes cargo rebuild the app that embeds it (about a minute).
if [ ! -f ui/dist/index.html ] ||
  [ -n "$(find ui -path ui/node_modules -prune -o -path ui/dist -prune -o -type f -newer ui/dist/index.html -print -quit)" ]; then
  (cd ui && npm run --silent build)
fi
# The UI is built above; the CLI only builds the app and bundles it.
cd src-tauri
../ui/node_modules/.bin/tauri build "${BUNDLES[@]}" --ci --config '{"build":{"beforeBuildCommand":""}}' -- --locked
cd ..
if [ "${1:-}" != --app-only ]; then
  ls -l "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/*.deb "${CARGO_TARGET_DIR:-target}"/release/bundle/rpm/*.rpm
fi
