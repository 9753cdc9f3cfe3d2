#!/usr/bin/env bash
# Installs what Stakemap needs and is not there yet, on Debian or Ubuntu: system packages
# (WebKitGTK and friends, Xvfb and the WebKit WebDriver for the end-to-end tests, xdotool and
# xwd with which they answer the native file dialogs and picture the screen, CJK fonts,
# LibreOffice Impress that the PowerPoint export's tests open the file with, what the
# package check reads the .rpm and the desktop entry with and opens an installed file by,
# libdbus for the keychain and GNOME Keyring with D-Bus for its end-to-end test),
# the UI's npm packages, and cargo tools. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  build-essential pkg-config file curl
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libssl-dev libxdo-dev
  xvfb xauth webkit2gtk-driver xdotool x11-apps
  fonts-noto-cjk
  poppler-utils chromium chromium-driver
  libreoffice-impress
  rpm desktop-file-utils xdg-utils shared-mime-info libglib2.0-bin
  libdbus-1-dev dbus-daemon dbus-bin gnome-keyring
)
# Node.js and npm come from the system only when the machine has none.
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed. Install it with rustup (https://rustup.rs), open a new shell, and run this again." >&2
  exit 1
fi

# WebDriver bridge for the end-to-end tests of the real window.
TAURI_DRIVER_VERSION=2.1.0
if ! tauri-driver --help >/dev/null 2>&1; then
  say "Installing tauri-driver ${TAURI_DRIVER_VERSION}"
  cargo install tauri-driver --version "${TAURI_DRIVER_VERSION}" --locked
fi

# The UI's packages at the versions in ui/package-lock.json. (`npm install`, not `npm ci`:
# recent npm leaves other platforms' optional packages out of the lock file and `npm ci`
# then refuses it; `npm install` installs the locked versions and leaves the lock alone.)
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing the UI's npm packages"
  (cd ui && npm install --no-audit --no-fund)
fi

# networkx for the analysis tests and benchmark, which compare Stakemap's results with
# networkx's (its pagerank needs scipy and numpy). Debian's own Python refuses plain
# `pip install` (externally managed), hence the second try.
if ! python3 -m pip --version >/dev/null 2>&1; then
  say "Installing pip for Python"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-pip </dev/null
fi
pip_install() {
  python3 -m pip install --quiet "$@" 2>/dev/null || python3 -m pip install --quiet --break-system-packages "$@"
}
python3 -c "import networkx" 2>/dev/null || { say "Installing networkx"; pip_install "networkx==3.4.2"; }
python3 -c "import scipy, numpy" 2>/dev/null || { say "Installing scipy and numpy"; pip_install "scipy==1.15.3" "numpy==2.2.6"; }
# python-pptx for the PowerPoint export's tests, which open the file with it.
python3 -c "import pptx" 2>/dev/null || { say "Installing python-pptx"; pip_install "python-pptx==1.0.2"; }
