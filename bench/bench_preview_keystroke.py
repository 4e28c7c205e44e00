"""Keystroke to updated preview, with the real widgets (offscreen).

Opens a note of a given size in the real window, types characters into the
editor one at a time, and measures from each key press until the preview page
shows the render that contains it (the page's ``content_shown`` for a version at
or after the keystroke's). Also records the longest time the editor's event loop
was blocked by a key press.

    QT_QPA_PLATFORM=offscreen python bench/bench_preview_keystroke.py --sizes 5,50 --keys 40
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")


def make_text(kb: int) -> str:
    para = (
        "Some **bold** and *italic* text with a [[Link]] and `code`, a #tag and more "
        "words so that the paragraph wraps over a few lines in the editor."
    )
    parts = ["---\ntags: [bench]\n---\n# Keystroke benchmark\n"]
    i = 0
    while sum(len(p) for p in parts) < kb * 1024:
        i += 1
        parts.append(
            f"\n## Section {i}\n\n{para}\n\n- item one\n- item two\n\n> [!note] Callout\n> {para}\n"
        )
    return "".join(parts)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,50,1000", help="note sizes in KB")
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="notedesk-keys-"))
    for name in ("DATA", "CONFIG", "CACHE"):
        os.environ[f"NOTEDESK_{name}_DIR"] = str(work / name.lower())

    from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from notedesk.app.scheme import register_scheme

    register_scheme()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    from notedesk.app.application import AppController, release_qt_objects

    print(f"keystroke -> preview shown, {args.keys} keys per size, {os.cpu_count()} cores")
    print(f"{'note':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'key blocked max ms':>20}")
    for kb in (int(s) for s in args.sizes.split(",")):
        vault = work / f"v{kb}"
        vault.mkdir()
        note = vault / "Bench.md"
        note.write_text(make_text(kb), encoding="utf-8")
        controller = AppController(note)
        controller.start()
        controller.window.ask_before_close = False
        controller.load_rest()
        tab = controller.window.current_tab()
        deadline = time.monotonic() + 60
        while (tab.preview is None or not tab.preview.is_ready) and time.monotonic() < deadline:
            app.processEvents()
        shown: list[tuple[int, float]] = []
        tab.preview_shown.connect(lambda v, seen=shown: seen.append((v, time.perf_counter())))
        # let the first render land
        deadline = time.monotonic() + 60
        while not shown and time.monotonic() < deadline:
            app.processEvents()
        tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
        latencies: list[float] = []
        blocked: list[float] = []
        renderer = controller.renderer
        for _ in range(args.keys):
            shown.clear()
            timer = QElapsedTimer()
            start = time.perf_counter()
            timer.start()
            QTest.keyClick(tab.editor, Qt.Key.Key_X)
            blocked.append(timer.elapsed())
            version = renderer._version  # the version this keystroke requested (or a later one)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(v >= version for v, _t in shown):
                app.processEvents()
            done = next((t for v, t in shown if v >= version), None)
            if done is not None:
                latencies.append((done - start) * 1000)
        controller.shutdown()
        print(
            f"{kb:>6}KB {statistics.median(latencies):8.1f} {percentile(latencies, 0.95):8.1f} "
            f"{max(latencies):8.1f} {max(blocked):20.1f}"
        )
    release_qt_objects()
    return 0


if __name__ == "__main__":
    sys.exit(main())
