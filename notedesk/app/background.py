"""Run a function on the thread pool and get its result back on the UI thread."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal
from shiboken6 import isValid

from notedesk.core.gcpause import collection_paused

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
    pool: QThreadPool | None = None,
) -> None:
    """Call ``fn()`` off the UI thread; ``on_done``/``on_error`` then run on the UI thread.

    ``pool``: a thread pool of its own (default: the global one, whose threads long
    jobs such as an unlinked-mentions scan may hold for seconds)."""
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
    (pool or QThreadPool.globalInstance()).start(_Job(fn, relay))


_quitting = threading.Event()


def stop_background_work() -> None:
    """The app is quitting: every ``Cancel`` reads as set, so scans stop at their next check
    (the pools' threads are waited for before the process ends)."""
    _quitting.set()


def quitting() -> bool:
    """Whether the app is quitting (a ``cancelled`` for jobs that only stop then)."""
    return _quitting.is_set()


class Cancel:
    """A job's cancel flag (``is_set`` is the job's ``cancelled``): set by a newer request
    that makes its result stale, or by the app quitting (``stop_background_work``)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set() or _quitting.is_set()


_pools: dict[str, QThreadPool] = {}


def single_thread_pool(name: str, priority: QThread.Priority | None = None) -> QThreadPool:
    """A pool of one thread, one per ``name``, owned by the application (which ends it)."""
    pool = _pools.get(name)
    if pool is None or not isValid(pool):
        pool = QThreadPool(QCoreApplication.instance())
        pool.setObjectName(name)
        pool.setMaxThreadCount(1)
        if priority is not None:
            pool.setThreadPriority(priority)
        _pools[name] = pool
    return pool


def run_low_priority(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Like ``run_in_background``, for work that prepares for later (the quick switcher's
    names, the sync-conflict scan): one job at a time, on a low-priority thread.

    Python jobs share the GIL: each one running beside the UI thread makes it wait
    for the GIL in turn, and several at once (right after the index is ready, say)
    leave it less of it than one; their total throughput is the same either way.
    """
    pool = single_thread_pool("low priority", QThread.Priority.LowPriority)
    run_in_background(fn, on_done, on_error, pool)


def import_quietly(modules: list[str]) -> None:
    """Import ``modules``; a failed import is left for the importer that needs it to report."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            log.debug("preloading %s failed", name, exc_info=True)


@contextmanager
def long_lived_allocations() -> Iterator[None]:
    """Around building something large and long-lived (the index of a big vault).

    Garbage collection is paused meanwhile (``collection_paused``: a full
    collection over a 10,000-note index holds the GIL for a few hundred
    milliseconds, in which the UI thread cannot run). At the end, still paused,
    what was built is moved out of the collector's sight (``gc.freeze``, which
    costs nothing), so later collections only walk newer objects.

    No collection runs before the freeze: everything allocated meanwhile is still
    in the young generation, and collecting it (even ``gc.collect(1)``, or the
    automatic one at the first allocation once collections resume) walks all of it
    while holding the GIL, 80-200 ms for a 10,000-note vault. The price: cyclic
    garbage made meanwhile (by any thread) is frozen too and kept until
    ``release_long_lived``.
    """
    with collection_paused():
        try:
            yield
        finally:
            gc.freeze()


def release_long_lived() -> None:
    """What ``long_lived_allocations`` froze is collectable again (a vault was closed:
    its index may hold reference cycles that only a full collection frees)."""
    gc.unfreeze()


UI_SWITCH_INTERVAL_S = 0.0002


def favour_ui_thread() -> None:
    """Hand the GIL over more often than Python's default 5 ms.

    The UI thread gives up the GIL at nearly every Qt call and must wait for it
    again while a background job (index load, name list, scans) runs Python code:
    at 5 ms per wait, a slot making a few dozen Qt calls stalls for a tenth of a
    second, and painting a view (hundreds of calls into Python) far longer. At
    0.2 ms the background jobs lose a little throughput, the window none (10k-note
    vault, cold cache: longest stall while indexing 24-103 ms against 80-157 ms at
    1 ms, in the 3 s after 37-232 ms against 104-563 ms).
    """
    import sys

    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
