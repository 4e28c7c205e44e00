"""Keystroke to updated preview, with the real widgets (offscreen).

Opens a note of a given size in the real window, types characters into the
editor one at a time, and measures from each key press until the preview page
shows the render that contains it (the page's ``content_shown``, sent after the
patched content was painted, for a version at or after the keystroke's). Waits
in Qt's own event loop, as the app does. Also records the longest time a key
press blocked the editor, and per stage: the render on the render thread (wall
and CPU time), and render finished -> page shows it (transfer, DOM patch, paint).

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
from typing import Any

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


def open_note_in_app(app: Any, note: Path) -> tuple[Any, Any]:
    """The real app (AppController, no close prompt) on ``note``, once its preview is ready."""
    from notedesk.app.application import AppController

    controller = AppController(note)
    controller.start()
    controller.window.ask_before_close = False
    controller.load_rest()
    tab = controller.window.current_tab()
    deadline = time.monotonic() + 60
    while (tab.preview is None or not tab.preview.is_ready) and time.monotonic() < deadline:
        app.processEvents()
    return controller, tab


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class ShownWaiter:
    """Waits in a Qt event loop until the preview shows a version (or 30 s pass)."""

    def __init__(self, tab: Any) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        self.shown: list[tuple[int, float]] = []
        self._wanted = 0
        self._loop = QEventLoop()
        self._timeout = QTimer()
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._loop.quit)
        tab.preview_shown.connect(self._on_shown)

    def _on_shown(self, version: int) -> None:
        self.shown.append((version, time.perf_counter()))
        if version >= self._wanted:
            self._loop.quit()

    def wait(self, version: int) -> float | None:
        """When version (or a later one) was shown, in perf_counter seconds."""
        self._wanted = version
        if not any(v >= version for v, _t in self.shown):
            self._timeout.start(30000)
            self._loop.exec()
            self._timeout.stop()
        return next((t for v, t in self.shown if v >= version), None)


def measure(
    controller: Any, tab: Any, keys: int
) -> tuple[list[float], list[float], list[tuple[float, float]], list[float]]:
    """Latencies, key blocking, render (wall, cpu) and render->shown, all in ms."""
    from PySide6.QtCore import QElapsedTimer, Qt
    from PySide6.QtTest import QTest

    renders: list[tuple[float, float, float]] = []  # wall, cpu, finished at
    render = controller._render

    def timed(text: str, source: str) -> object:
        start, cpu = time.perf_counter(), time.thread_time()
        result = render(text, source)
        now = time.perf_counter()
        renders.append((now - start, time.thread_time() - cpu, now))
        return result

    controller.renderer._worker._render = timed
    waiter = ShownWaiter(tab)
    renderer = controller.renderer
    tab.rerender()  # let a first render land
    waiter.wait(renderer._version)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    latencies: list[float] = []
    blocked: list[float] = []
    render_ms: list[tuple[float, float]] = []
    to_shown: list[float] = []
    for _ in range(keys):
        waiter.shown.clear()
        renders.clear()
        timer = QElapsedTimer()
        start = time.perf_counter()
        timer.start()
        QTest.keyClick(tab.editor, Qt.Key.Key_X)
        blocked.append(timer.elapsed())
        done = waiter.wait(renderer._version)  # this keystroke's version (or a later one)
        if done is not None:
            latencies.append((done - start) * 1000)
            if renders:
                wall, cpu, finished = renders[-1]
                render_ms.append((wall * 1000, cpu * 1000))
                to_shown.append((done - finished) * 1000)
    return latencies, blocked, render_ms, to_shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,50,1000", help="note sizes in KB")
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="notedesk-keys-"))
    for name in ("DATA", "CONFIG", "CACHE"):
        os.environ[f"NOTEDESK_{name}_DIR"] = str(work / name.lower())

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from notedesk.app.scheme import register_scheme

    register_scheme()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    from notedesk.app.application import release_qt_objects

    print(f"keystroke -> preview shown, {args.keys} keys per size, {os.cpu_count()} cores")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(
        f"{'note':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'key blocked max ms':>19}"
        f" {'render p50 ms (cpu)':>20} {'render->shown p50 ms':>21}"
    )
    for kb in (int(s) for s in args.sizes.split(",")):
        vault = work / f"v{kb}"
        vault.mkdir()
        note = vault / "Bench.md"
        note.write_text(make_text(kb), encoding="utf-8")
        controller, tab = open_note_in_app(app, note)
        latencies, blocked, render_ms, to_shown = measure(controller, tab, args.keys)
        controller.shutdown()
        print(
            f"{kb:>6}KB {statistics.median(latencies):8.1f} {percentile(latencies, 0.95):8.1f} "
            f"{max(latencies):8.1f} {max(blocked):19.1f} "
            f"{statistics.median(w for w, _c in render_ms):11.1f} "
            f"({statistics.median(c for _w, c in render_ms):5.1f}) "
            f"{statistics.median(to_shown):21.1f}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    release_qt_objects()
    return 0


if __name__ == "__main__":
    sys.exit(main())
