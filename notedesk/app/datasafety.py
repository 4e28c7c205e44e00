"""Keeping the user's text safe in one window: autosave, the crash journal and recovery,
conflict bars, sync-tool conflict files and the polling notice.

Autosave saves a note (through ``NoteTab.save``) after it has been idle for
about 1.5 s, when another tab becomes current, when the app loses focus and
before the window closes. Every few seconds dirty buffers go to the journal,
so a crash loses at most those seconds; what an earlier session left there is
offered back at start.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QFileDialog, QLabel, QStyle

from notedesk.app.background import run_in_background
from notedesk.app.boolguard import protect_singletons
from notedesk.app.mainwindow import MainWindow
from notedesk.app.notetab import NoteTab
from notedesk.app.recovery import RecoveryDialog
from notedesk.app.tabguard import IDLE_MS, AskSavePath, TabGuard
from notedesk.app.widgets.comparedialog import CompareDialog
from notedesk.app.widgets.syncnotice import SyncConflictNotice
from notedesk.core.conflicts import find_sync_conflicts, side_by_side, sync_conflict_original
from notedesk.core.document import Document, read_disk
from notedesk.core.events import FileEvent
from notedesk.core.journal import Journal, JournalEntry
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.vault import Vault, VaultError

log = logging.getLogger(__name__)

JOURNAL_MS = 3000


def _ask_save_path(tab: NoteTab, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(
        tab, "Save a copy of the note", suggested, "Markdown (*.md)"
    )
    return path


def _same_folder(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


class DataSafety(QObject):
    """Wires autosave, journal, recovery and disk-state notices into one window.

    ``bridge`` (a WatchBridge, optional) feeds the sync-conflict notice and the
    polling notice.
    """

    def __init__(
        self,
        window: MainWindow,
        journal: Journal,
        *,
        vault: Vault,
        own_writes: OwnWrites,
        bridge: QObject | None = None,
        idle_ms: int = IDLE_MS,
        journal_ms: int = JOURNAL_MS,
        ask_save_path: AskSavePath = _ask_save_path,
        offer_recovery: bool = True,
    ) -> None:
        super().__init__(window)
        # Autosave and the watcher emit many signals; see boolguard for why this matters.
        protect_singletons()
        self.window = window
        self.journal = journal
        self.vault = vault
        self.own_writes = own_writes
        self._bridge = bridge
        self._idle_ms = idle_ms
        self._ask_save_path = ask_save_path
        self.guards: dict[int, TabGuard] = {}
        self.recovery_dialog: RecoveryDialog | None = None
        self.compare_dialog: CompareDialog | None = None
        self._previous: NoteTab | None = None
        self._sync_conflicts: dict[str, str] = {}
        self._watch_probes = 0

        status = window.statusBar()
        self.sync_notice = SyncConflictNotice(window)
        self.sync_notice.compare_requested.connect(self._on_sync_notice_compare_requested)
        self.watch_label = QLabel(window)
        self.watch_label.hide()
        status.addPermanentWidget(self.sync_notice)
        status.addPermanentWidget(self.watch_label)

        for tab in window.note_tabs():
            self._guard(tab)
        self._previous = window.current_tab()
        window.tab_area.tab_created.connect(self._on_tab_area_tab_created)
        window.tab_area.current_tab_changed.connect(self._on_tab_area_current_tab_changed)
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_app_application_state_changed)
        if app is not None:
            app.aboutToQuit.connect(self._on_app_about_to_quit)

        self.journal_timer = QTimer(self)
        self.journal_timer.setInterval(journal_ms)
        self.journal_timer.timeout.connect(self.journal_now)
        self.journal_timer.start()
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(5000)
        self.watch_timer.timeout.connect(self._update_watch_status)
        self.watch_timer.start()
        files_changed = getattr(bridge, "files_changed", None)
        if files_changed is not None:
            files_changed.connect(self._on_bridge_files_changed)
        self._update_watch_status()
        run_in_background(self._scan_sync_conflicts, self._on_sync_conflicts_scanned)
        if offer_recovery:
            QTimer.singleShot(0, self.offer_recovery)

    # -- tabs --------------------------------------------------------------------

    def guard_for(self, tab: NoteTab) -> TabGuard | None:
        return self.guards.get(id(tab))

    def _guard(self, tab: NoteTab) -> TabGuard:
        guard = TabGuard(tab, self.vault, self.own_writes, self._ask_save_path, self._idle_ms)
        key = id(tab)
        self.guards[key] = guard
        guard.status_message.connect(self._on_guard_status_message)
        guard.state_changed.connect(lambda t=tab: self._mark(t))
        guard.open_note_requested.connect(self._on_guard_open_note_requested)
        doc = tab.document
        # A closed tab was saved or explicitly discarded: its journal entry goes too.
        tab.destroyed.connect(lambda _o=None, k=key, d=doc: self._on_tab_destroyed(k, d))
        self._mark(tab)
        return guard

    def _on_tab_destroyed(self, key: int, doc: Document | None) -> None:
        self.guards.pop(key, None)
        if doc is not None:
            doc.close()

    def _on_tab_area_tab_created(self, tab: NoteTab) -> None:
        self._guard(tab)

    def _on_tab_area_current_tab_changed(self, tab: NoteTab | None) -> None:
        previous, self._previous = self._previous, tab
        # A tab that was just closed is gone from the tab bar: the user already
        # saved or discarded it, and a discard must stay a discard.
        tabs = self.window.tab_area.tabs
        if previous is not None and previous is not tab and tabs.indexOf(previous) >= 0:
            guard = self.guard_for(previous)
            if guard is not None:
                guard.autosave()

    def _mark(self, tab: NoteTab) -> None:
        """A warning icon on the tabs of notes in conflict, deleted on disk or not saving."""
        tabs = self.window.tab_area.tabs
        index = tabs.indexOf(tab)
        if index < 0:
            # tab_created fires before the tab is inserted; mark once it is.
            QTimer.singleShot(0, lambda t=tab: self._mark_later(t))
            return
        doc, guard = tab.document, self.guard_for(tab)
        failing = guard is not None and guard.failing
        style = self.window.style()
        if doc is not None and doc.conflict is not None:
            icon, tip = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), "changed"
        elif doc is not None and doc.deleted:
            icon, tip = style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon), "deleted"
        elif failing:
            icon, tip = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical), "unsaved"
        else:
            icon, tip = QIcon(), ""
        tabs.setTabIcon(index, icon)
        tab.setProperty("disk_mark", tip)

    def _mark_later(self, tab: NoteTab) -> None:
        if id(tab) in self.guards and self.window.tab_area.tabs.indexOf(tab) >= 0:
            self._mark(tab)

    # -- autosave ----------------------------------------------------------------

    def save_all(self) -> bool:
        """Autosave every note that wants it; False if any save failed."""
        ok = True
        for tab in self.window.note_tabs():
            guard = self.guard_for(tab)
            if guard is not None and not guard.autosave():
                ok = False
        return ok

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Runs before MainWindow.closeEvent, so its unsaved-changes prompt only
        # lists notes that could not be saved (or are in conflict).
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.save_all()
            self.journal_now()
            QTimer.singleShot(0, self._after_close)
        return False

    def _after_close(self) -> None:
        if not self.window.isVisible():
            self.journal_timer.stop()
            self.journal.close()  # a clean close: everything was saved or discarded

    def _on_app_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.save_all()

    def _on_app_about_to_quit(self) -> None:
        self.save_all()

    def _on_guard_status_message(self, text: str, timeout: int) -> None:
        self.window.statusBar().showMessage(text, timeout)

    def _on_guard_open_note_requested(self, rel: str) -> None:
        self.window.open_note(rel, new_tab=True)

    # -- crash journal -------------------------------------------------------------

    def journal_now(self) -> None:
        for tab in self.window.note_tabs():
            doc = tab.document
            if doc is None:
                continue
            try:
                doc.journal_record()
            except OSError:
                log.exception("Could not journal %s", doc.rel)

    def offer_recovery(self) -> None:
        """Show the recovery dialog if an earlier session left unsaved text for this vault."""
        entries = [e for e in self.journal.pending() if _same_folder(e.vault_root, self.vault.root)]
        if not entries:
            return
        dialog = RecoveryDialog(entries, self.window)
        dialog.restore_requested.connect(self._on_recovery_restore_requested)
        dialog.discard_requested.connect(self._on_recovery_discard_requested)
        dialog.rejected.connect(self._on_recovery_dialog_rejected)
        self.recovery_dialog = dialog
        dialog.open()

    def _on_recovery_dialog_rejected(self) -> None:
        """Decide later: set the entries aside, or this session's journal would overwrite them."""
        dialog = self.recovery_dialog
        if dialog is None:
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for entry in dialog.entries:
            target = entry.file.with_name(f"{entry.file.stem}-later-{stamp}.json")
            try:
                entry.file.rename(target)
            except OSError:
                log.warning("Could not set aside journal entry %s", entry.file)

    def _on_recovery_discard_requested(self, entries: list[JournalEntry]) -> None:
        for entry in entries:
            self.journal.discard_entry(entry)

    def _on_recovery_restore_requested(self, entries: list[JournalEntry]) -> None:
        for entry in entries:
            self.restore(entry)

    def restore(self, entry: JournalEntry) -> NoteTab | None:
        """Open ``entry``'s note with the journaled text as an unsaved (undoable) change."""
        rel = entry.rel
        # Dropped before this session journals the buffer again under the same name.
        self.journal.discard_entry(entry)
        tab = self.window.tab_for(rel)
        if tab is None:
            if self.vault.abspath(rel).is_file():
                tab = self.window.open_note(rel, new_tab=True)
            else:
                tab = self._open_missing(rel)
        guard = None if tab is None else self.guard_for(tab)
        if tab is None or guard is None or tab.document is None:
            self.journal.record(self.vault.root, rel, entry.text, entry.base_sha)
            self.window.statusBar().showMessage(f"Could not reopen {rel}; its text is kept.", 0)
            return None
        doc = tab.document
        guard.replace_text(entry.text)
        if entry.disk_changed and not doc.deleted:
            # The buffer was based on an older disk version: the one there now is
            # "theirs", so this becomes a conflict instead of an autosave over it.
            doc.disk_sha = entry.base_sha
            tab.apply_file_event(FileEvent("modified", rel))
        elif not doc.deleted:
            when = entry.saved_at.astimezone().strftime("%H:%M:%S")
            guard.bar.show_info(
                f"Restored unsaved text from {when}. It is saved like any edit; "
                "Undo (Ctrl+Z) returns to the version on disk.",
                compare=True,
            )
        doc.journal_record()
        return tab

    def _open_missing(self, rel: str) -> NoteTab | None:
        def load(tab: NoteTab) -> None:
            tab.document = Document(
                self.vault, rel, None, own_writes=self.own_writes, journal=self.journal
            )

        try:
            return self.window.tab_area.create_tab(rel, None, load)
        except (VaultError, OSError):
            log.exception("Could not reopen %s", rel)
            return None

    # -- sync-tool conflict files ----------------------------------------------------

    def _scan_sync_conflicts(self) -> list[tuple[str, str]]:
        return find_sync_conflicts(f.path for f in self.vault.iter_files())

    def _on_sync_conflicts_scanned(self, pairs: object) -> None:
        if isinstance(pairs, list):
            self._sync_conflicts = dict(pairs)
            self._show_sync_conflicts()

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
            run_in_background(self._scan_sync_conflicts, self._on_sync_conflicts_scanned)
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

    def _update_watch_status(self) -> None:
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
