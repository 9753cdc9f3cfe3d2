#!/usr/bin/env bash
# Builds the installable packages of Stakemap for Linux (.deb and .rpm) with the Tauri CLI of
# the UI's npm packages (installed by scripts/setup.sh), offline: a release build of the app
# with the UI bundled, into target/release/bundle/{deb,rpm}/. The .msi and .dmg are
# configured in src-tauri/tauri.conf.json and built on Windows and macOS.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x ui/node_modules/.bin/tauri ] || (cd ui && npm install --no-audit --no-fund)
(cd ui && npm run --silent build)
# The UI is built above; the CLI only builds the app and bundles it.
cd src-tauri
../ui/node_modules/.bin/tauri build --bundles deb,rpm --ci --config '{"build":{"beforeBuildCommand":""}}' -- --locked
cd ..
ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
