#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh — a 1,000-row eval run against the echo model: time, memory, main-loop stalls; and
# per-row time against `genkit eval:flow` on the JavaScript sample app.
#
#   bench/eval/run.sh                      # ~1 min
#   JS_ROWS=0 bench/eval/run.sh            # ours only (~10 s)
#
# 1. In process (genkit-eval-bench): the built-in runtime, the runner, the trace and eval stores
#    as the studio uses them. ROWS test cases of /model/echo scored by genkitEval/regex and
#    genkitEval/json_schema, then of /flow/greet (a step and a generate call to the echo model)
#    scored by exactMatch and genkitEval/regex; CONC at once; REPS repetitions, medians. Reports
#    seconds, rows/s, peak RSS (VmHWM) and the longest the main loop was ever busy (a 10 ms timer
#    runs through the run: what a window on that loop would feel).
# 2. The CLI (`genkit-studio-cli eval run` on a ROWS-line JSONL file): wall time and maximum
#    resident memory from /usr/bin/time.
# 3. Both toolchains evaluating the same JavaScript runtime (the sample app, `node app.mjs`,
#    GENKIT_ENV=dev): `genkit eval:flow greet --input rows.json -e exactMatch` (genkit-cli from
#    the sample app's package-lock.json) and `genkit-studio-cli eval run --project … --target
#    /flow/greet -e exactMatch`, JS_ROWS test cases each; seconds per row and the ratio. The
#    Genkit CLI runs test cases one after the other and waits 2 s before reading each trace.
#
# Knobs (env):
#   ROWS (1000)   CONC (8)   REPS (3)   JS_ROWS (20; 0 skips part 3)
#   BUILD_DIR     meson build directory (/tmp/build-eval); the programs are built there
#   RUN_DIR       scratch and results (${XDG_CACHE_HOME:-~/.cache}/genkit-studio-bench/eval); the
#                 table is also written to $RUN_DIR/results/eval-bench.md
#   NO_INSTALL=1  never call npm (part 3 needs the sample app's node_modules: the e2e tests'
#                 install cache, ${GENKIT_E2E_CACHE_DIR:-~/.cache/genkit-studio/e2e}, is reused)
set -euo pipefail

SELF="$(readlink -f "${BASH_SOURCE[0]}")"
HERE="$(dirname "$SELF")"
REPO="$(cd "$HERE/../.." && pwd)"
APP_DIR="$REPO/../shared/fixtures/genkit-js/app"
BUILD_DIR="${BUILD_DIR:-/tmp/build-eval}"
RUN_DIR="${RUN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/genkit-studio-bench/eval}"
ROWS="${ROWS:-1000}"
CONC="${CONC:-8}"
REPS="${REPS:-3}"
JS_ROWS="${JS_ROWS:-20}"

say() { echo "[run.sh] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }

command -v python3 >/dev/null || die "python3 is needed for the table"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (Debian package time)"

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  say "meson setup $BUILD_DIR"
  meson setup "$BUILD_DIR" "$REPO" >&2
fi
ninja -C "$BUILD_DIR" bench/eval/genkit-eval-bench src/cli/genkit-studio-cli >&2
BENCH="$BUILD_DIR/bench/eval/genkit-eval-bench"
CLI="$BUILD_DIR/src/cli/genkit-studio-cli"

rm -rf "$RUN_DIR/scratch"
mkdir -p "$RUN_DIR/scratch" "$RUN_DIR/results"
SCRATCH="$RUN_DIR/scratch"
export XDG_DATA_HOME="$SCRATCH/data"
export GENKIT_EVAL_PROMPTS_DIR="$REPO/src/eval/prompts"

# 1. In process ---------------------------------------------------------------------------
for target in /model/echo /flow/greet; do
  for rep in $(seq "$REPS"); do
    say "in process: $ROWS rows of $target, run $rep/$REPS"
    "$BENCH" --rows "$ROWS" --concurrency "$CONC" --target "$target" --dir "$(mktemp -d -p "$SCRATCH")" \
      >> "$SCRATCH/inprocess.jsonl"
  done
done

# 2. The CLI ------------------------------------------------------------------------------
python3 - "$ROWS" > "$SCRATCH/rows.jsonl" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"testCaseId": f"case-{i:04d}", "input": f"person {i}",
                      "reference": f"person {i}" if i % 10 else "nobody"}))
