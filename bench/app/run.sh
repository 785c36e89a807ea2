#!/usr/bin/env bash
# bench/app/run.sh — genkit-studio's cold start to its first frame, and its resident memory
# at idle on the built-in runtime (issue #8; targets: under 0.5 s, under 80 MB).
#
#   bench/app/run.sh                    # REPS=10 launches, ~1 min (+ a release build once)
#   REPS=20 IDLE_SECS=5 bench/app/run.sh
#
# Each launch is a new process with fresh, empty XDG directories (no kept inputs, no trace
# store yet), under one Xvfb and one session bus, rendering with cairo as in the UI tests
# (STYLE.md §10). Cold start = from just before exec to the window's first painted frame:
# the app logs the wall-clock time of its first "after-paint" (G_MESSAGES_DEBUG=Studio).
# Idle RSS = VmRSS after IDLE_SECS (default 3) with the built-in runtime's actions listed,
# its telemetry server and trace store open. There is no JavaScript peer to compare with:
# the Genkit Dev UI is a web page served by `genkit ui:start` in a browser.
#
# Knobs: REPS, IDLE_SECS, BENCH_APP (a genkit-studio binary; otherwise a release build in
# BUILD_DIR, default /tmp/build-bench-app), RESULTS (default: stdout only).
set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REPS=${REPS:-10}
IDLE_SECS=${IDLE_SECS:-3}

if [[ -n ${BENCH_APP:-} ]]; then
  app=$BENCH_APP
  builddir=$(cd "$(dirname "$app")/../.." && pwd)
else
  builddir=${BUILD_DIR:-/tmp/build-bench-app}
  if [[ ! -f $builddir/build.ninja ]]; then
    meson setup "$builddir" "$srcdir" --buildtype=release >/dev/null
  fi
  meson compile -C "$builddir" src/app/genkit-studio data/gschemas.compiled >/dev/null 2>&1 \
    || meson compile -C "$builddir" >/dev/null
  app=$builddir/src/app/genkit-studio
fi
[[ -x $app ]] || { echo "bench/app: $app is not built" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/measure.sh" <<'MEASURE'
set -euo pipefail
for i in $(seq "$REPS"); do
  home=$WORK/run-$i
  mkdir -p "$home/data" "$home/config" "$home/cache"
  start_ns=$(date +%s%N)
  env HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
      G_MESSAGES_DEBUG=Studio "$APP" >"$home/log" 2>&1 &
  pid=$!
  for _ in $(seq 1000); do
    grep -q "First frame painted at" "$home/log" 2>/dev/null && break
    sleep 0.01
  done
  frame_us=$(sed -n 's/.*First frame painted at \([0-9]*\) .*/\1/p' "$home/log")
  [[ -n $frame_us ]] || { echo "bench/app: no first frame in run $i" >&2; cat "$home/log" >&2; exit 1; }
  sleep "$IDLE_SECS"
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" || true
  echo "$(( (frame_us * 1000 - start_ns) / 1000 )) $rss_kb"
done
MEASURE

export GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none \
       GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data"
results=$(REPS=$REPS IDLE_SECS=$IDLE_SECS WORK=$work APP=$app \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash "$work/measure.sh" \
  2> >(grep -v 'Failed to set fd limit' >&2))

python3 - "$results" <<'REPORT'
import statistics, sys
rows = [tuple(map(int, line.split())) for line in sys.argv[1].strip().splitlines()]
starts = sorted(r[0] / 1e6 for r in rows)           # seconds
rss = sorted(r[1] / 1024 for r in rows)             # MiB
def line(name, values, unit, target):
    med = statistics.median(values)
    verdict = "meets" if med < target else "MISSES"
    return (f"| {name} | {med:.3f} {unit} | {values[0]:.3f} {unit} | {values[-1]:.3f} {unit} "
            f"| < {target} {unit}: {verdict} |")
print(f"genkit-studio, {len(rows)} launches (Xvfb, cairo renderer, built-in runtime)\n")
print("| measure | median | min | max | target |")
print("|---|---|---|---|---|")
print(line("cold start → first frame", starts, "s", 0.5))
print(line("RSS at idle", rss, "MiB", 80))
REPORT
