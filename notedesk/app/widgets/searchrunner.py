"""Runs the search panel's queries off the UI thread, one at a time.

A new query asks the running search to stop (when the search function takes a
``cancelled`` callable) and runs as soon as it has; every result carries a
sequence number so only the newest query's result is ever reported. A long
search (one that needs more than a page of candidates) reports the hits it has
so far as it goes, when the search function takes a ``partial`` callback.

A query with more hits than the page holds is counted afterwards (when there is
a ``count`` function): the page is reported as soon as it is found and, once it
has painted (COUNT_AFTER_MS: a worker busy counting would slow the painting
down), the worker counts every match, as one more step of that search. A newer
query cancels the count like the search itself (one not started yet is dropped
at once), and a total is reported only for the query it counted; asking for
more of the same query reuses the total already counted.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from notedesk.app.background import Cancel

PARTIAL_AFTER_S = 0.1  # a search running this long reports the hits it has found so far
COUNT_AFTER_MS = 100  # the count starts this long after a page is reported: the page paints first

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]


class LineMatchLike(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def ranges(self) -> Sequence[tuple[int, int]]: ...


class TotalLike(Protocol):
    @property
    def notes(self) -> int: ...
    @property
    def lines(self) -> int | None: ...


class HitLike(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def matches(self) -> Sequence[LineMatchLike]: ...


def _positional(search: Callable[..., Any]) -> int:
    """How many positional arguments ``search`` takes (plenty with ``*args``)."""
    try:
        params = inspect.signature(search).parameters.values()
    except (TypeError, ValueError):
        return 2
    kinds = [p.kind for p in params]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        return 99
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(k in positional for k in kinds)


class _Relay(QObject):
    """Carries a running search's hits so far to the UI thread (no payload crosses threads:
    the hits wait in ``latest``)."""

    arrived = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.lock = threading.Lock()
        self.latest: tuple[int, Sequence[HitLike]] | None = None

    def offer(self, seq: int, hits: Sequence[HitLike]) -> None:  # from the worker thread
        with self.lock:
            self.latest = (seq, hits)
        self.arrived.emit()

    def take(self) -> tuple[int, Sequence[HitLike]] | None:
        with self.lock:
            latest, self.latest = self.latest, None
        return latest


class SearchRunner(QObject):
    """Signals (each for the newest query only):
    started(): a search began running.
    partial(hits): the running search's hits so far.
    found(query, hits, capped, total): the query's hits; ``capped``: as many as asked
        for (there may be more); ``total``: every match, when already counted, else None.
    counted(query, total): every note and line the query matches, after a capped page.
    count_failed(): that count went wrong.
    failed(query, message): the search raised (a malformed query: ``QueryError``).

    ``search(query, limit[, cancelled[, partial]])`` and ``count(query, cancelled)``
    run on ``runner``'s worker thread (see ``SearchPanel``).
    """

    started = Signal()
    partial = Signal(object)
    found = Signal(str, object, bool, object)
    counted = Signal(str, object)
    count_failed = Signal()
    failed = Signal(str, str)

    def __init__(
        self,
        search: Callable[..., Sequence[HitLike]],
        count: Callable[[str, Callable[[], bool]], TotalLike] | None,
        runner: Runner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._count = count
        self._run = runner
        arity = _positional(search)
        self._cancellable = arity >= 3
        self._relay = _Relay(self) if arity >= 4 else None
        if self._relay is not None:
            self._relay.arrived.connect(self._on_relay_arrived)
        self._total: tuple[str, TotalLike] | None = None  # the last query counted, its total
        self._cancel: Cancel | None = None  # set: the running search is stale (or the app quits)
        self._started = 0.0  # time.monotonic() when the running search started
        self._seq = 0
        self._running = False
        self._pending = False
        self._query = ""
        self._limit = 0
        self._count_wait = QTimer(self)  # a page is shown; its count starts when this fires
        self._count_wait.setSingleShot(True)
        self._count_wait.setInterval(COUNT_AFTER_MS)
        self._count_wait.timeout.connect(self._on_count_wait_timeout)
        self._count_query = ""

    @property
    def counts(self) -> bool:
        """Whether a capped page is followed by its count."""
        return self._count is not None

    def start(self, query: str, limit: int) -> None:
        """Search for ``query`` (at most ``limit`` hits) once the running search is done."""
        self.stop()
        self._query, self._limit = query, limit
        if self._running:
            self._pending = True  # the finishing search starts this one
            return
        self._launch()

    def stop(self) -> None:
        """Drop the running search's results (and stop it, when it can be stopped)."""
        self._seq += 1
        self._pending = False
        if self._cancel is not None:
            self._cancel.set()
        if self._count_wait.isActive():  # the last search's count never started: its turn ends
            self._count_wait.stop()
            self._running = False

    def forget_total(self) -> None:
        """The index changed: a total counted before no longer holds."""
        self._total = None

    def _launch(self) -> None:
        self._running = True
        self._pending = False
        seq, query, limit = self._seq, self._query, self._limit
        search = self._search
        cancel = self._cancel = Cancel()
        cancellable = self._cancellable
        relay = self._relay

        def job() -> Sequence[HitLike]:
            if relay is not None:
                return search(query, limit, cancel.is_set, lambda h: relay.offer(seq, h))
            if cancellable:
                return search(query, limit, cancel.is_set)
            return search(query, limit)

        self._started = time.monotonic()
        self.started.emit()
        self._run(
            job,
            lambda hits: self._on_search_done(seq, query, hits, limit),
            lambda exc: self._on_search_failed(seq, query, exc),
        )

    def _finish_one(self) -> None:
        self._running = False
        if self._pending:
            self._launch()

    def _on_search_done(self, seq: int, query: str, hits: Sequence[HitLike], limit: int) -> None:
        if seq == self._seq:
            capped = len(hits) >= limit
            known = self._total[1] if self._total is not None and self._total[0] == query else None
            self.found.emit(query, list(hits), capped, known if capped else None)
            if capped and known is None and self._count is not None:
                self._count_query = query  # this search's turn ends with its count
                self._count_wait.start()
                return
        self._finish_one()

    def _on_search_failed(self, seq: int, query: str, exc: Exception) -> None:
        if seq == self._seq:
            self.failed.emit(query, str(exc) or type(exc).__name__)
        self._finish_one()

    def _on_count_wait_timeout(self) -> None:
        seq, query = self._seq, self._count_query
        count = self._count
        cancel = self._cancel
        assert count is not None and cancel is not None
        self._run(
            lambda: count(query, cancel.is_set),
            lambda total: self._on_count_done(seq, query, total),
            lambda _exc: self._on_count_failed(seq),
        )

    def _on_count_failed(self, seq: int) -> None:
        if seq == self._seq:  # not cancelled (a newer query would have moved on): failed
            self.count_failed.emit()
        self._finish_one()

    def _on_count_done(self, seq: int, query: str, total: TotalLike) -> None:
        if seq == self._seq:
            self._total = (query, total)
            self.counted.emit(query, total)
        self._finish_one()

    def _on_relay_arrived(self) -> None:
        latest = self._relay.take() if self._relay is not None else None
        if latest is None or latest[0] != self._seq or not self._running:
            return
        # a quick search just finishes: reporting its hits twice would only cost time
        if time.monotonic() - self._started >= PARTIAL_AFTER_S:
            self.partial.emit(list(latest[1]))
