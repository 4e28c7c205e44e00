"""Run every benchmark in turn and print their figures (``make bench``).

    .venv/bin/python bench/run_all.py [--quick] [--only NAME[,NAME...]]

Each benchmark runs as its own process with the arguments below, so one that
fails does not stop the others; a summary at the end names any that failed.
The window benchmarks need a display: with no ``DISPLAY`` set they run on
Qt's offscreen platform, except the two that measure time to a shown window
(start-up and the large-vault window), which are then skipped with a note.
``--quick`` uses smaller vaults and fewer repetitions (a minute or two in all).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> (script, full arguments, quick arguments, needs a real display)
BENCHMARKS: dict[str, tuple[str, list[str], list[str], bool]] = {
    "render": ("bench_render.py", [], ["--notes", "100"], False),
    "index": ("bench_index.py", ["--sizes", "1000,10000"], ["--sizes", "1000"], False),
    "watch": ("bench_watch.py", [], ["--edits", "40"], False),
    "editor": ("bench_editor.py", [], [], False),
    "keystroke": (
        "bench_preview_keystroke.py",
        ["--sizes", "5,50", "--keys", "30"],
        ["--sizes", "5", "--keys", "10"],
        False,
    ),
    "finding": ("bench_finding.py", [], ["--notes", "1000"], False),
    "fileops": ("bench_fileops.py", [], ["--notes", "1000"], False),
    "mentions": ("bench_mentions.py", [], ["--notes", "1000"], False),
    "external-edit": ("bench_external_edit.py", [], ["--edits", "10", "--burst", "200"], False),
    "startup": ("bench_startup.py", ["--runs", "5"], ["--runs", "2"], True),
    "vault-window": ("bench_vault_window.py", [], ["--notes", "1000"], True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller vaults, fewer runs")
    parser.add_argument("--only", help="comma-separated names: " + ", ".join(BENCHMARKS))
    args = parser.parse_args()

    names = list(BENCHMARKS)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in BENCHMARKS]
        if unknown:
            parser.error("unknown benchmark(s): " + ", ".join(unknown))

    env = dict(os.environ)
    has_display = bool(env.get("DISPLAY"))
    if not has_display:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed: list[str] = []
    for name in names:
        script, full, quick, needs_display = BENCHMARKS[name]
        print(f"\n=== {name}: {script} {' '.join(quick if args.quick else full)}", flush=True)
        if needs_display and not has_display:
            print("skipped: needs a display (set DISPLAY, e.g. under Xvfb)", flush=True)
            continue
        start = time.monotonic()
        cmd = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        code = subprocess.call(cmd, env=env)
        print(f"--- {name}: exit {code}, {time.monotonic() - start:.1f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print("\nfailed: " + ", ".join(failed))
        return 1
    print("\nall benchmarks ran")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
