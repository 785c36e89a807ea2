#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the Flatpak manifests in flatpak/ offline (TAP), as STYLE.md §14 describes:
the app id, runtime, command and finish-args; every source pinned; and, where
flatpak-builder and flatpak are installed, `flatpak-builder --show-manifest` with warnings
fatal and `flatpak build-finish` on a hand-made build directory with the manifest's
finish-args. Building for real needs org.gnome.Sdk from Flathub, which is not done here.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

root = sys.argv[1]
results = []

EXPECTED_FINISH_ARGS = ["--share=ipc", "--socket=fallback-x11", "--socket=wayland",
                        "--device=dri", "--share=network"]
MANIFESTS = {
    "io.github.genkitstudio.Studio.json": ("io.github.genkitstudio.Studio", "50"),
    "io.github.genkitstudio.Studio.Devel.json": ("io.github.genkitstudio.Studio.Devel", "master"),
}


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def pinned(source):
    kind = source.get("type")
    if kind in ("archive", "file"):
        return bool(source.get("sha256"))
    if kind == "git":
        return bool(source.get("commit"))
    return kind == "dir"


flatpak_builder = os.environ.get("FLATPAK_BUILDER") or shutil.which("flatpak-builder")
flatpak = shutil.which("flatpak")

for name, (app_id, branch) in MANIFESTS.items():
    path = os.path.join(root, "flatpak", name)
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        check(False, f"{name} is JSON", str(e))
        continue
    check(True, f"{name} is JSON")
    check(manifest.get("id") == app_id, f"{name}: id is {app_id}", str(manifest.get("id")))
    check(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk"
          and manifest.get("runtime-version") == branch,
          f"{name}: GNOME runtime {branch}")
    check(manifest.get("command") == "genkit-studio", f"{name}: runs genkit-studio")
    check(manifest.get("finish-args") == EXPECTED_FINISH_ARGS, f"{name}: the finish-args of STYLE.md §14",
          json.dumps(manifest.get("finish-args")))
    modules = manifest.get("modules", [])
    check(bool(modules) and modules[-1].get("name") == "genkit-studio"
          and modules[-1].get("buildsystem") == "meson",
          f"{name}: the studio is the last module, built with meson")
    unpinned = [m.get("name") for m in modules for s in m.get("sources", []) if not pinned(s)]
    check(not unpinned, f"{name}: every source pinned by commit or sha256", ", ".join(unpinned))

    if flatpak_builder:
        env = dict(os.environ, G_DEBUG="fatal-warnings")
        proc = subprocess.run([flatpak_builder, "--show-manifest", path], capture_output=True, text=True, env=env)
        check(proc.returncode == 0, f"{name}: flatpak-builder --show-manifest accepts it", proc.stderr.strip())
    else:
        results.append((True, f"{name}: flatpak-builder --show-manifest # SKIP flatpak-builder not installed", ""))

    if flatpak:
        with tempfile.TemporaryDirectory() as build:
            os.makedirs(os.path.join(build, "files", "bin"))
            with open(os.path.join(build, "metadata"), "w", encoding="utf-8") as f:
                f.write(f"[Application]\nname={app_id}\nruntime=org.gnome.Platform/x86_64/{branch}\n"
                        f"sdk=org.gnome.Sdk/x86_64/{branch}\n")
            proc = subprocess.run([flatpak, "build-finish", build] + manifest.get("finish-args", []),
                                  capture_output=True, text=True)
            check(proc.returncode == 0, f"{name}: flatpak build-finish takes its finish-args",
                  (proc.stdout + proc.stderr).strip())
    else:
        results.append((True, f"{name}: flatpak build-finish # SKIP flatpak not installed", ""))

print(f"1..{len(results)}")
for i, (ok, name, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok and detail:
        for line in detail.splitlines():
            print(f"# {line}")
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
