#!/usr/bin/env bash
# bench/traces/run.sh — the traces pane on a large trace store (issue #9; targets: first page
# and search under 100 ms, a 5,000-span trace under 300 ms, resident memory under 200 MB).
#
#   bench/traces/run.sh                      # N=100000 traces (1M spans), ~2 min to generate
#   N=10000 REPS=5 bench/traces/run.sh       # a tenth of the scale
#
# `genkit-traces-bench generate` writes N traces of 10 spans (flow, step, generate, model
# span, six util spans; every 5000th model span has a 1 MB output) and one 5,000-span trace
# into a fresh store (kept in STORE_DIR between runs: delete it to regenerate). Then REPS
# times, each in a new process under Xvfb (cairo, as in the UI tests), `genkit-traces-bench
# measure` opens the store cold in a window holding the studio's traces pane and prints:
# store open → first page of rows painted; three searches (a unique token, two words of an
# input, a word in a seventh of all spans), 2 s apart, from the search to its first page of
# matches painted; reading the 5,000-span trace from the store alone, and opening it in the trace
# view until tree and timeline are painted; for a trace whose model span has a 1 MB output:
# reading it whole (Genkit's read), for viewing (payloads over 16 KiB elided) and that output
# alone (Load All), and opening it in the trace view until that span's details are painted;
# VmRSS and VmHWM at the end.
#
# Knobs: N, REPS (3), STORE_DIR (/tmp/genkit-traces-bench-N), BENCH_BIN (a
# genkit-traces-bench; otherwise a release build in BUILD_DIR, default /tmp/build-bench-traces).
set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
N=${N:-100000}
REPS=${REPS:-3}
STORE_DIR=${STORE_DIR:-/tmp/genkit-traces-bench-$N}

if [[ -n ${BENCH_BIN:-} ]]; then
  bin=$BENCH_BIN
  builddir=$(cd "$(dirname "$bin")/../.." && pwd)
else
  builddir=${BUILD_DIR:-/tmp/build-bench-traces}
  if [[ ! -f $builddir/build.ninja ]]; then
    meson setup "$builddir" "$srcdir" --buildtype=release >/dev/null
  fi
  meson compile -C "$builddir" bench/traces/genkit-traces-bench >/dev/null
  bin=$builddir/bench/traces/genkit-traces-bench
fi
[[ -x $bin ]] || { echo "bench/traces: $bin is not built" >&2; exit 1; }

if [[ ! -f $STORE_DIR/traces.db ]]; then
  mkdir -p "$STORE_DIR"
  echo "generating $N traces in $STORE_DIR…" >&2
  "$bin" generate "$STORE_DIR/traces.db" "$N" >&2
fi
echo "store: $(du -sh "$STORE_DIR" | cut -f1)" >&2

for i in $(seq "$REPS"); do
  xvfb-run -a -s "-screen 0 1280x800x24" \
    env GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none GSETTINGS_BACKEND=memory \
    "$bin" measure "$STORE_DIR/traces.db"
done
