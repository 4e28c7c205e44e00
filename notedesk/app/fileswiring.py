"""File changes, from the watcher or from the user's file operations, applied everywhere.

Both sources produce FileEvents; they update the index, the file tree and the
open tabs the same way.
"""

from __future__ import annotations

import contextlib
import os
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from notedesk.app import eventlog
from notedesk.app.fileopscontroller import FileOpsController
from notedesk.app.indexservice import IndexService
from notedesk.app.widgets.folderpicker import FolderPicker
from notedesk.core.appsettings import new_note_folder, read_app_settings
from notedesk.core.events import FileEvent
from notedesk.core.ignore import listed_events
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.vault import Vault, VaultError

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.notetab import NoteTab
    from notedesk.app.settings import Settings


class FilesWiring(QObject):
    """Owns the file operations of one window and applies every batch of file events."""

    def __init__(
        self,
        window: MainWindow,
        vault: Vault,
        service: IndexService,
        own_writes: OwnWrites,
        settings: Settings,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._vault = vault
        self._service = service
        self._settings = settings
        self.ops = FileOpsController(
            vault,
            lambda: service.index if service.ready else None,
            save=lambda rel, text, fmt: own_writes.save(vault, rel, text, fmt),
            unsaved_paths=lambda: [t.path for t in window.note_tabs() if t.dirty],
            dialog_parent=window,
            always_update_links=lambda: read_app_settings(vault.root).always_update_links,
            parent=self,
        )
        tree = window.file_tree
        tree.root = vault.root
        tree.new_note_requested.connect(self.ops.create_note)
        tree.new_folder_requested.connect(self.ops.create_folder)
        tree.rename_requested.connect(self._on_tree_rename_requested)
        tree.set_rename_check(self.ops.rename_problem)
        tree.rename_refused.connect(lambda msg: window.statusBar().showMessage(msg, 10000))
        tree.move_requested.connect(self.ops.move_items)
        tree.delete_requested.connect(self._on_tree_delete_requested)
        tree.move_to_folder_requested.connect(self.ask_move)
        self.folder_picker = FolderPicker(window)
        self.folder_picker.folder_chosen.connect(self._on_folder_picker_folder_chosen)
        self._moving: list[str] = []
        tree.reveal_requested.connect(self.ops.reveal)
        tree.open_external_requested.connect(window.open_with_system)
        tree.rename_closed.connect(self._on_tree_rename_closed)
        self._rename_from: NoteTab | None = None
        self.ops.files_changed.connect(self.apply_events)
        window.note_saved.connect(self._on_window_note_saved)
        self.ops.path_renamed.connect(self._on_ops_path_renamed)
        self.ops.note_created.connect(self._on_ops_note_created)
        self.ops.trashing.connect(self._on_ops_trashing)
        self.ops.trashed.connect(self._on_ops_trashed)
        self.ops.folder_created.connect(lambda path: tree.edit_path(path))
        self.ops.operation_completed.connect(lambda msg: window.statusBar().showMessage(msg, 8000))
        self.ops.operation_failed.connect(self._on_ops_operation_failed)
        # After Enter the keys are the note's again: no dialog to type into.
        self.ops.rename_failed.connect(lambda msg: window.statusBar().showMessage(msg, 15000))
        for tab in window.note_tabs():  # opened before this wiring
            tab.editor.rename_requested.connect(self.rename_current)
        window.tab_area.tab_created.connect(
            lambda tab: tab.editor.rename_requested.connect(self.rename_current)
        )
        self._add_actions()

    def rename_current(self) -> None:
        """Rename the current note in the file tree (F2 in the editor, File menu)."""
        tab = self._window.current_tab()
        if tab is None:
            return
        window = self._window
        window.show_left_panel(window.left_panels.widget(0))  # Files
        self._rename_from = tab
        window.file_tree.edit_path(tab.path)

    def _on_tree_rename_requested(self, path: str, new_name: str) -> None:
        self.ops.rename(path, new_name, inline=True)

    def _on_tree_rename_closed(self) -> None:
        """A rename started from the editor (F2) gives the keys back to it when done."""
        tab, self._rename_from = self._rename_from, None
        if tab is not None and tab in self._window.note_tabs():
            QTimer.singleShot(0, tab.editor, tab.editor.setFocus)  # after any dialog

    def _add_actions(self) -> None:
        window = self._window
        new_note = QAction("&New Note", window)
        new_note.setShortcut(QKeySequence.StandardKey.New)
        new_note.triggered.connect(lambda _c=False: self.ops.create_note(self._new_note_folder()))
        new_folder = QAction("New Fol&der", window)
        new_folder.triggered.connect(
            lambda _c=False: self.ops.create_folder(self._current_folder())
        )
        daily = QAction("Open &Today's Daily Note", window)
        daily.setShortcut("Ctrl+Shift+D")
        daily.triggered.connect(lambda _c=False: self.open_daily_note())
        rename = QAction("&Rename Note…", window)
        # F2 shown in the menu; the editor and the file tree take the key themselves
        rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
        rename.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        rename.triggered.connect(lambda _c=False: self.rename_current())
        move = QAction("&Move to Folder…", window)
        move.triggered.connect(lambda _c=False: self.move_current())
        first = window.file_menu.actions()[0] if window.file_menu.actions() else None
        for action in (new_note, new_folder, daily, rename, move):
            window.addAction(action)
            window.file_menu.insertAction(first, action)
        if first is not None:
            window.file_menu.insertSeparator(first)

    def move_current(self) -> None:
        """Move to Folder: the items selected in the tree when the keys are there, else the
        note being edited (else the tree's selection)."""
        tab = self._window.current_tab()
        tree = self._window.file_tree
        selected = tree.selected_paths() or [p for p in [tree.current_path()] if p]
        if tab is not None and not self.tree_has_focus():
            paths = [tab.path]
        else:
            paths = selected or ([tab.path] if tab is not None else [])
        if paths:
            self.ask_move(paths)

    def ask_move(self, paths: list[str]) -> None:
        """Ask for the folder to move ``paths`` into (typed, filtered; a new name creates it)."""
        model = self._window.file_tree.source_model
        folders = [p for p in model.paths() if model.is_dir(p)]
        self._moving = list(paths)
        self.folder_picker.popup_for(self._moving, folders)

    def _on_folder_picker_folder_chosen(self, folder: str, is_new: bool) -> None:
        paths, self._moving = self._moving, []
        if paths:  # as a drag and drop onto it: links follow
            self.ops.move_items(paths, folder, new_folder=is_new)

    def tree_has_focus(self) -> bool:
        """The keyboard is in the file tree (or its rename box): its selection is meant."""
        tree = self._window.file_tree
        focus = self._window.focusWidget()
        return focus is not None and (focus is tree or tree.isAncestorOf(focus))

    def _new_note_folder(self) -> str:
        """Where New Note creates: ``_current_folder`` unless the vault's Obsidian
        settings (``newFileLocation``) name the vault root or a folder."""
        root = self._vault.root
        return new_note_folder(
            read_app_settings(root), self._current_folder(), lambda f: (root / f).is_dir()
        )

    def _current_folder(self) -> str:
        """Where New Note and New Folder create: the folder selected in the tree when the
        keys are there, else the folder of the note being edited, else the tree's
        selection (no note open) or the vault root."""
        tab = self._window.current_tab()
        selected = self._window.file_tree.current_path()
        if tab is not None and not self.tree_has_focus():
            path = tab.path
        else:
            path = selected or (tab.path if tab is not None else "")
        if path and (self._vault.root / path).is_dir():
            return path
        return path.rpartition("/")[0] if path else ""

    def open_daily_note(self, day: date | None = None) -> None:
        """Open today's (``day``'s) daily note, made from the vault's template if new:
        in the folder and format chosen in the settings, else the vault's own."""
        folder = self._settings.value("daily/folder", "")
        fmt = self._settings.value("daily/format", "")
        path = self.ops.daily_note(folder, day, fmt)
        if path is None:
            return
        tab = self._window.open_note(path)
        if tab is None:
            return
        # Its name is the day's: the keys go to its text, at the end, to write on.
        self._window.file_tree.select_path(path)
        self._window.tab_area.start_writing(tab)

    # -- events ----------------------------------------------------------------

    def apply_events(self, events: list[FileEvent]) -> None:
        """Index, tree and tabs follow a batch of file events (watcher or file operations)."""
        window = self._window
        file_events = [e for e in events if isinstance(e, FileEvent)]
        if not file_events:
            return
        # The index and the tree list what the vault's ignore rules let in; the tabs follow
        # every file, a left-out note opened by its path too.
        listed = listed_events(file_events, self._vault.is_ignored)
        self._service.apply(listed)
        tree = window.file_tree
        selected = tree.current_path()
        tree.apply_events(listed)
        for ev in listed:
            # A folder that appears with files in it (moved in, unpacked): its files too.
            if ev.kind == "created" and ev.is_dir and ev.path:
                tree.add_paths([(vf.path, False) for vf in self._vault.iter_files(ev.path)])
        for tab in window.note_tabs():
            for ev in file_events:
                outcome = tab.apply_file_event(ev)
                if outcome is not None and str(outcome) == "conflict":
                    window.statusBar().showMessage(
                        f"{tab.path} changed on disk while you were editing it", 15000
                    )
        # The tree's row moved with a file renamed out of the way (a backup), or went
        # with it: the note selected is still the one at that path, as its tab is.
        shown = window.current_tab()
        current = None if shown is None else shown.path
        now = tree.current_path()
        if current is not None and now != current and (now is None or selected == current):
            tree.select_path(current)
        window.tab_area.refresh_labels()
        gone = [ev.path for ev in file_events if ev.kind == "deleted"]
        if gone:
            self._forget_gone(gone)
        eventlog.event("files_applied", count=len(file_events))

    def _on_ops_path_renamed(self, old: str, new: str) -> None:
        self._window.history.rename(old, new)
        self._window.attachment_copier.note_moved(old, new)  # its note's tab may be closed
        prefix = old + "/"
        for tab in self._window.note_tabs():
            if tab.path == old or tab.path.startswith(prefix):
                tab.apply_file_event(FileEvent("moved", old, new, is_dir=tab.path != old), own=True)
        self._window.tab_area.refresh_labels()

    def _on_ops_note_created(self, path: str) -> None:
        self._window.open_note(path)
        self._window.file_tree.select_path(path)
        # "Untitled" is named first, as a title is in Obsidian; Enter (or Esc) goes on
        # to the note's text. With the file tree hidden, writing starts at once.
        if self._window.left_panels.isVisible():
            self.rename_current()

    def _tabs_under(self, paths: list[str]) -> list[NoteTab]:
        return [
            tab
            for tab in self._window.note_tabs()
            if any(tab.path == p or tab.path.startswith(p + "/") for p in paths)
        ]

    def _on_ops_trashing(self, paths: list[str]) -> None:
        # What is typed in them goes to the trash with them.
        for tab in self._tabs_under(paths):
            if tab.dirty:
                with contextlib.suppress(VaultError):
                    tab.save()

    def _on_ops_trashed(self, paths: list[str]) -> None:
        # The user deleted them: their tabs close (a tab whose text could not be saved
        # stays open, marked deleted, so that text is not lost). A file still being
        # copied for them is not wanted any more.
        self._window.attachment_copier.note_deleted(paths)
        for tab in self._tabs_under(paths):
            if not tab.dirty:
                self._window.tab_area.close_tab(tab)
        self._forget_gone(paths)

    def _forget_gone(self, paths: list[str]) -> None:
        """Deleted notes drop out of Back/Forward (one still open in a tab, or back on
        disk already, stays)."""
        window = self._window
        for path in paths:
            if window.tab_for(path) is None and not os.path.lexists(self._vault.root / path):
                window.history.forget_under(path)
        window.refresh_history_actions()

    def _on_ops_operation_failed(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self._window, "notedesk", message)

    def _on_tree_delete_requested(self, paths: list[str]) -> None:
        self.ops.delete(paths)

    def _on_window_note_saved(self, path: str) -> None:
        # The watcher drops events for our own writes, so the index hears of them here.
        self.apply_events([FileEvent("modified", path)])

    def created(self, path: str) -> None:
        """A note notedesk itself wrote for the first time (e.g. following an unresolved link)."""
        self.apply_events([FileEvent("created", path)])
