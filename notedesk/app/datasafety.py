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

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QFileDialog, QStyle
from shiboken6 import isValid

from notedesk.app.lossysave import LossyNotice
from notedesk.app.mainwindow import MainWindow
from notedesk.app.notetab import NoteTab
from notedesk.app.recovery import RecoveryDialog
from notedesk.app.tabguard import IDLE_MS, AskSavePath, TabGuard
from notedesk.app.vaultnotices import VaultNotices
from notedesk.core.document import Document
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

    ``bridge`` (a WatchBridge, optional) feeds the sync-conflict and polling
    notices (see :mod:`notedesk.app.vaultnotices`).
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
        self.window = window
        self.journal = journal
        self.vault = vault
        self.own_writes = own_writes
        self._bridge = bridge
        self._idle_ms = idle_ms
        self._ask_save_path = ask_save_path
        self.guards: dict[int, TabGuard] = {}
        self.recovery_dialog: RecoveryDialog | None = None
        self._previous: NoteTab | None = None

        self.notices = VaultNotices(window, vault, bridge)
        self.notices.vault_folder_message.connect(window.show_vault_problem)

        for tab in window.note_tabs():
            self._guard(tab)
        self._previous = window.current_tab()
        window.tab_area.tab_created.connect(self._on_tab_area_tab_created)
        window.keep_mine_requested.connect(self._on_window_keep_mine_requested)
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
        if offer_recovery:
            QTimer.singleShot(0, self.offer_recovery)

    # -- tabs --------------------------------------------------------------------

    def watch_bridge(self, bridge: QObject) -> None:
        """The file watcher started after this (the window saves from the start, the
        watcher once the index is ready)."""
        self._bridge = bridge
        self.notices.watch(bridge)

    def guard_for(self, tab: NoteTab) -> TabGuard | None:
        return self.guards.get(id(tab))

    def _guard(self, tab: NoteTab) -> TabGuard:
        guard = TabGuard(tab, self.vault, self._ask_save_path, self._idle_ms)
        key = id(tab)
        self.guards[key] = guard
        guard.status_message.connect(self._on_guard_status_message)
        guard.state_changed.connect(lambda t=tab: self._mark(t))
        guard.open_note_requested.connect(self._on_guard_open_note_requested)
        LossyNotice(tab, guard.bar).status_message.connect(self._on_guard_status_message)
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

    def _on_window_keep_mine_requested(self, tab: NoteTab) -> None:
        guard = self.guard_for(tab)
        if guard is not None:
            guard.keep_mine()

    def _on_tab_area_current_tab_changed(self, tab: NoteTab | None) -> None:
        previous, self._previous = self._previous, tab
        # A tab that was just closed is gone from the tab bar: the user already
        # saved or discarded it, and a discard must stay a discard.
        tabs = self.window.tab_area.tabs
        if (
            previous is not None
            and previous is not tab
            and isValid(previous)
            and tabs.indexOf(previous) >= 0
        ):
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
        try:
            visible = self.window.isVisible()
        except RuntimeError:  # already deleted: the app is quitting
            visible = False
        if not visible:
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
