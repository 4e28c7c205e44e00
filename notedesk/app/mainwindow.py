"""The vault window: layout, menus, actions and the wiring between widgets."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.keyfocus import KeyFocus
from notedesk.app.lossysave import ask_save_as_utf8
from notedesk.app.renderqueue import RenderQueue
from notedesk.app.tabarea import TabArea
from notedesk.app.widgets.attachcopy import AttachmentCopier
from notedesk.app.widgets.themelook import notice_look
from notedesk.app.windowmenus import build_menus, fill_recent_vaults
from notedesk.app.windowplace import fit_to_screen
from notedesk.app.windowstatus import WindowStatus
from notedesk.core.history import History
from notedesk.core.journal import Journal
from notedesk.core.linkurls import PreviewLink, parse_preview_href
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.vault import Vault, VaultError

if TYPE_CHECKING:
    from notedesk.app.notetab import NoteTab, PreviewFactory
    from notedesk.app.widgets.filetree import FileTree

MODES = ("split", "source", "preview")


NOTE_MIN_WIDTH = 420  # pixels kept for the note area (editor and preview)


class MainWindow(QMainWindow):
    """Signals:
    open_vault_requested(): the user asked to open another vault folder.
    open_vault_path_requested(path): the user picked a recent vault.
    open_file_requested(): the user asked to open a single note file.
    tabs_changed(): a tab was opened, closed, moved or made current.
    current_note_changed(path): the current tab shows another note ('' for none).
    theme_requested(choice): 'system', 'light' or 'dark' was chosen.
    create_note_requested(path, open_in_new_tab): an unresolved link to no folder was
        followed.
    note_saved(path): a tab wrote its note.
    mode_chosen(mode): the user switched a tab's mode (new tabs start in it).
    tag_requested(tag): a tag was clicked; show its notes.
    keep_mine_requested(tab): closing asked to keep the user's text of a note in
        conflict: save it, keeping the version on disk as a conflict copy.
    """

    # Scripted shutdowns (widget tests) close without the unsaved-changes prompt.
    ask_before_close = True

    open_vault_requested = Signal()
    open_vault_path_requested = Signal(str)
    open_file_requested = Signal()
    tabs_changed = Signal()
    current_note_changed = Signal(str)
    theme_requested = Signal(str)
    create_note_requested = Signal(str, bool)
    note_saved = Signal(str)
    mode_chosen = Signal(str)
    tag_requested = Signal(str)
    keep_mine_requested = Signal(object)

    def __init__(
        self,
        vault: Vault,
        renderer: RenderQueue,
        parent: QWidget | None = None,
        *,
        own_writes: OwnWrites | None = None,
        journal: Journal | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.history = History()
        self._navigating = False
        self._vault_notice = ""
        self._vault_problem = ""
        fit_to_screen(self)

        # The file tree is built when first used (its listing arrives after the
        # window is shown), which keeps its modules off the path to the first window.
        self._file_tree: FileTree | None = None
        self.vault_message = QLabel(self)
        self.vault_message.setWordWrap(True)
        notice_look(self.vault_message)
        self.vault_message.hide()
        files_page = QWidget(self)
        self._files_layout = QVBoxLayout(files_page)
        self._files_layout.setContentsMargins(0, 0, 0, 0)
        self._files_layout.addWidget(self.vault_message)

        self.left_panels = QTabWidget(self)
        self.left_panels.setDocumentMode(True)
        self.left_panels.addTab(files_page, "Files")
        self.right_panels = QTabWidget(self)
        self.right_panels.setDocumentMode(True)
        self.right_panels.hide()
        for panels in (self.left_panels, self.right_panels):
            panels.tabBar().tabBarClicked.connect(partial(self._on_panel_tab_clicked, panels))

        self.tab_area = TabArea(vault, renderer, self, own_writes=own_writes, journal=journal)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.left_panels)
        self.splitter.addWidget(self.tab_area)
        self.splitter.addWidget(self.right_panels)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        # A narrow window takes from the sidebars once the note would get narrower than
        # this: the note stays readable (a letter per line in the preview otherwise).
        self.tab_area.setMinimumWidth(NOTE_MIN_WIDTH)
        self.splitter.setSizes([260, 760, 260])
        self.setCentralWidget(self.splitter)

        self.status = WindowStatus(self)
        # Files pasted into any tab copy here: a copy outlives the tab it was pasted in.
        self.attachment_copier = AttachmentCopier(self)
        self.attachment_copier.status_message.connect(self.statusBar().showMessage)
        self.save_state_label = self.status.save_state_label

        self.tab_area.current_tab_changed.connect(self._on_tab_area_current_tab_changed)
        self.tab_area.tabs_changed.connect(self.tabs_changed)
        self.tab_area.tab_close_requested.connect(self._on_tab_area_tab_close_requested)
        self.tab_area.tab_created.connect(self._on_tab_area_tab_created)
        # Sets file_menu, edit_menu, go_menu, view_menu, help_menu, edit_menus, recent_menu,
        # mode_actions, theme_actions and the action_* attributes.
        self.mode_actions: dict[str, QAction] = {}
        self.theme_actions: dict[str, QAction] = {}
        build_menus(self)
        self.key_focus = KeyFocus(self)
        self._update_title()

    @property
    def file_tree(self) -> FileTree:
        tree = self._file_tree
        if tree is None:
            from notedesk.app.widgets.filetree import FileTree

            tree = self._file_tree = FileTree(self)
            self._files_layout.addWidget(tree)
            tree.open_requested.connect(self.open_file)
        return tree

    # -- menus and panels ------------------------------------------------------

    def set_recent_vaults(self, paths: list[str]) -> None:
        fill_recent_vaults(self, paths)

    def set_theme_choice(self, choice: str) -> None:
        if choice in self.theme_actions:
            self.theme_actions[choice].setChecked(True)

    def add_left_panel(self, widget: QWidget, title: str) -> None:
        self.left_panels.addTab(widget, title)

    def add_right_panel(self, widget: QWidget, title: str) -> None:
        self.right_panels.addTab(widget, title)
        self.right_panels.show()

    def _on_panel_tab_clicked(self, panels: QTabWidget, index: int) -> None:
        """A panel's tab clicked: its input (a panel's focus proxy) takes the keys."""
        page = panels.widget(index)
        if page is not None and page.focusProxy() is not None:
            page.setFocus(Qt.FocusReason.MouseFocusReason)  # given once the page shows

    def show_left_panel(self, widget: QWidget) -> None:
        self.left_panels.show()
        self.action_left_sidebar.setChecked(True)
        self.left_panels.setCurrentWidget(widget)

    def show_right_panel(self, widget: QWidget) -> None:
        self.right_panels.show()
        self.action_right_sidebar.setChecked(True)
        self.right_panels.setCurrentWidget(widget)

    def toggle_left(self) -> None:
        self.key_focus.toggle_side(self.left_panels, self.action_left_sidebar)

    def toggle_right(self) -> None:
        self.key_focus.toggle_side(self.right_panels, self.action_right_sidebar)

    # -- tabs ----------------------------------------------------------------

    def set_preview_factory(self, factory: PreviewFactory) -> None:
        """Called once QtWebEngine is loaded; existing and future tabs get a preview."""
        self.tab_area.set_preview_factory(factory)

    def note_tabs(self) -> list[NoteTab]:
        return self.tab_area.note_tabs()

    def current_tab(self) -> NoteTab | None:
        return self.tab_area.current_tab()

    def tab_for(self, path: str) -> NoteTab | None:
        return self.tab_area.tab_for(path)

    def open_note(
        self, path: str, new_tab: bool = False, fragment: str = "", line: int = 0
    ) -> NoteTab | None:
        """Show ``path`` (a tab is reused unless ``new_tab``); None if it cannot be read."""
        self._remember_position()
        tab = self.tab_for(path)
        if tab is None:
            current = self.current_tab()
            replace = current if current is not None and not new_tab and not current.dirty else None
            try:
                tab = self.tab_area.create_tab(path, replace, lambda t: t.load())
            except VaultError as exc:
                self.statusBar().showMessage(str(exc), 10000)
                QMessageBox.warning(self, "Cannot open note", str(exc))
                return None
            why = self.vault.ignore_rules.reason(path, False)
            if why is not None:
                why = "a dot-name" if why == "hidden" else f"left out by {why}"
                self.statusBar().showMessage(
                    f"{path} is not part of the vault ({why}): it opens and saves, but is "
                    "not indexed, searched or shown in the file tree.",
                    15000,
                )
        else:
            self.tab_area.show_tab(tab)
        if fragment:
            tab.scroll_to_fragment(fragment)
        if line > 0:
            tab.editor.go_to_line(line)
        return tab

    def _on_tab_area_tab_created(self, tab: NoteTab) -> None:
        tab.dirty_changed.connect(self._on_tab_dirty_changed)
        tab.link_activated.connect(self._on_tab_link_activated)
        tab.saved.connect(self.note_saved)
        tab.text_edited.connect(self.status.counts_timer.start)
        tab.editor.status_message.connect(self.statusBar().showMessage)
        tab.editor.use_copier(self.attachment_copier)
        tab.path_changed.connect(self.attachment_copier.note_moved)  # also moved by others
        tab.mode_changed.connect(lambda _m: self.show_mode_state())
        tab.path_changed.connect(lambda _old, _new, t=tab: self._on_tab_path_changed(t))
        tab.open_externally.connect(self.open_with_system)

    def _on_tab_path_changed(self, tab: NoteTab) -> None:
        """The note of ``tab`` was renamed or moved: title, tree and panels follow it."""
        if tab is not self.current_tab():
            return
        self._update_title()
        self.file_tree.select_path(tab.path)
        self.current_note_changed.emit(tab.path)

    def save_current(self) -> bool:
        tab = self.current_tab()
        return True if tab is None else self.save_tab(tab)

    def save_tab(self, tab: NoteTab) -> bool:
        """Save the note; False if its text is not on disk afterwards."""
        if tab.read_only:  # never written, never changed: nothing to save, nothing saved
            name = tab.path.rsplit("/", 1)[-1]
            self.statusBar().showMessage(f"“{name}” is not a note: shown read-only", 5000)
            return True
        doc = tab.document
        lossy = doc is not None and doc.read_only
        if lossy and not ask_save_as_utf8(self, tab.path):
            return False
        try:
            tab.save(allow_lossy=lossy)
        except VaultError as exc:
            QMessageBox.critical(self, "Save failed", f"{exc}\n\nYour text is still in the editor.")
            self.save_state_label.setText("Not saved")
            return False
        self.status.update_save_state()
        doc = tab.document
        if doc is not None and doc.conflict is not None:
            # The save found a version from another program: nothing was written.
            self.statusBar().showMessage(
                f"Not saved: {tab.path} changed on disk while you were editing it", 0
            )
            return False
        if tab.dirty:
            self.statusBar().showMessage(f"{tab.path} is not saved yet", 5000)
            return False
        self.statusBar().showMessage(f"Saved {tab.path}", 3000)
        return True

    def close_current_tab(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            self._on_tab_area_tab_close_requested(tab)

    def confirm_discard(self, tabs: list[NoteTab]) -> bool:
        """Ask about the unsaved notes among ``tabs``; True when they may close (saved or
        discarded). See :func:`notedesk.app.closeprompt.confirm_close`."""
        from notedesk.app.closeprompt import confirm_close

        return confirm_close(self, tabs)

    def _on_tab_area_tab_close_requested(self, tab: NoteTab) -> None:
        if self.confirm_discard([tab]):
            in_note = self.key_focus.note_has_focus()
            self.tab_area.close_tab(tab)
            if in_note:
                self.key_focus.focus_note()  # the new current note's editor

    def _on_tab_area_current_tab_changed(self, tab: NoteTab | None) -> None:
        self._update_title()
        self.status.show_tab(tab)
        self.show_mode_state()
        if tab is not None:
            self.file_tree.select_path(tab.path)
            if not self._navigating:
                self.history.visit(tab.path)
        self.refresh_history_actions()
        self.current_note_changed.emit(tab.path if tab is not None else "")

    def _on_tab_dirty_changed(self, _dirty: bool) -> None:
        self.tab_area.refresh_labels()
        self._update_title()
        self.status.update_save_state()

    # -- status --------------------------------------------------------------

    def _update_title(self) -> None:
        tab = self.current_tab()
        vault_name = self.vault.root.name or str(self.vault.root)
        if tab is None:
            self.setWindowTitle(f"{vault_name} — notedesk")
        else:
            mark = "*" if tab.dirty else ""
            from notedesk.app.widgets.filetree import display_name

            self.setWindowTitle(f"{mark}{display_name(tab.path)} — {vault_name} — notedesk")

    def show_mode_state(self) -> None:
        """Check the View menu's mode of the current note (or of the next one opened)."""
        tab = self.current_tab()
        mode = tab.mode if tab is not None else self.tab_area.default_mode  # the next note's
        if mode in self.mode_actions:
            self.mode_actions[mode].setChecked(True)
        self.status.update_mode()

    def set_progress(self, done: int, total: int, label: str = "Indexing") -> None:
        self.status.set_progress(done, total, label)

    # -- history -------------------------------------------------------------

    def go_back(self) -> None:
        self._go(self.history.step(-1, self._can_return_to))

    def go_forward(self) -> None:
        self._go(self.history.step(1, self._can_return_to))

    def _can_return_to(self, path: str) -> bool:
        """Back and Forward pass over notes deleted since (a tab still showing one is kept)."""
        if self.tab_for(path) is not None:
            return True
        try:
            return self.vault.abspath(path).is_file()
        except (VaultError, OSError):
            return False

    def _go(self, path: str | None) -> None:
        if path is None:
            return
        self._navigating = True
        try:
            tab = self.open_note(path)
            mark = self.history.mark(path)
            if tab is None:
                self.history.forget(path)
            elif mark is not None:  # back where the cursor was
                tab.editor.set_cursor_position(mark)
        finally:
            self._navigating = False
        self.refresh_history_actions()

    def _remember_position(self) -> None:
        """Where the cursor is in the current note, for Back/Forward to return to."""
        tab = self.current_tab()
        if tab is not None:
            self.history.leave(tab.path, tab.editor.textCursor().position())

    def refresh_history_actions(self) -> None:
        self.action_back.setEnabled(self.history.can_go_back())
        self.action_forward.setEnabled(self.history.can_go_forward())

    # -- modes ---------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        """Show the current note in ``mode``; notes opened later start in it too."""
        if mode not in MODES:
            return
        tab = self.current_tab()
        if tab is not None and tab.read_only:
            self.show_mode_state()  # a text file has no preview: nothing changes
            return
        if tab is not None:
            in_note = self.key_focus.note_has_focus()  # hiding the view moves the focus
            tab.set_mode(mode)
            if in_note:
                self.key_focus.focus_note()  # the preview in reading view, else the editor
        self.tab_area.default_mode = mode
        self.mode_chosen.emit(mode)
        self.show_mode_state()

    def toggle_mode(self) -> None:
        """Ctrl+E: reading view, and back to the editing mode the tab had before."""
        tab = self.current_tab()
        if tab is not None:
            self.set_mode("preview" if tab.mode != "preview" else tab.last_edit_mode)

    # -- links ---------------------------------------------------------------

    def open_file(self, path: str, new_tab: bool = False) -> None:
        """Open a vault file: a note in a tab, anything else as ``app.linkfollow`` says."""
        from notedesk.app.linkfollow import open_file

        open_file(self, path, new_tab)

    def open_with_system(self, path: str) -> None:
        """Hand a vault file to the system's default application (says so if none opens it)."""
        from notedesk.app.linkfollow import open_with_system

        open_with_system(self, path)

    def reveal_folder(self, folder: str) -> None:
        """Show the Files panel with ``folder`` ('' for the vault's top folder) expanded
        and selected: where a link to a folder leads."""
        self.show_left_panel(self.left_panels.widget(0))
        tree = self.file_tree
        if folder:
            tree.reveal_folder(folder)
        tree.setFocus()
        where = f"“{folder}”" if folder else "The vault's top folder"
        self.statusBar().showMessage(f"{where} is a folder: shown in the file tree", 8000)

    def _on_tab_link_activated(self, href: str, new_tab: bool) -> None:
        self.follow_link(parse_preview_href(href), new_tab)

    def follow_link(self, link: PreviewLink, new_tab: bool) -> None:
        from notedesk.app.linkfollow import follow_link

        follow_link(self, link, new_tab)

    # -- vault state ---------------------------------------------------------

    def show_vault_notice(self, message: str) -> None:
        """Above the tree, until the window closes: why this folder is shown (it is not
        the one asked for, or it is a loose note's folder)."""
        self._vault_notice = message
        self._show_vault_messages()
        if message:
            self.statusBar().showMessage(message, 15000)

    def show_vault_problem(self, message: str) -> None:
        """Above the tree: what is wrong with the vault's folder ('' for nothing)."""
        self._vault_problem = message
        self._show_vault_messages()

    def _show_vault_messages(self) -> None:
        text = "\n\n".join(m for m in (self._vault_notice, self._vault_problem) if m)
        self.vault_message.setText(text)
        self.vault_message.setVisible(bool(text))

    def closeEvent(self, event: QCloseEvent) -> None:
        from notedesk.app.closeprompt import confirm_stop_copies

        copier = self.attachment_copier
        asked = self.ask_before_close
        if asked and not (
            confirm_stop_copies(self, copier) and self.confirm_discard(self.note_tabs())
        ):
            event.ignore()
            return
        copier.cancel_all()  # nothing half-copied is left in the vault
        event.accept()
