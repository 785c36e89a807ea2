#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh — our telemetry server vs @genkit-ai/telemetry-server 1.43: ingest, listing, search.
#
#   bench/telemetry/run.sh                                  # full run (~8 min)
#   REPS=1 R10K=1 SYNTH_N=20000 bench/telemetry/run.sh      # quick run (~2 min)
#
# Both servers are started through the js-baseline harness's TSRV_CMD contract
# (`$TSRV_CMD PORT STORE_DIR`: `node telemetry-server.cjs`, which starts the real telemetry
# server exactly as `genkit start` does, and `genkit-telemetry-bench serve`) and driven by the
# same clients, JS then C for each measurement:
#
#   - ingest: POST /api/traces of runtime-shaped TraceData (genFlow → generate → echoModel, one
#     POST per span end, 3 per trace; the harness's tracegen.mjs shape) for 1k and 10k traces,
#     with our C client (genkit-telemetry-bench ingest) over 1 and $CONC keep-alive
#     connections, and with the harness's own node client (ingest.mjs, 1 connection) at 1k;
#     realtime mode (6 POSTs per trace: starts, then ends) at 1k; spans stored per second and
#     server CPU per POST;
#   - queries (curl keep-alive, lib.sh's seqlat): first page (limit=10), page 2, filtered by
#     name, one trace by id — on the 10k-trace stores just ingested and on $SYNTH_N
#     synthesized traces (synth-store.mjs writes the JS file store directly; ours stores the
#     identical traces through GenkitTraceStore: `genkit-telemetry-bench synth … tracegen`);
#   - full-text search (ours only: the JavaScript server has none): $SYNTH_N traces of 10
#     spans each (1M spans at 100k), GET /api/traces?search=…: a word unique to one trace, a
#     common word, two words, a search with a filter.
#
# Prints one table with both columns, the ratios and whether issue #4's targets hold:
# ingest ≥ 20× the JavaScript server's spans/s; listing and search < 50 ms at 100k traces.
#
# Before measuring it installs what is missing (apt-get: jq curl iproute2 procps), copies the
# harness to $BENCH_CACHE and runs `npm ci` there (once; again when its package-lock.json
# changes), and builds bench/telemetry/genkit-telemetry-bench in $BUILD_DIR. Then, like the
# harness, it re-executes itself in a private network namespace (`unshare -n`), so the fixed
# port 4033 cannot clash with anything and nothing leaves the machine.
#
# Knobs (env):
#   REPS (3)          repetitions of the 1k-trace ingest points (medians reported)
#   R10K (2)          repetitions of the 10k-trace ingest points
#   CONC (16)         connections of the concurrent ingest point
#   SYNTH_N (100000)  traces synthesized for the query-only points
#   QN (20)           requests per query measurement (3 measurements, medians reported)
#   BENCH_BIN         use this genkit-telemetry-bench instead of building one
#   BUILD_DIR         meson build directory (/tmp/build-bench; set up as release when new)
#   JS_BASELINE       the harness to copy (<repo>/../shared/bench/js-baseline)
#   BENCH_CACHE       where the harness copy with node_modules lives
#                     (${XDG_CACHE_HOME:-~/.cache}/genkit-studio-bench/js-baseline)
#   RUN_DIR           scratch and results ($BENCH_CACHE/.run-telemetry); the table is also
#                     written to $RUN_DIR/results/telemetry-bench.md
#   BENCH_NO_NETNS=1  stay in the host network namespace (port 4033 must then be free)
#   NO_INSTALL=1      never call apt-get or npm (fail if something is missing)
# shellcheck disable=SC2153  # REPS, RES, RUN, TPORT come from the harness's lib.sh
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
  local -A pkg_of=([jq]=jq [curl]=curl [ip]=iproute2 [pgrep]=procps [unshare]=util-linux
                   [shuf]=coreutils)
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
    [ -e "$f" ] || continue
    [ "$(basename "$f")" = node_modules ] && continue
    rm -rf "${BENCH_CACHE:?}/$(basename "$f")"
    cp -r "$f" "$BENCH_CACHE/"
  done
  chmod -R u+w "$BENCH_CACHE"
  if [ ! -d "$BENCH_CACHE/node_modules/@genkit-ai/telemetry-server" ] ||
     ! cmp -s "$BENCH_CACHE/package-lock.json" "$BENCH_CACHE/node_modules/.bench-lock"; then
    [ "${NO_INSTALL:-0}" != 1 ] || die "the harness copy at $BENCH_CACHE needs npm ci"
    say "npm ci in $BENCH_CACHE"
    (cd "$BENCH_CACHE" && npm ci --no-audit --no-fund >&2)
    cp "$BENCH_CACHE/package-lock.json" "$BENCH_CACHE/node_modules/.bench-lock"
  fi
}

