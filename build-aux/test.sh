#!/usr/bin/env bash
# Build Genkit Studio and run the whole test suite headless (README command 2).
#
#   ./build-aux/test.sh [MESON TEST ARGS...]     e.g. ./build-aux/test.sh --suite engine
#
# Environment:
#   BUILD_DIR        build directory (default: _build)
#   MESON_OPTS       extra `meson setup` options, e.g. "-Dsanitizers=true -Db_sanitize=address,undefined -Db_lundef=false"
#   MESON_TEST_OPTS  extra `meson test` options, e.g. "--timeout-multiplier 3"
#
# Ends with the line `N passed, N failed[, N skipped]` (build-aux/meson-test-summary.py)
# and exits non-zero when anything failed, a failed configure or build included.
set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$srcdir"

BUILD_DIR=${BUILD_DIR:-_build}
read -r -a meson_opts <<<"${MESON_OPTS:-}"
read -r -a meson_test_opts <<<"${MESON_TEST_OPTS:-}"
testlog=$BUILD_DIR/meson-logs/testlog.json

say () { printf 'test.sh: %s\n' "$*" >&2; }

# A failed configure or build counts as one failed test, so CI never takes it for green.
build_failed () {
  say "$1 failed in $BUILD_DIR: no test ran."
  echo "0 passed, 1 failed"
  exit 1
}

./build-aux/setup-debian.sh

# Never let an earlier run's results stand in for this one's.
rm -f "$testlog"

if [[ -f $BUILD_DIR/meson-private/coredata.dat ]]; then
  meson setup --reconfigure "$BUILD_DIR" "${meson_opts[@]}" \
    || build_failed "meson setup --reconfigure (try: meson setup --wipe $BUILD_DIR)"
else
  meson setup "$BUILD_DIR" "${meson_opts[@]}" || build_failed "meson setup"
fi

# Build-time tools linked with the sanitizers (g-ir-scanner's introspection dumper) are
# not ours to leak-check: LeakSanitizer stays off while building, on for the tests.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  meson compile -C "$BUILD_DIR" || build_failed "meson compile"

# One Xvfb and one session bus for the whole run; UI tests render with cairo, no GL,
# no accessibility bus, settings in memory (STYLE.md §10).
test_rc=0
env GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none \
    GSETTINGS_BACKEND=memory \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- \
  meson test -C "$BUILD_DIR" --no-rebuild --print-errorlogs --num-processes 2 \
    "${meson_test_opts[@]}" "$@" </dev/null || test_rc=$?

summary_rc=0
python3 build-aux/meson-test-summary.py "$testlog" || summary_rc=$?

if ((summary_rc != 0)); then
  exit 1
fi
if ((test_rc != 0)); then
  say "meson test exited with status $test_rc although every counted test passed: failing."
  exit 1
fi
exit 0
