"""External edits seen by the app: latency to the preview and the tree, and a 1,000-file burst.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_external_edit.py \
        [--notes 500] [--edits 40] [--burst 1000]

Runs the real AppController (watcher, bridge, index, tree, tabs, QtWebEngine
preview) on a generated vault and prints:

* edit -> preview: another program rewrites the open note; time from the
  write to the preview's ``content_shown`` for a render that holds the new text;
* create -> tree: another program creates a note; time until the tree has it;
* bursts of ``--burst`` files, written by a subprocess (created in a folder,
  then rewritten, as a git checkout would): time from the first write until
  every event is applied to tree and tabs and the index has applied the last one
  (large batches are applied over several event-loop turns), and the longest event-loop
  stall (a 5 ms QTimer measuring the gaps between its ticks), with where the
  UI thread spent its time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BURST_SCRIPT = r"""
import os, sys, time
folder, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
first = time.time()
for i in range(count):
    with open(os.path.join(folder, f"burst {i:04d}.md"), "w", encoding="utf-8") as f:
        f.write(f"# Burst {i}\n\n{mode} version, links to [[burst {(i + 1) % count:04d}]].\n")
print(first, time.time())
"""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Profile:
    """Wall time spent in named UI-thread functions (wrapped on their classes)."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.longest: dict[str, float] = defaultdict(float)

    def wrap(self, owner: type, name: str, label: str) -> None:
        original = getattr(owner, name)
        totals, longest = self.totals, self.longest

        def timed(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                totals[label] += spent
                longest[label] = max(longest[label], spent)

        setattr(owner, name, timed)

    def reset(self) -> None:
        self.totals.clear()
        self.longest.clear()


class StallMeter:
    """A 5 ms timer; any longer gap between ticks is time the event loop was blocked."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.gaps = []
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now


def wait_until(app: object, condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        if condition():
            return True
        time.sleep(0.001)
    return condition()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="notedesk-bench-edit-"))
    for name in ("DATA", "CACHE", "CONFIG"):
        os.environ[f"NOTEDESK_{name}_DIR"] = str(work / name.lower())

    from notedesk.app.runtime import prepare_environment

    prepare_environment()  # --no-sandbox as root, as the app itself does

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from notedesk.app.scheme import register_scheme

    register_scheme()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication([sys.argv[0]])

    from notedesk.app.application import AppController
    from notedesk.app.fileswiring import FilesWiring
    from notedesk.app.indexservice import IndexService
    from notedesk.app.notetab import NoteTab
    from notedesk.app.vaultnotices import VaultNotices
    from notedesk.app.widgets.filetree import FileTree
    from notedesk.core.index import VaultIndex

    profile = Profile()
    profile.wrap(FilesWiring, "apply_events", "app: apply batch (total)")
    profile.wrap(IndexService, "apply", "  index_service.apply (+ index_changed slots)")
    profile.wrap(VaultIndex, "apply_all", "    core VaultIndex.apply_all")
    profile.wrap(NoteTab, "apply_file_event", "  tab.apply_file_event (all calls)")
    profile.wrap(FileTree, "select_path", "  file_tree.select_path")
    profile.wrap(FileTree, "apply_events", "  file_tree.apply_events")
    profile.wrap(NoteTab, "_on_renderer_rendered", "preview: show rendered html")
    profile.wrap(VaultNotices, "_on_bridge_files_changed", "sync-conflict notice")

    from vaultgen import generate_vault

    vault = work / "vault"
    generate_vault(vault, args.notes, args.seed)
    note = vault / "Bench note.md"
    note.write_text("# Bench note\n\nstart\n", encoding="utf-8")
    (vault / "burst").mkdir()
    (vault / "created").mkdir()

    controller = AppController(note)
    controller.start()
    controller.load_rest()
    window = controller.window
    assert window is not None
    tab = window.current_tab()
    assert tab is not None
    model = window.file_tree.source_model
    ok = wait_until(
        app,
        lambda: (
            tab.preview is not None
            and getattr(tab.preview, "is_ready", False)
            and controller.index_service.ready
            and controller.bridge.watcher.running  # type: ignore[attr-defined]
            and model.index_of("Bench note.md").isValid()
        ),
        60,
    )
    if not ok:
        print("the app did not get ready within 60 s", file=sys.stderr)
        return 1

    # -- edit -> preview ---------------------------------------------------------
    marker_version: dict[str, int] = {}
    shown: list[int] = [0]
    renderer = controller.renderer

    def on_rendered(version: int, source: str, html: str, _s: float) -> None:
        for marker in list(marker_version):
            if marker_version[marker] == 0 and marker in html:
                marker_version[marker] = version

    renderer.rendered.connect(on_rendered)
    tab.preview_shown.connect(lambda v: shown.__setitem__(0, max(shown[0], v)))

    preview_ms: list[float] = []
    tree_ms: list[float] = []
    for i in range(args.edits):
        marker = f"benchmarker{i}x"
        marker_version[marker] = 0
        text = f"# Bench note\n\nEdited elsewhere, round {i}: {marker}\n\n" + "Body line.\n" * 40
        start = time.perf_counter()
        note.write_text(text, encoding="utf-8")
        if wait_until(app, lambda m=marker: 0 < marker_version[m] <= shown[0], 10):
            preview_ms.append((time.perf_counter() - start) * 1000)
        created = f"created/new {i}.md"
        start = time.perf_counter()
        (vault / created).write_text(f"# New {i}\n", encoding="utf-8")
        if wait_until(app, lambda c=created: model.index_of(c).isValid(), 10):
            tree_ms.append((time.perf_counter() - start) * 1000)
        wait_until(app, lambda: False, 0.1)

    print(f"vault: {args.notes} generated notes; offscreen={os.environ['QT_QPA_PLATFORM']}")
    for label, values, n in (
        ("external edit -> preview shown", preview_ms, args.edits),
        ("external create -> tree shows it", tree_ms, args.edits),
    ):
        if len(values) < n:
            print(f"{label}: {n - len(values)} of {n} never arrived (10 s timeout)")
        if values:
            print(
                f"{label:34} n={len(values):3}  p50 {statistics.median(values):6.1f} ms  "
                f"p95 {percentile(values, 95):6.1f} ms  max {max(values):6.1f} ms"
            )

    # -- bursts ------------------------------------------------------------------------
    for mode in ("create", "rewrite"):
        expected = {f"burst/burst {i:04d}.md" for i in range(args.burst)}
        seen: set[str] = set()

        def on_files(events: list[object], seen: set[str] = seen) -> None:
            for ev in events:
                seen.add(getattr(ev, "path", ""))

        # Connected after the app's own slot, so it runs once that slot is done.
        controller.bridge.files_changed.connect(on_files)  # type: ignore[attr-defined]
        profile.reset()
        meter = StallMeter()
        meter.start()
        proc = subprocess.Popen(
            [sys.executable, "-c", BURST_SCRIPT, str(vault / "burst"), str(args.burst), mode],
            stdout=subprocess.PIPE,
            text=True,
        )
        done = wait_until(
            app,
            lambda e=expected, s=seen, p=proc, i=controller.index_service: (
                e <= s and p.poll() is not None and not i.busy
            ),
            30,
        )
        finished = time.time()
        out, _ = proc.communicate()
        wait_until(app, lambda: False, 0.3)  # keep measuring stalls a little longer
        meter.stop()
        controller.bridge.files_changed.disconnect(on_files)  # type: ignore[attr-defined]
        first_write, last_write = (float(x) for x in out.split())
        gaps_ms = [g * 1000 for g in meter.gaps]
        long = [g for g in gaps_ms if g > 100]
        print(
            f"burst of {args.burst} files ({mode}): "
            + (
                f"handled {finished - first_write:5.2f} s after the first write "
                f"(writing took {last_write - first_write:4.2f} s)"
                if done
                else f"NOT handled within 30 s ({len(expected - seen)} events missing)"
            )
        )
        print(
            f"  event-loop stall: longest {max(gaps_ms):6.1f} ms, "
            f"{len(long)} over 100 ms, p99 gap {percentile(gaps_ms, 99):5.1f} ms"
        )
        for label in sorted(profile.totals):
            print(
                f"  {label:46} total {profile.totals[label] * 1000:7.1f} ms, "
                f"longest call {profile.longest[label] * 1000:6.1f} ms"
            )

    window.close()
    controller.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
