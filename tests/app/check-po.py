#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the studio's translations offline (TAP):

1. every file with translatable text (src/app C files using _(), N_(), g_dngettext();
   .ui files with translatable="yes"; the desktop file, metainfo and GSettings schema) is
   listed in po/POTFILES.in, and every listed file exists;
2. the template xgettext makes from POTFILES.in, with meson's `glib` preset, is fully
   translated by each language in po/LINGUAS: no untranslated, fuzzy or missing message,
   and msgfmt --check passes (format strings match).
"""
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
po_dir = os.path.join(root, "po")
results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def listed_files():
    with open(os.path.join(po_dir, "POTFILES.in"), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def translatable_files():
    found = set()
    c_marks = re.compile(r"\b(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(")
    for base, _dirs, files in os.walk(os.path.join(root, "src", "app")):
        for name in files:
            if name.endswith(".c"):
                path = os.path.join(base, name)
                with open(path, encoding="utf-8") as f:
                    if c_marks.search(f.read()):
                        found.add(os.path.relpath(path, root))
    for base, _dirs, files in os.walk(os.path.join(root, "data")):
        for name in files:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            if name.endswith(".ui"):
                with open(path, encoding="utf-8") as f:
                    if 'translatable="yes"' in f.read():
                        found.add(rel)
            elif name.endswith((".desktop.in.in", ".metainfo.xml.in.in", ".gschema.xml")):
                found.add(rel)
    return found


listed = listed_files()
for rel in listed:
    check(os.path.exists(os.path.join(root, rel)), f"POTFILES.in entry exists: {rel}")
missing = sorted(translatable_files() - set(listed))
check(not missing, "POTFILES.in lists every file with translatable text",
      "missing: " + ", ".join(missing))

xgettext_args = [
    "xgettext", "--from-code=UTF-8", "--add-comments", "--package-name=genkit-studio",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_printerr:1:c-format",
]

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "genkit-studio.pot")
    proc = subprocess.run(xgettext_args + ["-o", pot, "--directory", root] + listed,
                          capture_output=True, text=True)
    check(proc.returncode == 0, "xgettext extracts the template", proc.stderr.strip())

    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        languages = [w for line in f if not line.startswith("#") for w in line.split()]
    check(bool(languages), "po/LINGUAS names at least one language")

    for lang in languages:
        po = os.path.join(po_dir, lang + ".po")
        merged = os.path.join(tmp, lang + ".po")
        proc = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot],
                              capture_output=True, text=True)
        check(proc.returncode == 0, f"{lang}.po merges with the template", proc.stderr.strip())
        proc = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                              capture_output=True, text=True)
        stats = proc.stderr.strip()
        complete = proc.returncode == 0 and "untranslated" not in stats and "fuzzy" not in stats
        check(complete, f"{lang}.po translates every message", stats)
        with open(merged, encoding="utf-8") as f:
            obsolete = [line for line in f if line.startswith("#~ msgid")]
        check(not obsolete, f"{lang}.po has no messages the sources lost",
              "".join(obsolete[:5]).strip())

print(f"1..{len(results)}")
for i, (ok, name, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok and detail:
        for line in detail.splitlines():
            print(f"# {line}")
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
