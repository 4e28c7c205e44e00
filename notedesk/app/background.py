"""Run a function on the thread pool and get its result back on the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    # No payload crosses threads through the signal: PySide6 has mishandled the
    # reference count of None sent through Signal(object) from another thread.
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.result: Any = None
        self.error: Exception | None = None


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            self._relay.result = self._fn()
        except Exception as exc:
            log.debug("background job failed", exc_info=True)
            self._relay.error = exc
        self._relay.finished.emit()


_live: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Call ``fn()`` off the UI thread; ``on_done``/``on_error`` then run on the UI thread."""
    relay = _Relay()
    _live.add(relay)

    def finish() -> None:
        _live.discard(relay)
        try:
            if relay.error is None:
                on_done(relay.result)
            elif on_error is not None:
                on_error(relay.error)
        except RuntimeError as exc:
            # A job may outlive the widget that asked for it (window closed, vault
            # switched); its result is then simply dropped.
            if "already deleted" not in str(exc) and "has been deleted" not in str(exc):
                raise
            log.debug("background result dropped: %s", exc)

    relay.finished.connect(finish)
    QThreadPool.globalInstance().start(_Job(fn, relay))