build_bench() {
  if [ -n "${BENCH_BIN:-}" ]; then
    BENCH_BIN="$(readlink -f "$BENCH_BIN")"
    [ -x "$BENCH_BIN" ] || die "BENCH_BIN=$BENCH_BIN is not executable"
    BENCH_BUILD="given"
  else
    if ! command -v meson >/dev/null || ! command -v ninja >/dev/null; then
      die "meson and ninja are needed to build the bench driver (build-aux/setup-debian.sh)"
    fi
    if [ ! -f "$BUILD_DIR/build.ninja" ]; then
      say "meson setup $BUILD_DIR (release)"
      meson setup "$BUILD_DIR" "$REPO" -Dbuildtype=release -Dintrospection=false -Ddocs=false >&2
    fi
    say "building genkit-telemetry-bench"
    ninja -C "$BUILD_DIR" bench/telemetry/genkit-telemetry-bench >&2
    BENCH_BIN="$BUILD_DIR/bench/telemetry/genkit-telemetry-bench"
    BENCH_BUILD="$(meson introspect --buildoptions "$BUILD_DIR" |
                   jq -r '.[] | select(.name == "buildtype") | .value') build in $BUILD_DIR"
  fi
  case "$BENCH_BIN" in *[[:space:]]*) die "BENCH_BIN must not contain spaces: $BENCH_BIN" ;; esac
  export BENCH_BIN BENCH_BUILD
}

if [ -z "${BENCH_IN_NETNS:-}" ]; then
  install_missing
  prepare_harness
  build_bench
fi

# --- measuring (lib.sh re-executes this script under `unshare -n` and cd's to the copy) -----

export RUN_DIR="${RUN_DIR:-$BENCH_CACHE/.run-telemetry}"
# shellcheck source=/dev/null
. "$BENCH_CACHE/lib.sh"   # REPS, RUN, RES, TPORT, start_tsrv, stop_pid, seqlat, cpu_ticks, ...

R10K="${R10K:-2}"
CONC="${CONC:-16}"
SYNTH_N="${SYNTH_N:-100000}"
QN="${QN:-20}"
TURL="http://127.0.0.1:$TPORT"
JS_TSRV="node telemetry-server.cjs"
C_TSRV="$BENCH_BIN serve"
REPORT="$RES/telemetry-bench.md"
rm -f "$RES"/telemetry-*.jsonl

declare -A V   # V[impl.metric] = value; impl is js or c

impl_tsrv() { if [ "$1" = js ]; then echo "$JS_TSRV"; else echo "$C_TSRV"; fi; }
impl_name() {
  if [ "$1" = js ]; then
    echo "JavaScript (@genkit-ai/telemetry-server $(jq -r .version node_modules/@genkit-ai/telemetry-server/package.json))"
  else
    echo "ours (C, $BENCH_BUILD)"
  fi
}
store_kb() { du -sk "$1" | cut -f1; }

# Both store and answer the same thing before anything is measured.
sanity() { # impl
  local impl=$1 s="$RUN/tstore-sanity" n id spans
  TSRV_CMD="$(impl_tsrv "$impl")"
  rm -rf "$s"; start_tsrv "$s"
  "$BENCH_BIN" ingest "$TURL" 4 plain 1 "$RUN/sanity-ids.txt" >/dev/null
  n=$(curl -s "$TURL/api/traces?limit=10" | jq '.traces | length')
  id=$(head -1 "$RUN/sanity-ids.txt")
  spans=$(curl -s "$TURL/api/traces/$id" | jq '.spans | length')
  stop_pid "$TS_PID"; rm -rf "$s"
  if [ "$n" != 4 ] || [ "$spans" != 3 ]; then
    die "$impl telemetry server ($TSRV_CMD): $n traces listed, $spans spans in a trace (want 4, 3)"
  fi
}

