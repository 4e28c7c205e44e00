"""Run a function on the thread pool and get its result back on the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            log.debug("background job failed", exc_info=True)
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


_live: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Call ``fn()`` off the UI thread; ``on_done``/``on_error`` then run on the UI thread."""
    relay = _Relay()
    _live.add(relay)

    def finish(result: object) -> None:
        _live.discard(relay)
        on_done(result)

    def fail(exc: object) -> None:
        _live.discard(relay)
        if on_error is not None and isinstance(exc, Exception):
            on_error(exc)

    relay.done.connect(finish)
    relay.failed.connect(fail)
    QThreadPool.globalInstance().start(_Job(fn, relay))
