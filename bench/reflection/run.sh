#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh — our runtime vs the JavaScript runtime (genkit 1.42): reflection API, one run, ratios.
#
#   bench/reflection/run.sh                     # full run (~3 min)
#   REPS=3 WRK_SECS=3 CREPS=3 HREPS=5 bench/reflection/run.sh   # quick run (~2 min)
#
# Drives both implementations with the same clients, those of the js-baseline harness
# (../shared/bench/js-baseline: coldstart.mjs, lib.sh's seqlat and wrkrun), alternating JS and
# C for each measurement: cold start to /api/__health 200 and RSS (K = 10 and 1000 extra
# flows), defining everything without a server (hyperfine), GET /api/actions latency (K = 10,
# 1000), POST /api/runAction of echoFlow sequential (curl, keep-alive) and concurrent (wrk,
# 16 connections) with server CPU per request, RSS after that load. Prints one table with
# both columns, the ratios and whether issue #3's targets hold: at least 10x the JavaScript
# runtime's requests per second, at most a tenth of its resident memory.
#
# Before measuring it installs what is missing (apt-get: wrk hyperfine jq curl iproute2
# procps), copies the harness to $BENCH_CACHE and runs `npm ci` there (once; again when its
# package-lock.json changes), and builds bench/reflection/genkit-bench-app in $BUILD_DIR. Then,
# like the harness, it re-executes itself in a private network namespace (`unshare -n`), so
# the fixed port 3100 cannot clash with anything and nothing leaves the machine.
#
# Knobs (env):
#   REPS (3)          repetitions of each latency / throughput measurement (medians reported)
#   WRK_SECS (10)     seconds per wrk run
#   CREPS (5)         cold starts per implementation and K
#   HREPS (10)        hyperfine runs of "define everything and exit"
#   SEQ_N (1000)      sequential runAction requests per repetition
#   WRK_CONNS (16)    wrk connections for the concurrent runAction measurement
#   BENCH_APP         use this binary instead of building one
#   BUILD_DIR         meson build directory (/tmp/build-bench; set up as release when new)
#   JS_BASELINE       the harness to copy (<repo>/../shared/bench/js-baseline)
#   BENCH_CACHE       where the harness copy with node_modules lives
#                     (${XDG_CACHE_HOME:-~/.cache}/genkit-studio-bench/js-baseline)
#   RUN_DIR           scratch and results ($BENCH_CACHE/.run-reflection); the table is
#                     also written to $RUN_DIR/results/reflection-bench.md
#   BENCH_NO_NETNS=1  stay in the host network namespace (port 3100 must then be free)
#   NO_INSTALL=1      never call apt-get or npm (fail if something is missing)
# shellcheck disable=SC2153  # REPS, RES, RUN, REFL, WRK_SECS come from the harness's lib.sh
set -euo pipefail

SELF="$(readlink -f "${BASH_SOURCE[0]}")"
REPO="$(cd "$(dirname "$SELF")/../.." && pwd)"
BENCH_CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genkit-studio-bench/js-baseline}"
JS_BASELINE="${JS_BASELINE:-$REPO/../shared/bench/js-baseline}"
BUILD_DIR="${BUILD_DIR:-/tmp/build-bench}"
export BENCH_CACHE

say() { echo "[run.sh] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }

# --- preparation (host namespace: apt and npm may need the network) -------------------------

install_missing() {
  local -A pkg_of=([wrk]=wrk [hyperfine]=hyperfine [jq]=jq [curl]=curl [ip]=iproute2
                   [pgrep]=procps [unshare]=util-linux)
  local cmd missing=()
  for cmd in "${!pkg_of[@]}"; do
    command -v "$cmd" >/dev/null || missing+=("${pkg_of[$cmd]}")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "${NO_INSTALL:-0}" != 1 ] || die "missing packages: ${missing[*]}"
  [ "$(id -u)" = 0 ] || die "missing packages (run as root, or install them): ${missing[*]}"
  say "apt-get install -y ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2; then
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
  fi
}

