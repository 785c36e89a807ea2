#!/usr/bin/env bash
# Install the Debian 12 packages Genkit Studio needs to build, test and run.
#
# Idempotent: when everything is present it only checks (no network, no root needed).
# Otherwise it runs `apt-get update` once and installs just the missing packages.
# This is the one list of build/test dependencies; run.sh, test.sh and .ci/run use it.
set -euo pipefail

PACKAGES=(
  # toolchain and build
  build-essential meson ninja-build pkg-config gettext
  # engine libraries
  libglib2.0-dev libglib2.0-bin libjson-glib-dev libsoup-3.0-dev libsqlite3-dev
  libyaml-dev libsecret-1-dev
  # the app
  libgtk-4-dev libgtk-4-bin libadwaita-1-dev libgtksourceview-5-dev libmd4c-dev
  librsvg2-common
  # checking the Flatpak manifest offline (flatpak-builder --show-manifest, build-finish)
  flatpak-builder
  # headless UI tests and screenshots
  xvfb xauth dbus-daemon x11-utils x11-apps imagemagick
  # data-file validation, introspection and docs
  desktop-file-utils appstream gi-docgen gobject-introspection libgirepository1.0-dev
  # conformance suites and scripts
  json-schema-test-suite python3
  # sanitizers and fuzzing (clang's runtime for LeakSanitizer/libFuzzer)
  clang libclang-rt-14-dev
  # JavaScript Genkit peers (end-to-end tests)
  nodejs npm
)

log () { printf 'setup-debian: %s\n' "$*" >&2; }

is_installed () {
  local pkg=$1 status
  # Node.js may come from outside dpkg (e.g. a preinstalled /usr/bin/node): a working
  # command counts as present, and installing Debian's would conflict with it.
  case $pkg in
    nodejs) command -v node >/dev/null 2>&1 && return 0 ;;
    npm) command -v npm >/dev/null 2>&1 && return 0 ;;
  esac
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) || return 1
  [[ $status == installed ]]
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  log "dpkg-query not found: this script sets up Debian 12 (bookworm) machines only."
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    log "missing packages: ${missing[*]}"
    log "not root and no sudo: install them as root, then run this again."
    exit 1
  fi
fi

log "installing ${#missing[@]} missing package(s): ${missing[*]}"
apt_log=$(mktemp)
trap 'rm -f "$apt_log"' EXIT

# Run an apt-get command quietly (output kept in $apt_log), once more after a pause if the
# first try fails (a mirror hiccup); show the end of its output if both fail.
apt_quiet () {
  local try
  for try in 1 2; do
    if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" </dev/null >"$apt_log" 2>&1; then
      return 0
    fi
    ((try == 1)) && sleep 5
  done
  tail -n 40 "$apt_log" >&2
  return 1
}

if ! apt_quiet update -q; then
  log "error: 'apt-get update' failed (see above)."
  exit 1
fi
if ! apt_quiet install -y -q --no-install-recommends "${missing[@]}"; then
  log "error: 'apt-get install' of ${missing[*]} failed (see above)."
  exit 1
fi

still=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still+=("$pkg")
done
if ((${#still[@]} > 0)); then
  log "error: still missing after apt-get install: ${still[*]}"
  exit 1
fi
log "done."
