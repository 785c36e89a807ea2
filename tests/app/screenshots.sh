#!/usr/bin/env bash
# Screenshots of the real genkit-studio under Xvfb, in the light and the dark style, for
# review (STYLE.md §10): the main pane, the runner after a run, the streaming state, a run in
# progress, an input flagged as invalid, the model playground comparing two models, the prompt
# editor after a run and with an error underlined, the chat pane (a tool interrupt waiting for
# an answer; an agent's custom state and artifact; a detached turn running in the background),
# the traces pane and a trace's tree and timeline, a trace whose model call answered 1 MB (its
# start and size, Load All), the Datasets and Evaluations panes over a dataset and two eval
# runs made with the CLI, a project whose app runs from "Run a Command", and the preferences'
# Providers, Telemetry and Traces pages.
#
#   tests/app/screenshots.sh [BUILDDIR] [OUTDIR]      (defaults: _build, screenshots)
#
# SCHEMES="light" or SETS="builtin" in the environment take fewer screenshots.
#
# Needs xvfb-run, dbus-run-session, xwininfo and ImageMagick's import (build-aux/setup-debian.sh
# installs them). The app is driven through its exported window actions (win.show-action,
# win.run, win.chat-with, win.chat-send, win.chat-send-background, win.start-command) over its
# private session bus; inputs are seeded in its (temporary) input store, the command in its (temporary) settings.
set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
builddir=$(cd "${1:-$srcdir/_build}" && pwd)
outdir=${2:-screenshots}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