prepare_harness() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    die "node (>= 20) and npm are needed"
  fi
  [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || die "node >= 20 is needed"
  [ -f "$JS_BASELINE/lib.sh" ] || die "no js-baseline harness at $JS_BASELINE (set JS_BASELINE)"
  mkdir -p "$BENCH_CACHE"
  # Refresh the harness files (read-only at the source), keep node_modules and results.
  local f
  for f in "$JS_BASELINE"/* "$JS_BASELINE"/.gitignore; do
    [ "$(basename "$f")" = node_modules ] && continue
    rm -rf "${BENCH_CACHE:?}/$(basename "$f")"
    cp -r "$f" "$BENCH_CACHE/"
  done
  chmod -R u+w "$BENCH_CACHE"
  if [ ! -d "$BENCH_CACHE/node_modules/genkit" ] ||
     ! cmp -s "$BENCH_CACHE/package-lock.json" "$BENCH_CACHE/node_modules/.bench-lock"; then
    [ "${NO_INSTALL:-0}" != 1 ] || die "the harness copy at $BENCH_CACHE needs npm ci"
    say "npm ci in $BENCH_CACHE"
    (cd "$BENCH_CACHE" && npm ci --no-audit --no-fund >&2)
    cp "$BENCH_CACHE/package-lock.json" "$BENCH_CACHE/node_modules/.bench-lock"
  fi
}

build_app() {
  if [ -n "${BENCH_APP:-}" ]; then
    BENCH_APP="$(readlink -f "$BENCH_APP")"
    [ -x "$BENCH_APP" ] || die "BENCH_APP=$BENCH_APP is not executable"
    BENCH_BUILD="given"
  else
    if ! command -v meson >/dev/null || ! command -v ninja >/dev/null; then
      die "meson and ninja are needed to build the bench app (build-aux/setup-debian.sh)"
    fi
    if [ ! -f "$BUILD_DIR/build.ninja" ]; then
      say "meson setup $BUILD_DIR (release)"
      meson setup "$BUILD_DIR" "$REPO" -Dbuildtype=release -Dintrospection=false -Ddocs=false >&2
    fi
    say "building genkit-bench-app"
    ninja -C "$BUILD_DIR" bench/reflection/genkit-bench-app >&2
    BENCH_APP="$BUILD_DIR/bench/reflection/genkit-bench-app"
    BENCH_BUILD="$(meson introspect --buildoptions "$BUILD_DIR" |
                   jq -r '.[] | select(.name == "buildtype") | .value') build in $BUILD_DIR"
  fi
  case "$BENCH_APP" in *[[:space:]]*) die "BENCH_APP must not contain spaces: $BENCH_APP" ;; esac
  export BENCH_APP BENCH_BUILD
}

if [ -z "${BENCH_IN_NETNS:-}" ]; then
  install_missing
  prepare_harness
  build_app
fi

# --- measuring (lib.sh re-executes this script under `unshare -n` and cd's to the copy) -----

export RUN_DIR="${RUN_DIR:-$BENCH_CACHE/.run-reflection}"
# shellcheck source=/dev/null
. "$BENCH_CACHE/lib.sh"   # REPS, WRK_SECS, RUN, RES, REFL, start_app, seqlat, wrkrun, ...

CREPS="${CREPS:-5}"
HREPS="${HREPS:-10}"
SEQ_N="${SEQ_N:-1000}"
WRK_CONNS="${WRK_CONNS:-16}"
JS_CMD="node app.mjs"
C_CMD="$BENCH_APP"
ECHO_BODY='{"key":"/flow/echoFlow","input":"hi"}'
REPORT="$RES/reflection-bench.md"
rm -f "$RES"/reflection-*.jsonl "$RES/wrk-raw.txt"

declare -A V   # V[impl.metric] = value; impl is js or c

impl_cmd() { if [ "$1" = js ]; then echo "$JS_CMD"; else echo "$C_CMD"; fi; }
impl_name() { if [ "$1" = js ]; then echo "JavaScript (genkit $(jq -r .version node_modules/genkit/package.json))"; else echo "ours (C, $BENCH_BUILD)"; fi; }

# Both answer the same thing before anything is measured.
sanity() { # impl
  APP_CMD="$(impl_cmd "$1")"
  start_app 2
  local echo_out n
  echo_out=$(curl -s -H 'content-type: application/json' -d "$ECHO_BODY" "$REFL/api/runAction" | jq -r .result)
  n=$(curl -s "$REFL/api/actions" | jq '[keys[] | select(startswith("/flow/extraFlow"))] | length')
  stop_pid "$APP_PID"
  if [ "$echo_out" != hi ] || [ "$n" != 2 ]; then
    die "$1 runtime ($APP_CMD): echoFlow said '$echo_out', $n extra flows listed (want hi, 2)"
  fi
}

cold() { # impl K
  local impl=$1 k=$2 line
  APP_CMD="$(impl_cmd "$impl")"
  log "cold start $impl K=$k ($CREPS reps)"
  line=$(node coldstart.mjs "$k" "$CREPS" | tee -a "$RES/reflection-coldstart-$impl.jsonl" | tail -1)
  V[$impl.cold$k]=$(jq -r .ready_ms.p50 <<<"$line")
  V[$impl.rss$k]=$(jq -r .rss_kb.p50 <<<"$line")
  V[$impl.hwm$k]=$(jq -r .hwm_kb.p50 <<<"$line")
  rm -f .genkit/runtimes/*.json
}

define_only() { # hyperfine: define everything (K = 10, 1000) and exit, no reflection server
  log "hyperfine: define and exit ($HREPS runs each)"
  hyperfine -N --warmup 2 --runs "$HREPS" --export-json "$RES/reflection-hyperfine.json" \
    -n js10 "env GENKIT_ENV=prod ACTIONS=10 $JS_CMD" \
    -n c10 "env GENKIT_ENV=prod ACTIONS=10 $C_CMD" \
    -n js1000 "env GENKIT_ENV=prod ACTIONS=1000 $JS_CMD" \
    -n c1000 "env GENKIT_ENV=prod ACTIONS=1000 $C_CMD" >"$RES/reflection-hyperfine.txt" 2>&1
  local name
  for name in js10 c10 js1000 c1000; do
    V[${name%%[0-9]*}.def${name##*[a-z]}]=$(jq -r --arg n "$name" \
      '.results[] | select(.command == $n) | .median * 1000' "$RES/reflection-hyperfine.json")
  done
}

actions() { # impl K
  local impl=$1 k=$2 n
  APP_CMD="$(impl_cmd "$impl")"
  log "GET /api/actions $impl K=$k"
  start_app "$k"
  V[$impl.afirst$k]=$(curl -s -o "$RUN/actions.json" -w '%{time_total}' "$REFL/api/actions" |
                      awk '{printf "%.2f", $1 * 1000}')
  V[$impl.alisted$k]=$(jq length "$RUN/actions.json")
  n=$([ "$k" -ge 1000 ] && echo 100 || echo 300)
  for _ in $(seq "$REPS"); do seqlat "$REFL/api/actions" "$n"; done >"$RUN/a.jsonl"
  sed "s/^/{\"impl\":\"$impl\",\"K\":$k}\t/" "$RUN/a.jsonl" >>"$RES/reflection-actions.jsonl"
  V[$impl.ap50_$k]=$(jq -r .ms.p50 "$RUN/a.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.ap99_$k]=$(jq -r .ms.p99 "$RUN/a.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.abytes$k]=$(jq -r .bytes "$RUN/a.jsonl" | head -1)
  V[$impl.abad$k]=$(jq -s 'map(.bad) | add' "$RUN/a.jsonl")
  stop_pid "$APP_PID"
}

run_action() { # impl
  local impl=$1
  APP_CMD="$(impl_cmd "$impl")"
  log "POST /api/runAction echoFlow $impl: $REPS x $SEQ_N sequential, $REPS x wrk c=$WRK_CONNS ${WRK_SECS}s"
  start_app 10
  # shellcheck disable=SC2034  # read by lib.sh's wrkrun
  WRK_PIDS="$APP_PID"
  for _ in $(seq "$REPS"); do seqlat "$REFL/api/runAction" "$SEQ_N" "$ECHO_BODY"; done >"$RUN/s.jsonl"
  sed "s/^/{\"impl\":\"$impl\"}\t/" "$RUN/s.jsonl" >>"$RES/reflection-runaction.jsonl"
  for _ in $(seq "$REPS"); do wrkrun "$REFL/api/runAction" "$WRK_CONNS" "$ECHO_BODY"; done >"$RUN/w.txt"
  sed "s/^/$impl /" "$RUN/w.txt" >>"$RES/reflection-wrk.txt"
  V[$impl.sp50]=$(jq -r .ms.p50 "$RUN/s.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.sp99]=$(jq -r .ms.p99 "$RUN/s.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.srps]=$(jq -r .req_per_s_seq "$RUN/s.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.wrps]=$(cut -d' ' -f1 "$RUN/w.txt" | med_min_max | cut -d' ' -f1)
  V[$impl.wp99]=$(cut -d' ' -f4 "$RUN/w.txt" | med_min_max | cut -d' ' -f1)
  V[$impl.wcpu]=$(cut -d' ' -f5 "$RUN/w.txt" | med_min_max | cut -d' ' -f1)
  V[$impl.rbad]=$( (jq -r .bad "$RUN/s.jsonl"; cut -d' ' -f6 "$RUN/w.txt") |
                   grep -vc -e '^ok$' -e '^0$' || true)
  V[$impl.rssload]=$(rss_kb "$APP_PID")
  V[$impl.hwmload]=$(hwm_kb "$APP_PID")
  unset WRK_PIDS
  stop_pid "$APP_PID"
}

# --- the run: JS then C for each measurement, so drift on a shared machine hits both ---------

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for impl in js c; do sanity "$impl"; done
for k in 10 1000; do for impl in js c; do cold "$impl" "$k"; done; done
define_only
for k in 10 1000; do for impl in js c; do actions "$impl" "$k"; done; done
for impl in js c; do run_action "$impl"; done
rm -f .genkit/runtimes/*.json
for impl in js c; do
  V[$impl.bad]=$(( ${V[$impl.abad10]} + ${V[$impl.abad1000]} + ${V[$impl.rbad]} ))
done

# --- the table ------------------------------------------------------------------------------

MET=0 MISSED=0
# num VALUE: a readable number (3 significant digits below 100, integers above).
num() {
  awk -v v="$1" 'BEGIN {
    if (v !~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/ || v ~ /^-?[0-9]+$/) { print v; exit }
    a = v < 0 ? -v : v
    if (a >= 100) printf "%.0f", v; else if (a >= 10) printf "%.1f", v;
    else if (a >= 1) printf "%.2f", v; else printf "%.3f", v }'
}
# row LABEL KEY KIND: KIND time (ratio = JS/ours, higher is better), rps (ours/JS, target
# >= 10), rss (ours/JS, target <= 0.1), mem (ours/JS, no target), info (no ratio).
row() {
  local label=$1 kind=$3 js=${V[js.$2]:-} c=${V[c.$2]:-} ratio target=""
  case "$kind" in
    time) ratio=$(awk -v a="$js" -v b="$c" 'BEGIN { if (b <= 0) print "-"; else if (a >= b) printf "%.1f× faster", a / b;
                                                     else printf "%.2f× (slower)", a / b }') ;;
    rps)  ratio=$(awk -v a="$c" -v b="$js" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }')
          if awk -v a="$c" -v b="$js" 'BEGIN { exit !(b > 0 && a / b >= 10) }'; then
            target="met (≥ 10×)"; MET=$((MET + 1)); else target="**missed** (≥ 10×)"; MISSED=$((MISSED + 1)); fi ;;
    rss|mem) ratio=$(awk -v a="$c" -v b="$js" 'BEGIN { if (b > 0) printf "%.3f (1/%.1f)", a / b, b / a; else print "-" }')
          if [ "$kind" = rss ]; then
            if awk -v a="$c" -v b="$js" 'BEGIN { exit !(b > 0 && a / b <= 0.1) }'; then
              target="met (≤ 1/10)"; MET=$((MET + 1)); else target="**missed** (≤ 1/10)"; MISSED=$((MISSED + 1)); fi
          fi ;;
    info) ratio="" ;;
  esac
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(num "$js")" "$(num "$c")" "$ratio" "$target"
}

{
  echo "## Reflection API: $(impl_name c) vs $(impl_name js)"
  echo
  echo "$(date -u +%FT%TZ), $(nproc) CPU $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), node $(node --version)," \
       "$([ -n "${BENCH_IN_NETNS:-}" ] && echo "private netns" || echo "host netns");" \
       "REPS=$REPS WRK_SECS=$WRK_SECS CREPS=$CREPS HREPS=$HREPS SEQ_N=$SEQ_N WRK_CONNS=$WRK_CONNS;" \
       "load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both columns)"
  echo
  echo "| measurement | JavaScript | ours | ratio (ours vs JS) | target |"
  echo "|---|---|---|---|---|"
  row "cold start → /api/__health 200, K=10, ms (median of $CREPS)" cold10 time
  row "cold start → /api/__health 200, K=1000, ms" cold1000 time
  row "VmRSS 2 s after ready, K=10, KB" rss10 rss
  row "VmRSS 2 s after ready, K=1000, KB" rss1000 rss
  row "VmHWM after ready, K=1000, KB" hwm1000 mem
  row "define everything and exit (no server), K=10, ms (hyperfine median)" def10 time
  row "define everything and exit (no server), K=1000, ms" def1000 time
  row "GET /api/actions K=10: actions listed" alisted10 info
  row "GET /api/actions K=10: bytes" abytes10 info
  row "GET /api/actions K=10: first call ms" afirst10 time
  row "GET /api/actions K=10: p50 ms (keep-alive, med of $REPS)" ap50_10 time
  row "GET /api/actions K=10: p99 ms" ap99_10 time
  row "GET /api/actions K=1000: actions listed" alisted1000 info
  row "GET /api/actions K=1000: bytes" abytes1000 info
  row "GET /api/actions K=1000: first call ms" afirst1000 time
  row "GET /api/actions K=1000: p50 ms" ap50_1000 time
  row "GET /api/actions K=1000: p99 ms" ap99_1000 time
  row "runAction echoFlow sequential ($SEQ_N, curl keep-alive): p50 ms" sp50 time
  row "runAction echoFlow sequential: p99 ms" sp99 time
  row "runAction echoFlow sequential: req/s" srps rps
  row "runAction echoFlow wrk c=$WRK_CONNS: req/s (med of $REPS × ${WRK_SECS}s)" wrps rps
  row "runAction echoFlow wrk c=$WRK_CONNS: p99 ms" wp99 time
  row "runAction echoFlow wrk c=$WRK_CONNS: server CPU µs/req" wcpu time
  row "VmRSS after the runAction load (K=10), KB" rssload rss
  row "VmHWM after the runAction load (K=10), KB" hwmload mem
  row "failed requests: bad /api/actions answers + runAction runs with errors" bad info
  echo
  echo "Targets (issue #3: ≥ 10× requests/s, ≤ 1/10 resident memory): $MET met, $MISSED missed."
  echo "The JavaScript listing also holds its echo model, genFlow and /util/generate (app.mjs);"
  echo "ours lists echoFlow, streamFlow and the K extra flows only (see the bytes rows)."
  echo "Raw data: $RES/reflection-*.jsonl, reflection-wrk.txt, wrk-raw.txt, reflection-hyperfine.txt."
} | tee "$REPORT"
