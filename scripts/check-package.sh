#!/usr/bin/env bash
# Checks the packages scripts/package.sh built, as a user gets them: the bundle configuration
# (the .msi and .dmg parts included) is valid for the Tauri CLI; the .deb holds the binary,
# a desktop entry that opens a file (`%f`, `MimeType=application/x-stakemap`), the icon at
# every size and the `.stakemap` MIME type; the .rpm lists the same files; the .deb installs
# with its dependencies, the system then knows `.stakemap` files and opens them with
# Stakemap, and the installed app passes tests/e2e/installed.test.mjs under Xvfb; last, the
# package is removed (also when a step fails) and the binary is gone.
#
# Needs the workspace CLI to make test workspaces: STAKEMAP_CLI, or target/release/stakemap
# (`cargo build --release -p stakemap-cli`). Uses `sudo` when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() {
  echo "check-package: $*" >&2
  exit 1
}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq "$@" </dev/null; }
installed() { dpkg-query -W -f='${Status}' stakemap 2>/dev/null | grep -q "install ok installed"; }

CLI="${STAKEMAP_CLI:-$PWD/target/release/stakemap}"
[ -x "$CLI" ] || fail "no workspace CLI at $CLI (cargo build --release -p stakemap-cli --locked)"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)"
DEB="$(ls -t target/release/bundle/deb/Stakemap_"${VERSION}"_*.deb 2>/dev/null | head -n1)"
RPM="$(ls -t target/release/bundle/rpm/Stakemap-"${VERSION}"-*.rpm 2>/dev/null | head -n1)"
[ -n "$DEB" ] || fail "no .deb of version $VERSION in target/release/bundle/deb (run scripts/package.sh)"
[ -n "$RPM" ] || fail "no .rpm of version $VERSION in target/release/bundle/rpm (run scripts/package.sh)"
WORK="$(mktemp -d)"

say "Bundle configuration (.deb, .rpm, .msi, .dmg)"
# The CLI checks the whole of tauri.conf.json against its schema before any command.
(cd src-tauri && ../ui/node_modules/.bin/tauri inspect wix-upgrade-code >/dev/null)
node -e '
  const c = require("./src-tauri/tauri.conf.json").bundle;
  const need = (ok, what) => { if (!ok) { console.error("tauri.conf.json: " + what); process.exit(1); } };
  for (const t of ["deb", "rpm", "msi", "dmg"]) need(c.targets.includes(t), `bundle.targets lacks ${t}`);
  need(c.windows?.wix?.language?.length > 0, "no bundle.windows.wix");
  need(c.macOS?.minimumSystemVersion, "no bundle.macOS");
  need(c.icon.some((i) => i.endsWith(".ico")) && c.icon.some((i) => i.endsWith(".icns")), "no .ico or .icns icon");
  const fa = c.fileAssociations?.find((f) => f.ext.includes("stakemap"));
  need(fa?.mimeType === "application/x-stakemap", "no file association for .stakemap");
  for (const p of ["deb", "rpm"]) {
    need(c.linux[p].desktopTemplate, `no desktop template for the ${p}`);
    need(c.linux[p].files["/usr/share/mime/packages/stakemap.xml"], `no MIME type in the ${p}`);
  }
'
echo "ok"

say "Contents of $DEB"
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's#^\./#/#; s#^\([^/]\)#/\1#' >"$WORK/deb-files"
dpkg-deb -x "$DEB" "$WORK/deb"
[ "$(dpkg-deb -f "$DEB" Package)" = stakemap ] || fail "the package is not named stakemap"
[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] || fail "the package's version is not $VERSION"
dpkg-deb -f "$DEB" Depends | grep -q 'libwebkit2gtk-4.1-0' || fail "the package does not depend on WebKitGTK"
if grep -v -E '^/usr(/|$)' "$WORK/deb-files" | grep -q .; then fail "files outside /usr: $(grep -v -E '^/usr(/|$)' "$WORK/deb-files")"; fi
[ -x "$WORK/deb/usr/bin/stakemap-app" ] || fail "no /usr/bin/stakemap-app"
# The bundler writes the package type ("deb", "rpm") into the binary it packs: the packaged
# binary is target/release/stakemap-app, the one the end-to-end tests run, but for those
# three bytes.
[ "$(stat -c %s "$WORK/deb/usr/bin/stakemap-app")" = "$(stat -c %s target/release/stakemap-app)" ] &&
  [ "$(cmp -l "$WORK/deb/usr/bin/stakemap-app" target/release/stakemap-app | wc -l)" -le 3 ] ||
  fail "the packaged binary is not target/release/stakemap-app, the one the end-to-end tests run"
