"""Renders off the UI thread, coalescing: at most one render in flight, the latest text wins.

A render starts as soon as text changes and nothing is rendering; text that
arrives meanwhile waits, and only its newest version is rendered next. The
delay therefore tracks the real render cost instead of a fixed debounce.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QMetaMethod, QObject, QThread, Signal, Slot

from notedesk.app.background import favour_ui_thread
from notedesk.core.gcpause import collection_paused

log = logging.getLogger(__name__)

# Returns HTML, or an object with an ``html`` attribute (the preview's RenderedBlocks).
RenderFn = Callable[[str, str], object]


class _Worker(QObject):
    finished = Signal(int, str, object, float)  # version, source, result, seconds

    def __init__(self, render: RenderFn) -> None:
        super().__init__()
        self._render = render

    @Slot(int, str, str)
    def render(self, version: int, source: str, text: str) -> None:
        start = time.perf_counter()
        # A long note's render makes hundreds of thousands of objects, and every
        # full collection the allocations trigger walks them all while holding the
        # GIL, freezing the UI thread for up to seconds. Rendering makes little
        # cyclic garbage: collection waits until the render is done.
        try:
            with collection_paused():
                result = self._render(text, source)
        except Exception as exc:  # a renderer bug must not take the editor down
            log.exception("render of %s failed", source)
            result = (
                '<div class="render-error">This note could not be rendered: '
                f"{type(exc).__name__}</div>"
            )
        self.finished.emit(version, source, result, time.perf_counter() - start)


class RenderQueue(QObject):
    """Signals:
    rendered(version, source, html, seconds): a render finished (on the UI thread).
    rendered_result(version, source, result, seconds): the same render as the render
        function returned it (HTML, or blocks a view can patch in place).
    """

    rendered = Signal(int, str, str, float)
    rendered_result = Signal(int, str, object, float)
    _start = Signal(int, str, str)

    def __init__(self, render: RenderFn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        favour_ui_thread()  # the render thread must not hold up typing
        self._thread = QThread(self)
        self._thread.setObjectName("notedesk-render")
        self._worker = _Worker(render)
        self._worker.moveToThread(self._thread)
        self._start.connect(self._worker.render)
        self._worker.finished.connect(self._on_worker_finished)
        self._thread.start()
        self._in_flight = False
        self._waiting: tuple[int, str, str | Callable[[], str]] | None = None
        self._version = 0

    def request(self, source: str, text: str) -> int:
        """Queue a render of ``text``; returns its version number."""
        self._version += 1
        if self._in_flight:
            self._waiting = (self._version, source, text)
        else:
            self._in_flight = True
            self._start.emit(self._version, source, text)
        return self._version

    def request_lazy(self, source: str, text: Callable[[], str]) -> int:
        """Like ``request``, but ``text()`` is called only when the render starts: while
        a render is in flight, keystrokes in a long note need not read its text."""
        self._version += 1
        if self._in_flight:
            self._waiting = (self._version, source, text)
        else:
            self._in_flight = True
            self._start.emit(self._version, source, text())
        return self._version

    @property
    def busy(self) -> bool:
        return self._in_flight

    def _on_worker_finished(
        self, version: int, source: str, result: object, seconds: float
    ) -> None:
        self._in_flight = False
        if self._waiting is not None:
            (next_version, next_source, text), self._waiting = self._waiting, None
            body = text if isinstance(text, str) else _lazy_text(text)
            if body is not None:
                self._in_flight = True
                self._start.emit(next_version, next_source, body)
        self.rendered_result.emit(version, source, result, seconds)
        # Joining a long note's blocks costs milliseconds: only when someone listens.
        if self.isSignalConnected(QMetaMethod.fromSignal(self.rendered)):
            html = result if isinstance(result, str) else str(getattr(result, "html", ""))
            self.rendered.emit(version, source, html, seconds)

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait(5000)


def _lazy_text(text: Callable[[], str]) -> str | None:
    """``text()``, or None when the tab that asked for the render has been closed since
    (its Qt objects are gone: nothing is left to render for)."""
    try:
        return text()
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
        return None