app=$builddir/src/app/genkit-studio
cli=$builddir/src/cli/genkit-studio-cli
[[ -x $app ]] || { echo "screenshots.sh: $app is not built" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/drive.sh" <<'DRIVE'
# Runs inside the Xvfb + D-Bus session: start the app, drive it, capture its window.
set -euo pipefail
shoot () {   # shoot NAME: the studio's window, as a person sees it
  local wid
  wid=$(xwininfo -root -tree | awk -v t="\"$TITLE\"" 'index($0, t) {print $1; exit}')
  [[ -n $wid ]] || { echo "screenshots.sh: no window titled $TITLE" >&2; return 1; }
  import -window "$wid" "$OUT/$1-$SCHEME.png"
  echo "screenshots.sh: $OUT/$1-$SCHEME.png"
}
act () {     # act ACTION [PARAMETER]: activate win.ACTION over D-Bus
  local param="[]"
  [[ $# -gt 1 ]] && param="[<'$2'>]"
  gdbus call --session --dest io.github.genkitstudio.Studio \
    --object-path /io/github/genkitstudio/Studio/window/1 \
    --method org.gtk.Actions.Activate "$1" "$param" "{}" >/dev/null
}
app_act () { # app_act ACTION [PARAMETER]: activate app.ACTION over D-Bus
  local param="[]"
  [[ $# -gt 1 ]] && param="[<'$2'>]"
  gdbus call --session --dest io.github.genkitstudio.Studio \
    --object-path /io/github/genkitstudio/Studio \
    --method org.gtk.Actions.Activate "$1" "$param" "{}" >/dev/null
}
post_big_trace () {  # posts a model call with a 1 MB answer to the app's telemetry server
  python3 - "$app_pid" <<'PY'
import json, os, sys, time, urllib.request
pid = sys.argv[1]
# The telemetry server listens on the first free port from 4033: find the app's.
inodes = set()
for fd in os.listdir(f"/proc/{pid}/fd"):
    try:
        link = os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        continue
    if link.startswith("socket:["):
        inodes.add(link[8:-1])
ports = set()
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(table).readlines()[1:]:
        f = line.split()
        if f[3] == "0A" and f[9] in inodes:
            ports.add(int(f[1].split(":")[1], 16))
port = min(p for p in ports if p >= 4033)
trace_id, span_id = "b16b16b16b16b16b16b16b16b16b1600", "b16b16b16b16b160"
now = time.time() * 1000
text = ""
while len(text) < 1024 * 1024:
    text += "The analytical engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves. "
output = {"message": {"role": "model", "content": [{"text": text}]}, "finishReason": "stop",
          "usage": {"inputTokens": 14, "outputTokens": 196608}}
request = {"messages": [{"role": "user", "content": [{"text": "Describe the analytical engine, at length."}]}]}
span = {"spanId": span_id, "traceId": trace_id, "startTime": now - 4200, "endTime": now,
        "attributes": {"genkit:type": "action", "genkit:metadata:subtype": "model",
                       "genkit:name": "echo", "genkit:path": "/{echo,t:action,s:model}",
                       "genkit:input": json.dumps(request), "genkit:output": json.dumps(output),
                       "genkit:state": "success"},
        "displayName": "echo", "links": [], "instrumentationLibrary": {"name": "genkit-tracer", "version": "v1"},
        "spanKind": "INTERNAL", "sameProcessAsParentSpan": {"value": True}, "status": {"code": 0},
        "timeEvents": {"timeEvent": []}}
body = json.dumps({"traceId": trace_id, "displayName": "echo", "startTime": now - 4200, "endTime": now,
                   "spans": {span_id: span}}).encode()
urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/api/traces", body,
                                              {"Content-Type": "application/json"})).read()
print(trace_id)
PY
}
wait_window () {
  for _ in $(seq 100); do
    xwininfo -root -tree | grep -q "\"$TITLE\"" && return 0
    sleep 0.1
  done
  echo "screenshots.sh: the window did not appear" >&2
  return 1
}

"$APP" "$@" >"$LOG" 2>&1 &
app_pid=$!
wait_window
sleep 1.5

if [[ $SET == builtin ]]; then
  shoot main
  act show-action /flow/greet; sleep 0.5; act run; sleep 1
  shoot runner
  act show-action /flow/streamEcho; sleep 0.5; act run; sleep 1
  shoot streaming
  act show-action /flow/sleep; sleep 0.5; act run; sleep 1
  shoot running
  act show-pane traces; sleep 1
  shoot traces-running
  act show-pane actions; sleep 0.5
  act cancel; sleep 0.5
  act show-action /flow/countdown; sleep 1
  shoot invalid
  act show-action /model/echo; sleep 1; act run; sleep 2
  shoot playground
  act open-prompt "$PROMPTS/greet.prompt"; sleep 1; act run; sleep 2
  shoot prompt
  act open-prompt "$PROMPTS/broken.prompt"; sleep 1
  shoot prompt-error
  act chat-with /agent/chat; sleep 1
  act chat-send 'Hello! Can you *echo* this?'; sleep 1.5
  act chat-send '/tool askUser {"question": "Which colour?"}'; sleep 1.5
  shoot chat-interrupt
  act chat-with /agent/notes; sleep 1
  act chat-send 'Buy milk'; sleep 1.5
  act chat-send 'Call Ada'; sleep 1.5
  shoot chat-state
  act chat-with /agent/ponder; sleep 1
  act chat-send-background 'Is this worth waiting for?'; sleep 1.5
  shoot chat-detached
  act show-action /flow/useTool; sleep 0.5; act run; sleep 1
  act show-pane traces; sleep 1
  shoot traces
  trace=$("$CLI" traces list --json --limit 1 --filter '{"eq":{"name":"useTool"}}' |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["traces"][0]["traceId"])')
  act open-trace "$trace"; sleep 1.5
  shoot trace
  trace=$(post_big_trace); sleep 1
  act open-trace "$trace"; sleep 1.5
  shoot trace-payload
  act show-pane datasets; sleep 1
  shoot datasets
  act show-pane evaluations; sleep 1
  shoot evaluations
  TITLE=Preferences
  for page in providers/openai telemetry traces; do
    app_act preferences-page $page; sleep 1.5
    shoot "preferences-${page%%/*}"
  done
else
  act start-command; sleep 4
  act show-action /flow/countdown; sleep 0.5; act run; sleep 1.5
  shoot project
  act stop-command; sleep 1
fi
kill "$app_pid"; wait "$app_pid" || true
DRIVE

# The inputs the runners open with: the studio keeps these per action (the playground its
# messages, config and the models it compares).
seed_inputs () {
  mkdir -p "$1/genkit-studio"
  cat >"$1/genkit-studio/inputs.json" <<'JSON'
{"version": 1, "scopes": {"builtin": {
  "/model/echo": {"input": "{\"messages\": [{\"role\": \"system\", \"content\": [{\"text\": \"You answer in one short paragraph.\"}]}, {\"role\": \"user\", \"content\": [{\"text\": \"Describe the analytical engine in one sentence.\"}]}], \"config\": {\"temperature\": 0.4}, \"tools\": [\"/tool/add\"], \"models\": [\"/model/echo\", \"/model/echoModel\"]}", "context": "", "streams": true},
  "/flow/greet": {"input": "{\n  \"name\": \"Ada Lovelace\"\n}", "context": "", "streams": false},
  "/flow/streamEcho": {"input": "\"Tell me about the analytical engine and its punched cards\"", "context": "", "streams": true},
  "/flow/sleep": {"input": "{\n  \"ms\": 30000\n}", "context": "", "streams": false},
  "/flow/countdown": {"input": "{\n  \"count\": 500\n}", "context": "", "streams": true},
  "/flow/useTool": {"input": "{\n  \"a\": 2,\n  \"b\": 40\n}", "context": "", "streams": false}
}}}
JSON
}

# The prompts the editor shows: one that renders, one with an error in its template.
seed_prompts () {
  mkdir -p "$1"
  cat >"$1/greet.prompt" <<'PROMPT'
---
model: echo
config:
  temperature: 0.7
input:
  schema:
    name?: string, who to greet
  default:
    name: Ada
---
{{role "system"}}
You are a friendly assistant. Keep it short.
{{role "user"}}
Say hello to {{name}} and mention the analytical engine.
PROMPT
  cat >"$1/broken.prompt" <<'PROMPT'
---
model: echo
input:
  schema:
    topic: string
---
{{role "user"}}
{{#if topic}}Tell me about {{topic}}.
{{#each items}}- {{this}}
{{/if}}
PROMPT
}

# A dataset of the sample flow greet and two eval runs of it, the second after bob's reference
# changed (a regression), in the (temporary) evaluation store.
seed_evals () {
  local data=$1 work=$2
  cat >"$work/greetings.json" <<'JSON'
[{"testCaseId": "ada", "input": {"name": "Ada"}, "reference": "Hello, Ada!"},
 {"testCaseId": "bob", "input": {"name": "Bob"}, "reference": "Hello, Bob!"},
 {"testCaseId": "cy", "input": {"name": "Cy"}, "reference": "Hello, Cy!"},
 {"testCaseId": "dee", "input": {"name": "Dee"}, "reference": "Hello, Dee!"}]
JSON
  sed 's/"Hello, Bob!"/"Hi Bob"/' "$work/greetings.json" >"$work/greetings-2.json"
  (cd "$work" && env -i PATH="$PATH" HOME="$work" XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$work" sh -c "
    '$cli' dataset import greetings.json --type flow --target /flow/greet >/dev/null &&
    '$cli' eval run --target /flow/greet --dataset greetings -e exactMatch,genkitEval/regex -q >/dev/null &&
    '$cli' dataset import greetings-2.json --id greetings --replace >/dev/null &&
    '$cli' eval run --target /flow/greet --dataset greetings -e exactMatch,genkitEval/regex -q >/dev/null")
}

for scheme in ${SCHEMES:-light dark}; do
  for set in ${SETS:-builtin project}; do
    home=$work/$scheme-$set
    mkdir -p "$home/data" "$home/config/glib-2.0/settings" "$home/project"
    seed_inputs "$home/data"
    seed_prompts "$home/prompts"
    [[ $set == builtin ]] && seed_evals "$home/data" "$home"
    args=()
    title="Genkit Studio"
    if [[ $set == project ]]; then
      echo '{"name": "my-genkit-app"}' >"$home/project/package.json"
      mv "$home/project" "$home/my-genkit-app"
      project=$home/my-genkit-app
      printf "[io/github/genkitstudio/Studio]\nrun-commands={'%s': \"exec '%s' serve --project . --store \$PWD/traces.db\"}\n" \
        "$project" "$cli" >"$home/config/glib-2.0/settings/keyfile"
      args=("$project")
      title=my-genkit-app
    else
      # The Telemetry page with a preset whose credential is missing: the status says so.
      printf "[io/github/genkitstudio/Studio]\notlp-export='honeycomb'\n" \
        >"$home/config/glib-2.0/settings/keyfile"
    fi
    if [[ $scheme == dark ]]; then color=prefer-dark; else color=prefer-light; fi
    env -i PATH="$PATH" HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
        XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home" \
        GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none \
        GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$builddir/data" \
        ADW_DEBUG_COLOR_SCHEME=$color LANG=C.UTF-8 \
        APP="$app" CLI="$cli" OUT="$outdir" SCHEME=$scheme SET=$set TITLE="$title" LOG="$home/app.log" \
        PROMPTS="$home/prompts" \
      xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
        bash "$work/drive.sh" "${args[@]}" 2> >(grep -v 'Failed to set fd limit' >&2)
  done
done
