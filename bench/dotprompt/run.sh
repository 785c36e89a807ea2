#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh — render a 20 KB .prompt with a 1,000-item {{#each}}: ours vs JavaScript Dotprompt.
#
#   bench/dotprompt/run.sh                  # ~1 min
#   ITERS=50 bench/dotprompt/run.sh         # quicker
#
# `genkit-dotprompt-bench write` writes the prompt (bench.prompt, about 20 KB: frontmatter with
# Picoschema, a system part of guidelines, a catalogue {{#each}} with block params, @index,
# @first/@last, ../, @root, nested #each/#if/#with, ifEquals/unlessEquals, json, triple-stash;
# a user part with a section, media and a partial), its partial and the input (ITEMS items).
# Then `genkit-dotprompt-bench run` and bench-dotprompt.mjs (JavaScript Dotprompt from the
# js-baseline harness's node_modules) measure the same files, one after the other: cold
# (new environment + parse + compile + render to messages), warm (render of a compiled
# prompt, as a prompt action does per call), the template alone, and parse + compile. It
# checks that both produced the same messages (SHA-256 of JSON.stringify(messages)) and
# prints one table with both columns and the ratio JS / ours (also written to
# $RUN_DIR/results/dotprompt-bench.md).
#
# Knobs (env):
#   ITERS (200)       measured renders per measurement (after 20 warm-up rounds)
#   ITEMS (1000)      catalogue items
#   BENCH_BIN         use this genkit-dotprompt-bench instead of building one
#   BUILD_DIR         meson build directory (/tmp/build-bench; set up as release when new)
#   JS_BASELINE       the harness to copy (<repo>/../shared/bench/js-baseline)
#   BENCH_CACHE       where the harness copy with node_modules lives
#                     (${XDG_CACHE_HOME:-~/.cache}/genkit-studio-bench/js-baseline)
#   RUN_DIR           scratch and results ($BENCH_CACHE/.run-dotprompt)
#   NO_INSTALL=1      never call npm (fail if the harness copy has no node_modules)
set -euo pipefail

SELF="$(readlink -f "${BASH_SOURCE[0]}")"
HERE="$(dirname "$SELF")"
REPO="$(cd "$HERE/../.." && pwd)"
BENCH_CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genkit-studio-bench/js-baseline}"
JS_BASELINE="${JS_BASELINE:-$REPO/../shared/bench/js-baseline}"
BUILD_DIR="${BUILD_DIR:-/tmp/build-bench}"
RUN_DIR="${RUN_DIR:-$BENCH_CACHE/.run-dotprompt}"
ITERS="${ITERS:-200}"
ITEMS="${ITEMS:-1000}"

say() { echo "[run.sh] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }

command -v node >/dev/null || die "node (>= 20) is needed"
command -v python3 >/dev/null || die "python3 is needed for the table"

# The harness copy with node_modules (dotprompt comes with genkit), as the other benchmarks
# prepare it.
if [ ! -d "$BENCH_CACHE/node_modules/dotprompt" ]; then
  [ "${NO_INSTALL:-0}" != 1 ] || die "no dotprompt in $BENCH_CACHE/node_modules (npm ci needed)"
  [ -f "$JS_BASELINE/package-lock.json" ] || die "no js-baseline harness at $JS_BASELINE"
  mkdir -p "$BENCH_CACHE"
  cp "$JS_BASELINE/package.json" "$JS_BASELINE/package-lock.json" "$BENCH_CACHE/"
  chmod u+w "$BENCH_CACHE/package.json" "$BENCH_CACHE/package-lock.json"
  say "npm ci in $BENCH_CACHE"
  (cd "$BENCH_CACHE" && npm ci --no-audit --no-fund >&2)
fi

if [ -n "${BENCH_BIN:-}" ]; then
  BENCH_BIN="$(readlink -f "$BENCH_BIN")"
  BUILD_DESC="given binary"
else
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    say "meson setup $BUILD_DIR (release)"
    meson setup "$BUILD_DIR" "$REPO" -Dbuildtype=release >&2
  fi
  say "building genkit-dotprompt-bench"
  ninja -C "$BUILD_DIR" bench/dotprompt/genkit-dotprompt-bench >&2
  BENCH_BIN="$BUILD_DIR/bench/dotprompt/genkit-dotprompt-bench"
  BUILD_DESC="$(meson introspect --buildoptions "$BUILD_DIR" | python3 -c \
    'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))') build in $BUILD_DIR"
fi
[ -x "$BENCH_BIN" ] || die "$BENCH_BIN is not executable"

mkdir -p "$RUN_DIR/data" "$RUN_DIR/results"
"$BENCH_BIN" write "$RUN_DIR/data" "$ITEMS" >&2
# node resolves 'dotprompt' from the script's directory: run a copy inside the harness copy.
cp "$HERE/bench-dotprompt.mjs" "$BENCH_CACHE/.bench-dotprompt.mjs"

say "JavaScript Dotprompt, $ITERS iterations per measurement"
(cd "$BENCH_CACHE" && node .bench-dotprompt.mjs "$RUN_DIR/data" "$ITERS") >"$RUN_DIR/results/js.json"
say "ours ($BUILD_DESC), $ITERS iterations per measurement"
"$BENCH_BIN" run "$RUN_DIR/data" "$ITERS" >"$RUN_DIR/results/c.json"

python3 - "$RUN_DIR/results/js.json" "$RUN_DIR/results/c.json" "$BUILD_DESC" \
  <<'PY' | tee "$RUN_DIR/results/dotprompt-bench.md"
import json, os, sys
js, c = (json.load(open(p)) for p in sys.argv[1:3])
print(f"# Dotprompt render: {c['templateBytes']} B template, {c['items']}-item #each, "
      f"{c['iterations']} iterations\n")
print(f"CPU: {os.cpu_count()} threads; ours: {sys.argv[3]}; JS: {js['implementation']}\n")
print("| measurement | JavaScript | ours (C) | JS / ours |")
print("|---|---|---|---|")
rows = [("cold: new env + parse + compile + render", "cold"),
        ("warm: render a compiled prompt", "warm"),
        ("template alone (Handlebars)", "template"),
        ("parse + compile", "parse")]
for label, key in rows:
    for stat in ("medianUs", "p90Us"):
        a, b = js[key][stat], c[key][stat]
        name = f"{label}, {'median' if stat == 'medianUs' else 'p90'}"
        print(f"| {name} | {a / 1000:.3f} ms | {b / 1000:.3f} ms | {a / b:.1f}× |")
print(f"| renders per second (warm) | {js['warm']['perSecond']:.0f} | {c['warm']['perSecond']:.0f} | |")
print(f"| peak RSS | {js['peakRssKb'] / 1024:.1f} MiB | {c['peakRssKb'] / 1024:.1f} MiB | "
      f"{js['peakRssKb'] / c['peakRssKb']:.1f}× |")
print(f"| rendered text / messages JSON | {js['renderedBytes']} / {js['messagesBytes']} B | "
      f"{c['renderedBytes']} / {c['messagesBytes']} B | |")
same = js["messagesSha256"] == c["messagesSha256"]
print(f"\nmessages SHA-256: {'identical' if same else 'DIFFERENT'} ({c['messagesSha256'][:16]}…)")
sys.exit(0 if same else 1)
PY
