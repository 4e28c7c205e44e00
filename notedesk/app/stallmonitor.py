"""Measures event-loop stalls: a timer that should tick every few ms, and the gaps it saw.

Started only when the event log is on (benchmarks); costs nothing otherwise.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from notedesk.app import eventlog

TICK_MS = 5
# Every gap at least this long is also logged on its own (``gap`` events), to place it.
GAP_LOGGED_S = 0.05


class StallMonitor(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last = 0.0
        self.longest = 0.0
        self.longest_at = 0.0
        self._separate: str | None = None

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self._last = now
        if self._separate is not None:
            label, self._separate = self._separate, None
            eventlog.event("stall", label=label, longest_ms=round(gap * 1000, 1), at=time.time())
            return
        if gap >= GAP_LOGGED_S:
            eventlog.event("gap", ms=round(gap * 1000, 1))
        if gap > self.longest:
            self.longest = gap
            self.longest_at = time.time()

    def measure_separately(self, label: str) -> None:
        """The gap until the next tick (a known blocking step about to run) is logged
        under ``label`` and left out of the current period's longest."""
        self._separate = label

    def report(self, label: str) -> None:
        """Log the longest gap so far and start a new measuring period."""
        eventlog.event(
            "stall", label=label, longest_ms=round(self.longest * 1000, 1), at=self.longest_at
        )
        self.longest = 0.0
