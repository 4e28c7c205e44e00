"""Start-up benchmark: process start -> window shown -> first preview rendered, and memory.

Runs the real app (``python -m notedesk NOTE``) under the current display
(Xvfb or offscreen), reads its event log, and prints a table. The process
tree's memory (app + QtWebEngine helpers) is summed from /proc once the
preview has rendered.

notedesk's modules are byte-compiled first, as an installed app has them (pip
and the PyInstaller bundle both ship bytecode); a checkout run with
PYTHONDONTWRITEBYTECODE would otherwise compile every module at every start.
The CPU rows (the app's own CPU time, all threads, from its event log) show
what the start costs; the wall-clock rows also show how busy the machine was,
so the load average is printed next to them.

    python bench/bench_startup.py [--runs 5] [--note PATH] [--no-compile]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process and all its descendants, in MB.

    RSS counts shared pages once per process (the Chromium helpers share a lot);
    PSS splits shared pages between their users, so its sum is the honest total.
    """
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
        todo.extend(_children(current))
    return rss / 1024, pss / 1024


def stop(proc: subprocess.Popen[bytes]) -> None:
    """End a benchmarked app: SIGTERM (a normal close), then SIGKILL after 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def app_env(work: Path) -> dict[str, str]:
    """The environment of an app started for a benchmark: its event log and its own
    data, config and cache folders under ``work``; offscreen when there is no display."""
    env = dict(os.environ)
    env.update(
        NOTEDESK_EVENT_LOG=str(work / "events.log"),
        NOTEDESK_DATA_DIR=str(work / "data"),
        NOTEDESK_CONFIG_DIR=str(work / "config"),
        NOTEDESK_CACHE_DIR=str(work / "cache"),
    )
    if "DISPLAY" not in env and "WAYLAND_DISPLAY" not in env:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def make_note(folder: Path, size_kb: int) -> Path:
    para = (
        "Some **bold** text, a [[Link]] and `code`, then a #tag and more words to fill the line. "
    )
    lines = ["# Big note", ""]
    while sum(len(x) for x in lines) < size_kb * 1024:
        lines += [para * 4, "", "- item one", "- item two", ""]
    note = folder / "Big note.md"
    note.write_text("\n".join(lines), encoding="utf-8")
    return note


# The floor for any PySide6 app: Python, QtCore/QtGui/QtWidgets, the Qt namespace
# (which nearly every real window uses), QApplication and one shown window.
BARE_WINDOW = """
import json, os, sys, time
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("bare window"))
window.resize(1280, 800)
window.show()
with open(os.environ["NOTEDESK_EVENT_LOG"], "a", encoding="utf-8") as log:
    record = {"event": "window_shown", "t": time.time(), "cpu": time.process_time()}
    log.write(json.dumps(record) + "\\n")
QTimer.singleShot(60000, app.quit)
app.exec()
"""


def run_once(note: Path, env: dict[str, str], bare: bool = False) -> dict[str, float]:
    log = Path(env["NOTEDESK_EVENT_LOG"])
    log.unlink(missing_ok=True)
    t0 = time.time()
    command = [sys.executable, "-c", BARE_WINDOW] if bare else [sys.executable, "-m", "notedesk"]
    proc = subprocess.Popen(
        [*command, str(note)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    events: dict[str, float] = {}
    deadline = time.time() + 60
    try:
        last = "window_shown" if bare else "preview_shown"
        while time.time() < deadline and last not in events:
            time.sleep(0.02)
            if log.exists():
                for line in log.read_text().splitlines():
                    record = json.loads(line)
                    events.setdefault(record["event"], record["t"] - t0)
                    if "cpu" in record:
                        events.setdefault(f"cpu_{record['event']}", record["cpu"])
        time.sleep(0.3)
        rss, pss = tree_memory_mb(proc.pid)
        if proc.poll() is not None:
            events["exited"] = 1.0  # ended on its own: counted and reported below
        elif rss > 0:
            events["rss_mb"], events["pss_mb"] = rss, pss
    finally:
        stop(proc)
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--note", type=Path, help="a note to open (default: a generated 700 KB note)"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="do not byte-compile notedesk first"
    )
    parser.add_argument(
        "--bare",
        action="store_true",
        help="also time a bare PySide6 window (QtWidgets only) for comparison",
    )
    args = parser.parse_args()
    if not args.no_compile:
        compileall.compile_dir(ROOT / "notedesk", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="notedesk-bench-"))
    if args.note is None:
        (work / "vault").mkdir()
        note = make_note(work / "vault", 700)
    else:
        note = args.note.absolute()
    size_kb = note.stat().st_size // 1024
    env = app_env(work)
    load_before = os.getloadavg()[0]
    runs = []
    bare_runs = []
    for _ in range(args.runs):  # alternating, so both see the same machine
        runs.append(run_once(note, env))
        if args.bare:
            bare_runs.append(run_once(note, env, bare=True))
    load_after = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"notedesk start-up, {size_kb} KB note, "
        f"{args.runs} runs, platform {env.get('QT_QPA_PLATFORM', 'xcb')}, "
        f"{os.cpu_count()} CPUs, load average {load_before:.2f} before, {load_after:.2f} after"
        + ("" if not args.no_compile else ", modules not byte-compiled")
    )
    print(f"{'measure':38} {'median':>8} {'min':>8} {'max':>8}")
    rows = [
        (runs, "window_shown", "process start -> window shown (s)"),
        (runs, "cpu_window_shown", "  app CPU time until then (s)"),
        (runs, "webengine_loaded", "process start -> QtWebEngine up (s)"),
        (runs, "tree_shown", "process start -> tree shown (s)"),
        (runs, "preview_shown", "process start -> preview rendered (s)"),
        (runs, "cpu_preview_shown", "  app CPU time until then (s)"),
        (runs, "pss_mb", "process tree memory, PSS (MB)"),
        (runs, "rss_mb", "process tree memory, RSS sum (MB)"),
    ]
    if args.bare:
        rows += [
            (bare_runs, "window_shown", "bare PySide6 window shown (s)"),
            (bare_runs, "cpu_window_shown", "  its CPU time until then (s)"),
        ]
    exited = sum(1 for r in runs if "exited" in r)
    if exited:
        print(f"{exited} of {len(runs)} runs: the app exited on its own before it was stopped")
    for measured, key, label in rows:
        values = [r[key] for r in measured if key in r]
        if values:
            print(
                f"{label:38} {statistics.median(values):8.3f} {min(values):8.3f} {max(values):8.3f}"
            )
        else:
            print(f"{label:38} {'n/a':>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
