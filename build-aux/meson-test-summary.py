#!/usr/bin/env python3
"""Print 'N passed, N failed[, N skipped]' from meson testlog.json files; exit 1 on failures.

Usage: meson-test-summary.py TESTLOG.json [TESTLOG.json ...]

Each testlog is what `meson test` writes to BUILDDIR/meson-logs/testlog.json: one JSON
object per test, with "name", "result" and "stdout" (STYLE.md §10). Several testlogs are
added up (.ci/run combines its plain and sanitizer runs this way).

Counting, checked against Debian 12's meson 1.0.1:
- A TAP test counts its subtests: "ok" passed, "not ok" failed, "# SKIP" skipped,
  "not ok # TODO" (g_test_incomplete) skipped, "ok # TODO" failed (unexpected pass).
  Meson 1.0.1 reports a TAP test with a failing subtest, or one that crashed, as ERROR,
  so subtests are counted whatever the result. If the test as a whole went wrong
  (crash, timeout, bad exit code, too few subtests) and no subtest failed, one more
  failure is counted for it.
- A test without TAP lines counts once by its result: OK and EXPECTEDFAIL passed, SKIP
  skipped, anything else (FAIL, ERROR, TIMEOUT, UNEXPECTEDPASS, ...) failed.
- A testlog that is missing, empty or unreadable counts as one failure (a build or
  configure step failed, or meson test never ran), with a message on stderr.

Each failed test is named with the lines of its output that say why (failed assertions,
criticals, sanitizer reports), so the cause is in the last lines a CI log keeps.
"""
import json
import os
import re
import sys

TAP_LINE = re.compile(r"^(ok|not ok)\b(.*)$", re.M)
DIRECTIVE = re.compile(r"(?<!\\)#\s*(skip|todo)\b", re.I)
GOOD_RESULTS = ("OK", "EXPECTEDFAIL")
WHY_LINE = re.compile(r"Bail out!|^not ok|ERROR|CRITICAL|WARNING \*\*|runtime error:|Sanitizer|"
                      r"timed out|SUMMARY:")
WHY_MAX_LINES = 12


def why_failed(t):
    """The lines of a failed test's output that say why, at most WHY_MAX_LINES."""
    text = (t.get("stdout") or "") + "\n" + (t.get("stderr") or "")
    lines = [line.strip() for line in text.splitlines() if WHY_LINE.search(line)]
    if not lines:
        lines = [line.strip() for line in text.splitlines() if line.strip()][-3:]
    return [line[:300] for line in lines[:WHY_MAX_LINES]]


def tap_protocols(testlog_path):
    """Map test name -> protocol from the build dir's introspection data, if present."""
    build_dir = os.path.dirname(os.path.dirname(os.path.abspath(testlog_path)))
    intro = os.path.join(build_dir, "meson-info", "intro-tests.json")
    try:
        with open(intro, encoding="utf-8") as f:
            tests = json.load(f)
    except (OSError, ValueError):
        return {}
    protocols = {}
    for t in tests:
        name = t.get("name")
        if name is None:
            continue
        protocol = t.get("protocol", "exitcode")
        # testlog.json names a test "project:suite / name" when the build has more than one
        # suite (mtest's get_pretty_suite), else just "name": map both spellings.
        names = [name]
        suites = t.get("suite") or []
        if suites:
            pretty = suites[0].split(":", 1)[0]
            s = "+".join(x.split(":", 1)[1] if ":" in x else "" for x in suites)
            if s:
                pretty += ":"
            names.append(pretty + s + " / " + name)
        for n in names:
            # The same name twice: TAP wins, so its subtests are never lost.
            if protocols.get(n) != "tap":
                protocols[n] = protocol
    return protocols


def count_test(t, protocols, counts, label):
    result = t.get("result", "ERROR")
    stdout = t.get("stdout") or ""
    protocol = protocols.get(t.get("name"))
    tap = TAP_LINE.findall(stdout) if protocol in (None, "tap") else []

    if not tap:
        if result in GOOD_RESULTS:
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
            counts["failed_names"].append(f"{label}{t.get('name')} ({result})")
            counts["why"].append((f"{label}{t.get('name')}", why_failed(t)))
        return

    failed_here = 0
    for status, rest in tap:
        directive = DIRECTIVE.search(rest)
        kind = directive.group(1).lower() if directive else None
        if kind == "skip":
            counts["skipped"] += 1
        elif kind == "todo":
            if status == "ok":
                failed_here += 1          # unexpected pass
            else:
                counts["skipped"] += 1    # known to fail (g_test_incomplete)
        elif status == "ok":
            counts["passed"] += 1
        else:
            failed_here += 1
    if result not in GOOD_RESULTS and result != "SKIP" and failed_here == 0:
        failed_here = 1                   # crashed, timed out or exited badly after its last subtest
    if failed_here:
        counts["failed"] += failed_here
        counts["failed_names"].append(f"{label}{t.get('name')} ({result})")
        counts["why"].append((f"{label}{t.get('name')}", why_failed(t)))


def count_log(path, counts, label=""):
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f if line.strip()]
    except OSError as e:
        print(f"meson-test-summary: {path}: {e.strerror}: no test ran (build failed?)",
              file=sys.stderr)
        counts["failed"] += 1
        return
    if not lines:
        print(f"meson-test-summary: {path} is empty: no test ran", file=sys.stderr)
        counts["failed"] += 1
        return
    protocols = tap_protocols(path)
    for n, line in enumerate(lines, 1):
        try:
            t = json.loads(line)
        except ValueError:
            print(f"meson-test-summary: {path}:{n}: not JSON", file=sys.stderr)
            counts["failed"] += 1
            continue
        count_test(t, protocols, counts, label)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    counts = {"passed": 0, "failed": 0, "skipped": 0, "failed_names": [], "why": []}
    paths = argv[1:]
    for path in paths:
        # With several testlogs, name each failed test's build dir too.
        label = ""
        if len(paths) > 1:
            label = os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(path)))) + ": "
        count_log(path, counts, label)
    for name, why in counts["why"]:
        print(f"why {name} failed:")
        for line in why:
            print(f"  {line}")
    if counts["failed_names"]:
        print("failed tests: " + ", ".join(counts["failed_names"]))
    line = f"{counts['passed']} passed, {counts['failed']} failed"
    if counts["skipped"]:
        line += f", {counts['skipped']} skipped"
    sys.stdout.flush()
    sys.stderr.flush()
    print(line, flush=True)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
