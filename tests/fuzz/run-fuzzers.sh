#!/bin/sh
# run-fuzzers.sh — build every tests/fuzz/fuzz-*.c with libFuzzer and run each for a while
#
# SPDX-License-Identifier: Apache-2.0
#
# Usage: tests/fuzz/run-fuzzers.sh [SECONDS] [NAME...]
#
#   SECONDS  how long to run each fuzzer (default 60; 0 only builds them)
#   NAME     only these fuzzers, e.g. "json-schema" for fuzz-json-schema.c (default: all)
#
# Each fuzz-NAME.c is compiled together with engine sources by clang with
# -fsanitize=fuzzer,address,undefined. A line "FUZZ_SOURCES: a.c b.c" in the file names
# the sources (relative to src/engine/; the word ALL stands for every src/engine/*.c with
# the generated enum types; default: ALL) and a line "FUZZ_PKGS: ..." the pkg-config
# modules (default: json-glib-1.0 gio-2.0 libsoup-3.0); an optional line "FUZZ_CFLAGS: ..."
# adds compiler flags, e.g. the -D a library outside src/engine/ compiles its sources with.
#
# Environment: FUZZ_CC (default clang), FUZZ_BUILD_DIR (default $TMPDIR/genkit-fuzz, kept
# between runs so the corpus grows), FUZZ_JOBS (parallel libFuzzer jobs, default 1; with more, each
# job logs to fuzz-N.log in the current directory).
# Seeds come from tests/fuzz/corpus/NAME/, a dictionary from tests/fuzz/fuzz-NAME.dict.
# Crashing inputs are written to $FUZZ_BUILD_DIR/artifacts/. Exits 1 if any fuzzer failed.

set -eu

seconds=${1:-60}
[ $# -gt 0 ] && shift

case $seconds in
  ''|*[!0-9]*) echo "run-fuzzers.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
engine=$root/src/engine
cc=${FUZZ_CC:-clang}
build=${FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/genkit-fuzz}
jobs=${FUZZ_JOBS:-1}

mkdir -p "$build/artifacts"

# The config.h meson would generate (see the top-level meson.build), plus the log domain
# the engine's meson.build passes in its c_args.
version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$root/meson.build" | head -n 1)
cat > "$build/config.h" <<CONFIG
#pragma once
#define PACKAGE_VERSION "${version:-0}"
#define GETTEXT_PACKAGE "genkit-studio"
#define GENKIT_VERSION_STRING "${version:-0}"
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Genkit"
#endif
CONFIG

cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
        -fno-sanitize-recover=undefined -std=gnu17 -Wall -Wextra -Wno-unused-parameter
        -DGENKIT_COMPILATION
        -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
        -DJSON_VERSION_MIN_REQUIRED=JSON_VERSION_1_6 -DJSON_VERSION_MAX_ALLOWED=JSON_VERSION_1_6"

# libFuzzer reports leaks; GLib's slice allocator would hide them.
export G_SLICE=always-malloc
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# The enum GTypes meson generates with gnome.mkenums_simple() from the headers its
# src/engine/meson.build names.
enum_headers=$(python3 - "$engine/meson.build" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
call = text[text.index("mkenums_simple"):]
files = call[call.index("sources: files("):]
files = files[:files.index(")")]
print(" ".join(re.findall(r"'([^']+\.h)'", files)))
PY
)
enum_paths=""
for h in $enum_headers; do
  enum_paths="$enum_paths $engine/$h"
done
# shellcheck disable=SC2086 # the header list is meant to be split
glib-mkenums \
  --fhead '#pragma once\n#include <glib-object.h>\n#include "genkit-version-macros.h"\nG_BEGIN_DECLS\n' \
  --vhead 'GENKIT_AVAILABLE_IN_ALL GType @enum_name@_get_type (void) G_GNUC_CONST;\n#define GENKIT_TYPE_@ENUMSHORT@ (@enum_name@_get_type ())\n' \
  --ftail 'G_END_DECLS\n' \
  $enum_paths > "$build/genkit-enums.h"
# shellcheck disable=SC2086
glib-mkenums \
  --fhead "#include \"config.h\"\n#include \"genkit.h\"\n" \
  --vhead 'GType\n@enum_name@_get_type (void)\n{\n  static gsize gtype_id = 0;\n  static const G@Type@Value values[] = {' \
  --vprod '    { @VALUENAME@, "@VALUENAME@", "@valuenick@" },' \
  --vtail '    { 0, NULL, NULL }\n  };\n  if (g_once_init_enter (&gtype_id)) {\n    GType new_type = g_@type@_register_static (g_intern_static_string ("@EnumName@"), values);\n    g_once_init_leave (&gtype_id, new_type);\n  }\n  return (GType) gtype_id;\n}\n' \
  $enum_paths > "$build/genkit-enums.c"

failed=""
found=0
for source in "$here"/fuzz-*.c; do
  [ -e "$source" ] || continue
  name=$(basename "$source" .c)
  short=${name#fuzz-}
  if [ $# -gt 0 ]; then
    wanted=0
    for only in "$@"; do
      if [ "$only" = "$short" ] || [ "$only" = "$name" ]; then
        wanted=1
      fi
    done
    [ $wanted = 1 ] || continue
  fi
  found=$((found + 1))

  sources=$(sed -n 's/.*FUZZ_SOURCES:[[:space:]]*//p' "$source" | head -n 1)
  pkgs=$(sed -n 's/.*FUZZ_PKGS:[[:space:]]*//p' "$source" | head -n 1)
  [ -n "$pkgs" ] || pkgs="json-glib-1.0 gio-2.0 libsoup-3.0"
  extra_cflags=$(sed -n 's/.*FUZZ_CFLAGS:[[:space:]]*//p' "$source" | head -n 1)
  [ -n "$sources" ] || sources=ALL
  paths=""
  for s in $sources; do
    if [ "$s" = ALL ]; then
      paths="$paths $(ls "$engine"/*.c | tr '\n' ' ') $build/genkit-enums.c"
    else
      paths="$paths $engine/$s"
    fi
  done

  echo "== building $name"
  # shellcheck disable=SC2086,SC2046 # the flag and file lists are meant to be split
  "$cc" $cflags $extra_cflags -I"$build" -I"$root" -I"$engine" $(pkg-config --cflags $pkgs) \
    -o "$build/$name" "$source" $paths $(pkg-config --libs $pkgs) -lm

  corpus=$build/corpus/$short
  mkdir -p "$corpus"
  extra=""
  [ -d "$here/corpus/$short" ] && extra="$here/corpus/$short"
  dict=""
  [ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
  parallel=""
  [ "$jobs" -gt 1 ] && parallel="-jobs=$jobs -workers=$jobs"

  if [ "$seconds" = 0 ]; then
    echo "== built $build/$name"
    continue
  fi

  echo "== running $name for ${seconds}s"
  # shellcheck disable=SC2086
  if ! "$build/$name" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
         $parallel -print_final_stats=1 \
         -artifact_prefix="$build/artifacts/$name-" $dict "$corpus" $extra; then
    failed="$failed $name"
  fi
done

if [ $found = 0 ]; then
  echo "run-fuzzers.sh: no fuzzer matched" >&2
  exit 2
fi
if [ -n "$failed" ]; then
  echo "FAILED:$failed (crashing inputs in $build/artifacts/)" >&2
  exit 1
fi
if [ "$seconds" != 0 ]; then
  echo "all fuzzers ran ${seconds}s without finding anything"
fi