# ingest IMPL N MODE CONC CLIENT REPS KEY [QUERIES]: REPS fresh stores, one ingest each;
# medians of spans/s, POST p99 and server CPU per POST go to V[IMPL.KEY*]. With QUERIES, the
# queries are measured on the last store (N traces).
ingest() {
  local impl=$1 n=$2 mode=$3 conc=$4 client=$5 reps=$6 key=$7 queries=${8:-} rep s c0 c1 line
  TSRV_CMD="$(impl_tsrv "$impl")"
  : >"$RUN/ing.jsonl"
  for rep in $(seq "$reps"); do
    log "ingest $impl: $n traces $mode, $client client, $conc connection(s) (rep $rep/$reps)"
    s="$RUN/tstore-$impl"; rm -rf "$s"; start_tsrv "$s"
    c0=$(cpu_ticks "$TS_PID")
    if [ "$client" = c ]; then
      line=$("$BENCH_BIN" ingest "$TURL" "$n" "$mode" "$conc" "$RUN/ids.txt")
    else
      line=$(INGEST_IDS="$RUN/ids.txt" node ingest.mjs "$TURL" "$n" "$mode" "$conc")
    fi
    c1=$(cpu_ticks "$TS_PID")
    line=$(jq -c --argjson cpu "$(( (c1 - c0) * 1000000 / HZ ))" '. + {server_cpu_us_per_post: ($cpu / .posts | round)}' <<<"$line")
    echo "$line" >>"$RUN/ing.jsonl"
    jq -c --arg impl "$impl" --arg client "$client" '{impl: $impl, client: $client} + .' <<<"$line" >>"$RES/telemetry-ingest.jsonl"
    if [ "$rep" = "$reps" ] && [ -n "$queries" ]; then
      wait_stored "$n"
      queries "$impl" "$queries"
      V[$impl.disk$queries]=$(( $(store_kb "$s") * 1024 / n ))
    fi
    stop_pid "$TS_PID"; rm -rf "$s"
  done
  V[$impl.$key]=$(jq -r .spans_per_s "$RUN/ing.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.${key}p99]=$(jq -r .post_ms.p99 "$RUN/ing.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.${key}cpu]=$(jq -r .server_cpu_us_per_post "$RUN/ing.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.${key}bad]=$(jq -s 'map(.failures // 0) | add' "$RUN/ing.jsonl")
}

# Every ingested trace is listed (both servers answer POSTs after storing, but be sure).
wait_stored() { # n
  for _ in $(seq 50); do
    [ "$(curl -s "$TURL/api/traces?limit=1&continuationToken=$(($1 - 1))" | jq '.traces | length')" = 1 ] && return 0
    sleep 0.1
  done
  die "not all $1 traces are listed"
}

# q IMPL KEY PATH: median over 3 × seqlat (QN requests, keep-alive) of p50; p90 and bytes too.
q() {
  local impl=$1 key=$2 path=$3
  for _ in 1 2 3; do SEQ_WARMUP=3 seqlat "$TURL$path" "$QN"; done >"$RUN/q.jsonl"
  sed "s/^/{\"impl\":\"$impl\",\"q\":\"$key\"}\t/" "$RUN/q.jsonl" >>"$RES/telemetry-query.jsonl"
  V[$impl.$key]=$(jq -r .ms.p50 "$RUN/q.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.${key}p90]=$(jq -r .ms.p90 "$RUN/q.jsonl" | med_min_max | cut -d' ' -f1)
  V[$impl.${key}bytes]=$(jq -r .bytes "$RUN/q.jsonl" | head -1)
  V[$impl.${key}bad]=$(jq -s 'map(.bad) | add' "$RUN/q.jsonl")
}

queries() { # impl label (ids in $RUN/ids.txt)
  local impl=$1 l=$2 id filt
  log "queries $impl at $l traces"
  id=$(shuf -n1 --random-source=<(yes) "$RUN/ids.txt")
  filt=$(jq -rn --arg f '{"eq":{"name":"otherFlow"}}' '$f|@uri')
  q "$impl" "list$l" "/api/traces?limit=10"
  q "$impl" "page$l" "/api/traces?limit=10&continuationToken=10"
  q "$impl" "filt$l" "/api/traces?limit=10&filter=$filt"
  q "$impl" "get$l" "/api/traces/$id"
}

synth_queries() { # impl
  local impl=$1 s="$RUN/tstore-synth-$1" line
  TSRV_CMD="$(impl_tsrv "$impl")"
  rm -rf "$s"
  log "synthesizing $SYNTH_N traces for $impl"
  if [ "$impl" = js ]; then
    node synth-store.mjs "$s" "$SYNTH_N" >/dev/null
    ls "$s/.genkit/traces" >"$RUN/all-ids.txt"
    head -n 1000 "$RUN/all-ids.txt" >"$RUN/ids.txt"
  else
    line=$("$BENCH_BIN" synth "$s" "$SYNTH_N" tracegen "$RUN/all-ids.txt")
    echo "$line" >>"$RES/telemetry-synth.jsonl"
    head -n 1000 "$RUN/all-ids.txt" >"$RUN/ids.txt"
  fi
  start_tsrv "$s"
  queries "$impl" synth
  V[$impl.disksynth]=$(( $(store_kb "$s") * 1024 / SYNTH_N ))
  stop_pid "$TS_PID"; rm -rf "$s"
}

search_queries() { # ours only: SYNTH_N traces x 10 spans
  local s="$RUN/tstore-fts" line uniq two filt
  TSRV_CMD="$C_TSRV"
  rm -rf "$s"
  log "synthesizing $SYNTH_N traces x 10 spans for the search points"
  line=$("$BENCH_BIN" synth "$s" "$SYNTH_N" 10 "$RUN/ids.txt")
  echo "$line" >>"$RES/telemetry-synth.jsonl"
  V[c.ftsspans]=$(jq -r .spans <<<"$line")
  start_tsrv "$s"
  uniq="tok$((SYNTH_N / 2 + 7))"
  two=$(jq -rn '"hotel kilo"|@uri')
  filt=$(jq -rn --arg f '{"eq":{"name":"otherFlow"}}' '$f|@uri')
  log "search queries at $SYNTH_N traces (${V[c.ftsspans]} spans)"
  q c ftslist "/api/traces?limit=10"
  q c ftsuniq "/api/traces?limit=10&search=$uniq"
  V[c.ftsuniqn]=$(curl -s "$TURL/api/traces?limit=10&search=$uniq" | jq '.traces | length')
  q c ftscommon "/api/traces?limit=10&search=hotel"
  V[c.ftscommonn]=$(curl -s "$TURL/api/traces?limit=10&search=hotel" | jq '.traces | length')
  q c ftstwo "/api/traces?limit=10&search=$two"
  q c ftsfilt "/api/traces?limit=10&search=hotel&filter=$filt"
  q c ftsrare "/api/traces?limit=10&search=nomatchword"
  V[c.diskfts]=$(( $(store_kb "$s") * 1024 / SYNTH_N ))
  stop_pid "$TS_PID"; rm -rf "$s"
}

# --- the run: JS then C for each measurement, so drift on a shared machine hits both ---------

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for impl in js c; do sanity "$impl"; done
for impl in js c; do ingest "$impl" 1000 plain 1 c "$REPS" i1k1; done
for impl in js c; do ingest "$impl" 1000 plain "$CONC" c "$REPS" i1kc; done
for impl in js c; do ingest "$impl" 1000 plain 1 node "$REPS" i1kn; done
for impl in js c; do ingest "$impl" 1000 realtime "$CONC" c "$REPS" irt; done
for impl in js c; do ingest "$impl" 10000 plain 1 c "$R10K" i10k1; done
for impl in js c; do ingest "$impl" 10000 plain "$CONC" c "$R10K" i10kc 10k; done
for impl in js c; do synth_queries "$impl"; done
search_queries
for impl in js c; do
  V[$impl.bad]=0
  for k in "${!V[@]}"; do
    case "$k" in "$impl".*bad) V[$impl.bad]=$(( ${V[$impl.bad]} + ${V[$k]} )) ;; esac
  done
done

# --- the table ------------------------------------------------------------------------------

MET=0 MISSED=0
num() {
  awk -v v="$1" 'BEGIN {
    if (v !~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/ || v ~ /^-?[0-9]+$/) { print v; exit }
    a = v < 0 ? -v : v
    if (a >= 100) printf "%.0f", v; else if (a >= 10) printf "%.1f", v;
    else if (a >= 1) printf "%.2f", v; else printf "%.3f", v }'
}
# row LABEL KEY KIND: KIND time (ratio JS/ours), rate (ours/JS, target >= 20 when KIND is
# rate20), ms50 (ours must be < 50 ms), info (no ratio).
row() {
  local label=$1 kind=$3 js=${V[js.$2]:-} c=${V[c.$2]:-} ratio="" target=""
  case "$kind" in
    time|ms50)
      [ -z "$js" ] || ratio=$(awk -v a="$js" -v b="$c" 'BEGIN { if (b <= 0) print "-"; else if (a >= b) printf "%.1f× faster", a / b;
                                                              else printf "%.2f× (slower)", a / b }')
      if [ "$kind" = ms50 ]; then
        if awk -v c="$c" 'BEGIN { exit !(c < 50) }'; then target="met (< 50 ms)"; MET=$((MET + 1));
        else target="**missed** (< 50 ms)"; MISSED=$((MISSED + 1)); fi
      fi ;;
    rate|rate20)
      ratio=$(awk -v a="$c" -v b="$js" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }')
      if [ "$kind" = rate20 ]; then
        if awk -v a="$c" -v b="$js" 'BEGIN { exit !(b > 0 && a / b >= 20) }'; then
          target="met (≥ 20×)"; MET=$((MET + 1)); else target="**missed** (≥ 20×)"; MISSED=$((MISSED + 1)); fi
      fi ;;
    info) ;;
  esac
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(num "$js")" "$(num "$c")" "$ratio" "$target"
}

