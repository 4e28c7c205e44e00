"""Builds the vault index off the UI thread and keeps it current with file events."""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal

from notedesk.app.background import (
    long_lived_allocations,
    release_long_lived,
    run_in_background,
)
from notedesk.core.events import FileEvent
from notedesk.core.index import BuildCancelled, VaultIndex
from notedesk.core.store import IndexStore, StoreError
from notedesk.core.vault import Vault

log = logging.getLogger(__name__)

# A batch this small is applied at once (an edit reaches the preview without a turn's delay).
CHUNK = 8
# Work per event-loop turn while a large batch is applied: the chunk size follows
# the measured cost per event so that one turn takes about this long.
TURN_BUDGET_S = 0.008
MAX_CHUNK = 256


class IndexService(QObject):
    """Owns the VaultIndex of one vault.

    The first build runs on a worker thread; after ``index_ready`` the index is
    only changed on the UI thread, one batch of events at a time.

    Signals:
        build_progressed(done, total): parsing progress of the first build.
        index_ready(): the whole vault is indexed.
        index_changed(events): events were applied (after ``index_ready``).
        index_failed(message): the build failed.
    """

    build_progressed = Signal(int, int)
    index_ready = Signal()
    index_changed = Signal(list)
    index_failed = Signal(str)

    def __init__(self, vault: Vault, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        # The cache is opened by the first build, off the UI thread (opening and
        # checking the SQLite file can take a while on a busy disk).
        self.store: IndexStore | None = None
        self.index = VaultIndex(vault, None)
        self._closed = False
        self.ready = False
        self._queued: list[FileEvent] = []
        self._pending: list[FileEvent] = []
        self._pending_done: list[FileEvent] = []
        self._draining = False
        self._chunk = 4
        self._cancel = threading.Event()

    def start(self) -> None:
        run_in_background(self._build, self._on_built, self._on_failed)

    def _build(self) -> None:
        if self.store is None and not self._closed:
            try:
                self.store = IndexStore(self.vault.root)
            except (StoreError, OSError) as exc:
                log.warning("index cache unavailable, indexing without it: %s", exc)
            self.index.store = self.store
        with long_lived_allocations():
            self.index.build(progress=self._report, cancelled=self._cancel.is_set)

    def _report(self, done: int, total: int) -> None:
        self.build_progressed.emit(done, total)  # queued to the UI thread

    def _on_built(self, _result: object) -> None:
        self.ready = True
        self.build_progressed.emit(1, 1)
        queued, self._queued = self._queued, []
        self.index_ready.emit()
        if queued:
            self.apply(queued)

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, BuildCancelled):
            log.debug("indexing stopped: the vault was closed")
            return
        log.error("indexing failed: %s", exc)
        self.index_failed.emit(f"Indexing failed: {exc}")

    def apply(self, events: list[FileEvent]) -> None:
        """Apply events; a large batch is split over event-loop turns so the UI never stalls."""
        if not self.ready:
            self._queued.extend(events)
            return
        if len(events) <= CHUNK and not self._pending:
            self._apply_now(events)
            self.index_changed.emit(events)
            return
        self._pending.extend(events)
        self._pending_done.extend(events)
        if not self._draining:
            self._draining = True
            QTimer.singleShot(0, self._drain)

    def _apply_now(self, events: list[FileEvent]) -> None:
        try:
            self.index.apply_all(events)
        except Exception:
            log.exception("applying %d file events failed", len(events))

    def _drain(self) -> None:
        chunk, self._pending = self._pending[: self._chunk], self._pending[self._chunk :]
        start = time.perf_counter()
        self._apply_now(chunk)
        per_event = (time.perf_counter() - start) / len(chunk)
        self._chunk = max(1, min(MAX_CHUNK, int(TURN_BUDGET_S / max(per_event, 1e-5))))
        if self._pending:
            QTimer.singleShot(0, self._drain)
            return
        self._draining = False
        done, self._pending_done = self._pending_done, []
        self.index_changed.emit(done)

    @property
    def busy(self) -> bool:
        """Events are still being applied (a large batch in progress)."""
        return self._draining

    def close(self) -> None:
        """The vault is closed: a build still running stops at its next note."""
        self._closed = True
        self._cancel.set()
        release_long_lived()
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                log.debug("closing the index cache failed", exc_info=True)