PY
for rep in $(seq "$REPS"); do
  say "CLI: $ROWS rows of /model/echo, run $rep/$REPS"
  rm -rf "$XDG_DATA_HOME"
  /usr/bin/time -f '{"seconds": %e, "maxRssKiB": %M}' -o "$SCRATCH/cli-time.json" \
    "$CLI" eval run --target /model/echo --dataset "$SCRATCH/rows.jsonl" \
      -e genkitEval/regex,genkitEval/json_schema --concurrency "$CONC" -q > "$SCRATCH/cli-summary.json"
  cat "$SCRATCH/cli-time.json" >> "$SCRATCH/cli.jsonl"
done

# 3. Both toolchains on the JavaScript runtime -----------------------------------------------
JS_NOTE=""
if [ "$JS_ROWS" -gt 0 ]; then
  LOCK_SUM=$(sha256sum "$APP_DIR/package-lock.json" | cut -c1-16)
  NODE_MODULES="${GENKIT_E2E_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/genkit-studio/e2e}/$LOCK_SUM/node_modules"
  if [ ! -d "$NODE_MODULES" ]; then
    if [ "${NO_INSTALL:-0}" = 1 ] || ! command -v npm >/dev/null; then
      JS_NOTE="skipped: no node_modules of the sample app (run the e2e tests, or allow npm)"
    else
      mkdir -p "$RUN_DIR/app"
      cp "$APP_DIR/package.json" "$APP_DIR/package-lock.json" "$RUN_DIR/app/"
      say "npm ci in $RUN_DIR/app"
      (cd "$RUN_DIR/app" && npm ci --no-audit --no-fund --loglevel=error >&2)
      NODE_MODULES="$RUN_DIR/app/node_modules"
    fi
  fi
  if [ -z "$JS_NOTE" ]; then
    command -v node >/dev/null || die "node is needed for part 3 (JS_ROWS=0 skips it)"
    PROJECT="$SCRATCH/project"
    mkdir -p "$PROJECT/prompts" "$SCRATCH/home"
    cp "$APP_DIR/app.mjs" "$APP_DIR/package.json" "$PROJECT/"
    cp "$APP_DIR/prompts/hello.prompt" "$PROJECT/prompts/"
    ln -s "$NODE_MODULES" "$PROJECT/node_modules"
    python3 - "$JS_ROWS" > "$PROJECT/rows.json" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps([{"testCaseId": f"case-{i:04d}", "input": {"name": f"person {i}"},
                   "reference": f"Hello, person {i}!" if i % 10 else "Hi!"} for i in range(n)]))
PY
    say "starting the JavaScript sample app"
    (cd "$PROJECT" && env -u GENKIT_TELEMETRY_SERVER GENKIT_ENV=dev node app.mjs > "$SCRATCH/app.log" 2>&1) &
    APP_PID=$!
    trap 'kill $APP_PID 2>/dev/null || true' EXIT
    for _ in $(seq 300); do
      compgen -G "$PROJECT/.genkit/runtimes/*" >/dev/null && break
      sleep 0.1
    done
    compgen -G "$PROJECT/.genkit/runtimes/*" >/dev/null || die "the sample app did not start (see $SCRATCH/app.log)"

    say "genkit eval:flow, $JS_ROWS rows"
    (cd "$PROJECT" && HOME="$SCRATCH/home" /usr/bin/time -f '{"seconds": %e, "maxRssKiB": %M}' -o "$SCRATCH/js-time.json" \
       "$NODE_MODULES/.bin/genkit" eval:flow greet --input rows.json -e exactMatch --non-interactive \
       > "$SCRATCH/js-eval.log" 2>&1) || die "genkit eval:flow failed (see $SCRATCH/js-eval.log)"
    say "genkit-studio-cli eval run, $JS_ROWS rows"
    (cd "$PROJECT" && /usr/bin/time -f '{"seconds": %e, "maxRssKiB": %M}' -o "$SCRATCH/ours-time.json" \
       "$CLI" eval run --project "$PROJECT" --target /flow/greet --dataset rows.json -e exactMatch \
       --concurrency "$CONC" -q > "$SCRATCH/ours-eval.json") || die "genkit-studio-cli eval run failed"
    kill $APP_PID 2>/dev/null || true
    wait $APP_PID 2>/dev/null || true
    trap - EXIT
  fi
