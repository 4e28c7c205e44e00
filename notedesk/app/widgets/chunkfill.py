"""Fills a widget over several event-loop turns, a few milliseconds of work per turn."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

# Work per event-loop turn: input and painting get a turn at least this often.
TURN_BUDGET_S = 0.008


class ChunkedFill(QObject):
    """Runs a fill, given as a generator that yields after each small piece of work
    (one row, one group), until it is exhausted: the first piece at once, then as much
    per event-loop turn as fits ``budget_s``. Starting another fill or ``cancel`` drops
    the one in progress (its ``done`` is never called).
    """

    def __init__(self, parent: QObject | None = None, budget_s: float = TURN_BUDGET_S) -> None:
        super().__init__(parent)
        self._budget = budget_s
        self._work: Iterator[None] | None = None
        self._done: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)

    @property
    def busy(self) -> bool:
        return self._work is not None

    def start(self, work: Iterator[None], done: Callable[[], None] | None = None) -> None:
        self.cancel()
        self._work = work
        self._done = done
        self._run()

    def cancel(self) -> None:
        self._timer.stop()
        self._work = None
        self._done = None

    def _run(self) -> None:
        work = self._work
        if work is None:
            return
        end = time.perf_counter() + self._budget
        for _ in work:
            if self._work is not work:
                return  # the piece just done started another fill or cancelled this one
            if time.perf_counter() >= end:
                self._timer.start()
                return
        if self._work is work:
            done = self._done
            self._work = None
            self._done = None
            if done is not None:
                done()
