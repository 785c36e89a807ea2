#!/usr/bin/env bash
# Install what is missing, build, and launch Genkit Studio (README command 1).
#
#   ./build-aux/run.sh [ARGS...]     ARGS go to the studio
set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$srcdir"

BUILD_DIR=_build

./build-aux/setup-debian.sh

if [[ ! -f $BUILD_DIR/meson-private/coredata.dat ]]; then
  meson setup "$BUILD_DIR"
fi
meson compile -C "$BUILD_DIR"

app=$BUILD_DIR/src/app/genkit-studio
cli=$BUILD_DIR/src/cli/genkit-studio-cli

if [[ -x $app ]]; then
  # meson devenv points GSETTINGS_SCHEMA_DIR at the schema compiled in the build tree.
  exec meson devenv -C "$BUILD_DIR" -w "$srcdir" "$srcdir/$app" "$@"
fi

if [[ ! -x $cli ]]; then
  echo "run.sh: neither $app nor $cli was built." >&2
  exit 1
fi

echo "run.sh: the Genkit Studio window arrives with the app (src/app)." >&2
echo "run.sh: until then, the headless CLI runs the embedded default flow:" >&2
echo "run.sh: $cli run /flow/greet '{\"name\":\"Ada\"}'" >&2
exec "$cli" run /flow/greet '{"name":"Ada"}'