else
  JS_NOTE="skipped (JS_ROWS=0)"
fi

python3 - "$SCRATCH" "$ROWS" "$CONC" "$JS_ROWS" "$JS_NOTE" <<'PY' | tee "$RUN_DIR/results/eval-bench.md"
import json, os, statistics, sys
scratch, rows, conc, js_rows, js_note = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
runs = [json.loads(l) for l in open(os.path.join(scratch, "inprocess.jsonl"))]
cli = [json.loads(l) for l in open(os.path.join(scratch, "cli.jsonl"))]
med = statistics.median
print(f"## Eval runs: {rows} test cases, concurrency {conc} (medians of {len(cli)})\n")
print("| measurement | /model/echo | /flow/greet |")
print("|---|---|---|")
def col(target, key, fmt):
    vals = [r[key] for r in runs if r["target"] == target]
    return fmt.format(med(vals))
for label, key, fmt in [("wall time, s", "seconds", "{:.2f}"), ("rows / s", "rowsPerSecond", "{:.0f}"),
                        ("peak RSS (VmHWM), MiB", "peakRssKiB", "{:.1f}"),
                        ("RSS before the run, MiB", "rssBeforeKiB", "{:.1f}"),
                        ("longest main-loop stall, ms", "loopLongestStallMs", "{:.1f}"),
                        ("p99 main-loop stall, ms", "loopP99StallMs", "{:.1f}"),
                        ("main-loop stalls > 50 ms", "loopStallsOver50Ms", "{:.0f}"),
                        ("eval store (db + wal), MiB", "evalsDbBytes", "{:.2f}"),
                        ("trace store (db + wal), MiB", "tracesDbBytes", "{:.2f}")]:
    a, b = col("/model/echo", key, "{}"), col("/flow/greet", key, "{}")
    conv = (lambda v: float(v) / 1024) if "KiB" in key else (lambda v: float(v) / 1048576) if "Bytes" in key else float
    print(f"| {label} | {fmt.format(conv(a))} | {fmt.format(conv(b))} |")
statuses = {r["status"] for r in runs}
print(f"\nAll runs: {', '.join(sorted(statuses))}; pass rates "
      f"{sorted({round(r['passRate'], 3) for r in runs})} (one reference in ten differs on purpose).\n")
print(f"CLI (`genkit-studio-cli eval run`, {rows}-line JSONL, /model/echo): "
      f"{med([c['seconds'] for c in cli]):.2f} s wall, max RSS {med([c['maxRssKiB'] for c in cli]) / 1024:.1f} MiB.\n")
if js_note:
    print(f"Both toolchains on the JavaScript runtime: {js_note}.")
else:
    js = json.load(open(os.path.join(scratch, "js-time.json")))
    ours = json.load(open(os.path.join(scratch, "ours-time.json")))
    print(f"### Both toolchains evaluating the JavaScript sample app's greet ({js_rows} test cases)\n")
    print("| toolchain | wall, s | s / row | max RSS, MiB |")
    print("|---|---|---|---|")
    print(f"| genkit eval:flow (genkit-cli) | {js['seconds']:.2f} | {js['seconds'] / js_rows:.3f} | {js['maxRssKiB'] / 1024:.1f} |")
    print(f"| genkit-studio-cli eval run | {ours['seconds']:.2f} | {ours['seconds'] / js_rows:.3f} | {ours['maxRssKiB'] / 1024:.1f} |")
    print(f"\nRatio (JS / ours, time): {js['seconds'] / ours['seconds']:.1f}×")
PY
