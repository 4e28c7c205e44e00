"""Delivers the watcher's batches (from its own thread) as a Qt signal on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from notedesk.core.events import FileEvent
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.vault import Vault
from notedesk.core.watch import VaultWatcher


class WatchBridge(QObject):
    """Signals:
    files_changed(events): a coalesced batch of FileEvents, on the UI thread.
    """

    files_changed = Signal(list)

    def __init__(self, vault: Vault, own_writes: OwnWrites, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Emitting from the watcher thread: Qt queues the signal to this object's thread.
        # The watcher leaves out what the vault's listing leaves out (its ignore rules).
        self.watcher = VaultWatcher(
            str(vault.root), self._on_batch, ignore=vault.is_ignored, own_writes=own_writes
        )

    def _on_batch(self, events: list[FileEvent]) -> None:
        self.files_changed.emit(list(events))

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()

    @property
    def status(self) -> str:
        """'' when native watching works, else why polling is used."""
        if self.watcher.mode == "polling":
            reason = self.watcher.fallback_reason or "native watching unavailable"
            return f"Watching by polling: {reason}"
        return ""