DESKTOP="$WORK/deb/usr/share/applications/Stakemap.desktop"
[ -f "$DESKTOP" ] || fail "no desktop entry"
grep -qx 'Exec=stakemap-app %f' "$DESKTOP" || fail "the desktop entry's Exec does not take a file: $(grep '^Exec' "$DESKTOP")"
grep -qx 'MimeType=application/x-stakemap;' "$DESKTOP" || fail "the desktop entry names no MimeType"
grep -qE '^Categories=(.*;)?Office;' "$DESKTOP" || fail "the desktop entry is not in Office"
grep -qx 'Icon=stakemap-app' "$DESKTOP" || fail "the desktop entry's icon is not stakemap-app"
desktop-file-validate "$DESKTOP"
for size in 16 24 32 48 64 128 256 512; do
  icon="$WORK/deb/usr/share/icons/hicolor/${size}x${size}/apps/stakemap-app.png"
  file "$icon" | grep -q "PNG image data, $size x $size," || fail "no ${size}x${size} PNG icon"
done
MIME="$WORK/deb/usr/share/mime/packages/stakemap.xml"
[ -f "$MIME" ] || fail "no /usr/share/mime/packages/stakemap.xml"
grep -q '<mime-type type="application/x-stakemap">' "$MIME" || fail "the MIME XML has no application/x-stakemap"
grep -q '<glob pattern="\*.stakemap"/>' "$MIME" || fail "the MIME XML has no *.stakemap glob"
echo "ok: $(wc -l <"$WORK/deb-files") entries, $(du -h "$DEB" | cut -f1)"

say "Contents of $RPM"
rpm -qlp "$RPM" 2>/dev/null >"$WORK/rpm-files"
[ "$(rpm -qp --queryformat '%{NAME} %{VERSION}' "$RPM" 2>/dev/null)" = "stakemap $VERSION" ] || fail "the .rpm is not stakemap $VERSION"
for f in /usr/bin/stakemap-app /usr/share/applications/Stakemap.desktop /usr/share/mime/packages/stakemap.xml \
  /usr/share/icons/hicolor/{16x16,24x24,32x32,48x48,64x64,128x128,256x256,512x512}/apps/stakemap-app.png; do
  grep -qx "$f" "$WORK/rpm-files" || fail "the .rpm lacks $f"
done
rpm -qp --requires "$RPM" 2>/dev/null | grep -q 'libwebkit2gtk-4.1' || fail "the .rpm does not require WebKitGTK"
echo "ok: $(wc -l <"$WORK/rpm-files") files, $(du -h "$RPM" | cut -f1)"

if installed; then fail "stakemap is installed on this machine already: remove it (apt-get remove stakemap) and run again"; fi
remove() {
  if installed; then
    say "Removing the package"
    apt remove stakemap
  fi
  rm -rf "$WORK"
}
trap remove EXIT
trap 'exit 130' INT TERM

say "Installing $DEB"
apt install "$PWD/$DEB"
installed || fail "the package did not install"
[ -x /usr/bin/stakemap-app ] || fail "no /usr/bin/stakemap-app after installing"
# A workspace file, and what the desktop (GIO, as GNOME's file manager) makes of it: the
# package's MIME type (the shared-mime-info trigger ran update-mime-database) and the
# package's desktop entry as its application (the desktop-file-utils trigger).
"$CLI" demo "$WORK/sample.stakemap" >/dev/null
type="$(XDG_CURRENT_DESKTOP=GNOME xdg-mime query filetype "$WORK/sample.stakemap")"
[ "$type" = application/x-stakemap ] || fail "a .stakemap file is $type, not application/x-stakemap"
app="$(XDG_CURRENT_DESKTOP=GNOME xdg-mime query default application/x-stakemap)"
[ "$app" = Stakemap.desktop ] || fail "the default application of application/x-stakemap is '$app', not Stakemap.desktop"
echo "ok: .stakemap is application/x-stakemap, opened by Stakemap.desktop"

say "The installed app, end to end (tests/e2e/installed.test.mjs)"
STAKEMAP_INSTALLED=/usr/bin/stakemap-app STAKEMAP_CLI="$CLI" \
  xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" node --test tests/e2e/installed.test.mjs

remove
trap - EXIT INT TERM
[ ! -e /usr/bin/stakemap-app ] || fail "/usr/bin/stakemap-app is still there after removing the package"
echo "ok: removed"
