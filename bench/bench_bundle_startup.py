"""Start-up of the frozen app (PyInstaller bundle) against the development app.

Launches each executable with a note to open, reads its event log
(``NOTEDESK_EVENT_LOG``) and stops it once the window is shown. The runs
alternate between the executables, so all of them see the same machine load.
Wall times count from the launch; the CPU column is the process's own CPU time
(``time.process_time()`` in the event, which in a one-folder bundle includes the
bootloader, as it runs in the same process).

    python bench/bench_bundle_startup.py [--runs 10] [--exe build/dist/notedesk/notedesk]
        [--exe .venv/bin/notedesk] [--until window_shown]

Needs a display (``DISPLAY`` or ``QT_QPA_PLATFORM=offscreen``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import app_env, stop

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ("process_main", "qt_loaded", "qapplication_created", "window_shown")


def run_once(exe: str, note: Path, env: dict[str, str], until: str) -> dict[str, float]:
    log = Path(env["NOTEDESK_EVENT_LOG"])
    log.unlink(missing_ok=True)
    t0 = time.time()
    proc = subprocess.Popen(
        [exe, str(note)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    found: dict[str, float] = {}
    deadline = t0 + 60
    try:
        while time.time() < deadline and until not in found:
            time.sleep(0.01)
            if proc.poll() is not None:
                found["exited"] = 1.0
                break
            if log.exists():
                for line in log.read_text().splitlines():
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue  # a line still being written
                    found.setdefault(record["event"], record["t"] - t0)
                    if "cpu" in record:
                        found.setdefault("cpu_" + record["event"], record["cpu"])
    finally:
        stop(proc)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--exe", action="append", help="executable to time (repeatable)")
    parser.add_argument("--until", default="window_shown", help="event that ends a run")
    parser.add_argument("--note", type=Path, help="note to open (default: sample vault's)")
    args = parser.parse_args()
    exes = args.exe or [
        str(ROOT / "build" / "dist" / "notedesk" / "notedesk"),
        str(ROOT / ".venv" / "bin" / "notedesk"),
    ]
    work = Path(tempfile.mkdtemp(prefix="notedesk-bundle-bench-"))
    if args.note is None:
        shutil.copytree(ROOT / "resources" / "sample-vault", work / "vault")
        note = work / "vault" / "Welcome to notedesk.md"
    else:
        note = args.note.absolute()
    env = app_env(work)
    for exe in exes:  # warm the page cache once, not timed
        run_once(exe, note, env, args.until)
    results: dict[str, list[dict[str, float]]] = {exe: [] for exe in exes}
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        for exe in exes:
            results[exe].append(run_once(exe, note, env, args.until))
    load_after = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"{args.runs} runs each, alternating, until {args.until}, platform "
        f"{env.get('QT_QPA_PLATFORM', 'xcb')}, {os.cpu_count()} CPUs, "
        f"load average {load_before:.2f} before, {load_after:.2f} after"
    )
    print(f"{'executable / measure':44} {'median':>7} {'min':>7} {'max':>7}")
    for exe, runs in results.items():
        exited = sum(1 for r in runs if "exited" in r)
        print(exe + (f"  ({exited} runs exited early)" if exited else ""))
        for name in EVENTS:
            for key, label in ((name, f"launch -> {name} wall (s)"), (f"cpu_{name}", "  CPU (s)")):
                values = [r[key] for r in runs if key in r]
                if values:
                    print(
                        f"  {label:42} {statistics.median(values):7.3f} "
                        f"{min(values):7.3f} {max(values):7.3f}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
