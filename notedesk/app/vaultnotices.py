"""Vault-wide notices: conflict files left by sync tools, polling, a vault folder gone,
what the ignore rules leave out.

Conflict files (Syncthing, Dropbox, Nextcloud, ownCloud, and notedesk's own
copies) are found by a scan at start and kept current from the watcher's
events; each can be compared with its original. When the watcher has to poll
(no inotify watches left, network file system) a permanent label says why.
When the vault folder itself disappears (renamed, moved or deleted by another
program, a drive unplugged), ``vault_folder_message`` says so, and again when
it is back. The scan that finds conflict files also counts what the vault's ignore
rules (``.gitignore``, Foam's globs, ``node_modules``) leave out: a quiet line says so.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from notedesk.app.background import quitting, run_low_priority
from notedesk.app.widgets.comparedialog import CompareDialog
from notedesk.app.widgets.leftoutnotice import LeftOutNotice
from notedesk.app.widgets.syncnotice import SyncConflictNotice
from notedesk.core.cancel import check
from notedesk.core.conflicts import find_sync_conflicts, side_by_side, sync_conflict_original
from notedesk.core.diskversion import read_disk
from notedesk.core.events import FileEvent
from notedesk.core.ignore import LeftOut
from notedesk.core.vault import Vault, VaultError

log = logging.getLogger(__name__)


class VaultNotices(QObject):
    """Owns the sync-conflict button, the polling label and the left-out line of one
    window's status bar.

    Signals:
    vault_folder_message(str): what to say about the vault folder gone or back
    ("" once nothing needs saying).
    """

    vault_folder_message = Signal(str)

    def __init__(self, window: QMainWindow, vault: Vault, bridge: QObject | None) -> None:
        super().__init__(window)
        self.window = window
        self.vault = vault
        self._bridge = bridge
        self.compare_dialog: CompareDialog | None = None
        self._sync_conflicts: dict[str, str] = {}
        self._watch_probes = 0
        self._folder_gone = False
        status = window.statusBar()
        self.sync_notice = SyncConflictNotice(window)
        self.sync_notice.compare_requested.connect(self._on_sync_notice_compare_requested)
        self.watch_label = QLabel(window)
        self.watch_label.hide()
        # What the ignore rules leave out, found by the same scan as the conflict files.
        self.left_out_notice = LeftOutNotice(window)
        status.addPermanentWidget(self.left_out_notice)
        status.addPermanentWidget(self.sync_notice)
        status.addPermanentWidget(self.watch_label)
        # The watcher can fall back to polling at any time (inotify watches run out).
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(5000)
        self.watch_timer.timeout.connect(self._update_watch_status)
        self.watch_timer.start()
        self._scanned = False
        self.watch(bridge)

    def watch(self, bridge: QObject | None) -> None:
        """Follow ``bridge``'s file events and watching mode (it may start after this).

        The vault is searched for sync conflicts then: with the watcher, once the
        index is ready, not while a large vault is being indexed."""
        self._bridge = bridge
        files_changed = getattr(bridge, "files_changed", None)
        if files_changed is not None:
            files_changed.connect(self._on_bridge_files_changed)
        self._update_watch_status()
        if bridge is not None and not self._scanned:
            self._scanned = True
            run_low_priority(self._scan_sync_conflicts, self._on_sync_conflicts_scanned)

    def _scan_sync_conflicts(self) -> tuple[list[tuple[str, str]], LeftOut]:
        tally = LeftOut()

        def paths() -> Iterator[str]:
            for f in self.vault.iter_files(ignored=tally):
                check(quitting)  # a large vault's listing takes a second: not at exit
                yield f.path

        return find_sync_conflicts(paths()), tally

    def _on_sync_conflicts_scanned(self, result: object) -> None:
        if isinstance(result, tuple):
            pairs, tally = result
            self._sync_conflicts = dict(pairs)
            self._show_sync_conflicts()
            self.left_out_notice.show_tally(self.vault.ignore_rules, tally)

    def _show_sync_conflicts(self) -> None:
        self.sync_notice.set_conflicts(sorted(self._sync_conflicts.items()))

    def _on_bridge_files_changed(self, events: list[object]) -> None:
        changed, rescan = False, False
        for ev in events:
            if not isinstance(ev, FileEvent):
                continue
            if ev.is_dir:
                rescan = rescan or ev.kind != "modified"
                continue
            if ev.kind in ("deleted", "moved") and ev.path in self._sync_conflicts:
                del self._sync_conflicts[ev.path]
                changed = True
            added = ev.dest if ev.kind == "moved" else ev.path
            if ev.kind in ("created", "moved") and added:
                hit = sync_conflict_original(added)
                if hit is not None:
                    self._sync_conflicts[added] = hit[0]
                    changed = True
        if rescan:
            run_low_priority(self._scan_sync_conflicts, self._on_sync_conflicts_scanned)
        elif changed:
            self._show_sync_conflicts()
        self._update_watch_status()

    def _on_sync_notice_compare_requested(self, conflict: str, original: str) -> None:
        self.compare_files(conflict, original)

    def compare_files(self, conflict: str, original: str) -> CompareDialog | None:
        try:
            left = read_disk(self.vault.abspath(conflict))
            right = read_disk(self.vault.abspath(original))
        except VaultError as exc:
            self.window.statusBar().showMessage(str(exc), 10000)
            return None
        if left is None:
            self.window.statusBar().showMessage(f"{conflict} is gone.", 8000)
            return None
        if self.compare_dialog is not None:
            self.compare_dialog.close()
        dialog = CompareDialog(
            f"Compare — {Path(conflict).name}",
            side_by_side(left.text, right.text if right is not None else ""),
            f"Conflict file: {conflict}",
            f"Original: {original}" + ("" if right is not None else " (missing)"),
            parent=self.window,
        )
        self.compare_dialog = dialog
        dialog.show()
        return dialog

    # -- watching ----------------------------------------------------------------------

    def check_vault_folder(self) -> None:
        """Say so when the vault folder has gone from its path, and when it is back."""
        gone = not os.path.isdir(self.vault.root)
        if gone == self._folder_gone:
            return
        self._folder_gone = gone
        root = str(self.vault.root)
        if gone:
            message = (
                f"The vault folder {root} is gone: renamed, moved or deleted by another "
                "program, or its drive was removed. Changes on disk are no longer followed; "
                "notes open in tabs keep their text. File › Open Vault… opens the folder "
                "where it is now."
            )
        else:
            message = (
                f"The vault folder {root} is back. To see what changed while it was away, "
                "open it again (File › Recent Vaults)."
            )
        self.window.statusBar().showMessage(message.split(". ")[0] + ".", 10000)
        self.vault_folder_message.emit(message)

    def _update_watch_status(self) -> None:
        self.check_vault_folder()
        watcher = getattr(self._bridge, "watcher", None)
        if watcher is not None and not getattr(watcher, "running", True):
            # The watcher starts off the UI thread; its mode is known once it runs.
            if self._watch_probes < 300:
                self._watch_probes += 1
                QTimer.singleShot(100, self._update_watch_status)
            return
        text = str(getattr(self._bridge, "status", "") or "")
        self.watch_label.setText(text)
        self.watch_label.setToolTip(
            "Changes by other programs are found by re-reading the folder every second, "
            "so they may show up a little later."
            if text
            else ""
        )
        self.watch_label.setVisible(bool(text))