{
  echo "## Telemetry server: $(impl_name c) vs $(impl_name js)"
  echo
  echo "$(date -u +%FT%TZ), $(nproc) CPU $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), node $(node --version)," \
       "$([ -n "${BENCH_IN_NETNS:-}" ] && echo "private netns" || echo "host netns");" \
       "REPS=$REPS R10K=$R10K CONC=$CONC SYNTH_N=$SYNTH_N QN=$QN;" \
       "load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both columns)"
  echo
  echo "| measurement | JavaScript | ours | ratio (ours vs JS) | target |"
  echo "|---|---|---|---|---|"
  row "ingest 1k traces, C client, 1 connection: spans/s (median of $REPS)" i1k1 rate20
  row "ingest 1k traces, C client, $CONC connections: spans/s" i1kc rate20
  row "ingest 1k traces, harness node client (ingest.mjs), 1 connection: spans/s" i1kn rate20
  row "ingest 1k traces realtime (6 POSTs/trace), C client, $CONC connections: spans/s" irt rate20
  row "ingest 10k traces, C client, 1 connection: spans/s (median of $R10K)" i10k1 rate20
  row "ingest 10k traces, C client, $CONC connections: spans/s" i10kc rate20
  row "ingest 1k, 1 connection: POST p99 ms" i1k1p99 time
  row "ingest 10k, $CONC connections: POST p99 ms" i10kcp99 time
  row "ingest 1k, 1 connection: server CPU µs/POST" i1k1cpu time
  row "ingest 10k, $CONC connections: server CPU µs/POST" i10kccpu time
  row "10k traces: list first page (limit=10) p50 ms" list10k time
  row "10k traces: list page 2 p50 ms" page10k time
  row "10k traces: list filtered (eq name) p50 ms" filt10k time
  row "10k traces: get one trace (3 spans) p50 ms" get10k time
  row "10k traces: disk bytes per trace" disk10k info
  row "$SYNTH_N traces: list first page (limit=10) p50 ms" listsynth ms50
  row "$SYNTH_N traces: list first page p90 ms" listsynthp90 time
  row "$SYNTH_N traces: list page 2 p50 ms" pagesynth ms50
  row "$SYNTH_N traces: list filtered (eq name) p50 ms" filtsynth ms50
  row "$SYNTH_N traces: get one trace (3 spans) p50 ms" getsynth time
  row "$SYNTH_N traces: first page bytes" listsynthbytes info
  row "$SYNTH_N traces: disk bytes per trace" disksynth info
  row "search, $SYNTH_N traces × 10 spans (${V[c.ftsspans]:-?} spans): list first page p50 ms" ftslist ms50
  row "search: a word of one trace's output (${V[c.ftsuniqn]:-?} listed) p50 ms" ftsuniq ms50
  row "search: a common word (${V[c.ftscommonn]:-?} listed, page of 10) p50 ms" ftscommon ms50
  row "search: two words in one span p50 ms" ftstwo ms50
  row "search: a common word + filter eq name p50 ms" ftsfilt ms50
  row "search: a word found nowhere p50 ms" ftsrare ms50
  row "search store: disk bytes per trace (10 spans)" diskfts info
  row "failed requests (all measurements)" bad info
  echo
  echo "Targets (issue #4: ingest ≥ 20× spans/s, listing and search < 50 ms at 100k traces): $MET met, $MISSED missed."
  echo "The JavaScript server has no full-text search; those rows are ours only. Time ratios are"
  echo "JS / ours, rates ours / JS. Raw data: $RES/telemetry-*.jsonl."
} | tee "$REPORT"
