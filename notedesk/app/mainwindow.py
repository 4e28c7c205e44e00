"""The vault window: layout, menus, actions and the wiring between widgets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.notetab import MODES, NoteTab, PreviewFactory
from notedesk.app.renderqueue import RenderQueue
from notedesk.app.widgets.filetree import FileTree, display_name
from notedesk.core.linkurls import PreviewLink, parse_preview_href
from notedesk.core.vault import Vault, VaultError


class MainWindow(QMainWindow):
    """Signals:
    open_vault_requested(): the user asked to open another vault.
    open_file_requested(): the user asked to open a single note file.
    tabs_changed(): a tab was opened, closed, moved or made current.
    """

    open_vault_requested = Signal()
    open_file_requested = Signal()
    tabs_changed = Signal()

    def __init__(self, vault: Vault, renderer: RenderQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._renderer = renderer
        self._preview_factory: PreviewFactory | None = None
        self.resize(1280, 800)

        self.file_tree = FileTree(self)
        self.vault_message = QLabel(self)
        self.vault_message.setWordWrap(True)
        self.vault_message.hide()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.vault_message)
        left_layout.addWidget(self.file_tree)

        self.tabs = QTabWidget(self)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._on_tabs_close_requested)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.tabs.tabBar().tabMoved.connect(lambda _a, _b: self.tabs_changed.emit())

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1020])
        self.setCentralWidget(self.splitter)

        self.file_tree.open_requested.connect(self._on_file_tree_open_requested)
        self._build_actions()
        self._update_title()

    # -- actions and menus ---------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.action_open_vault = self._action("Open &Vault…", self.open_vault_requested.emit)
        self.action_open_file = self._action("&Open File…", self.open_file_requested.emit)
        self.action_save = self._action("&Save", self.save_current, QKeySequence.StandardKey.Save)
        self.action_close_tab = self._action("&Close Tab", self.close_current_tab, "Ctrl+W")
        self.action_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        for action in (
            self.action_open_vault,
            self.action_open_file,
            None,
            self.action_save,
            self.action_close_tab,
            None,
            self.action_quit,
        ):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)
        view_menu = menu.addMenu("&View")
        self.action_toggle_mode = self._action("Toggle &Source/Preview", self.toggle_mode, "Ctrl+E")
        view_menu.addAction(self.action_toggle_mode)
        self.mode_actions: dict[str, QAction] = {}
        for mode, label in (
            ("split", "Side by Side"),
            ("source", "Source Only"),
            ("preview", "Reading View"),
        ):
            action = self._action(label, lambda m=mode: self.set_mode(m))
            view_menu.addAction(action)
            self.mode_actions[mode] = action

    # -- tabs ----------------------------------------------------------------

    def set_preview_factory(self, factory: PreviewFactory) -> None:
        """Called once QtWebEngine is loaded; existing and future tabs get a preview."""
        self._preview_factory = factory
        for tab in self.note_tabs():
            tab.attach_preview(factory)

    def note_tabs(self) -> list[NoteTab]:
        return [
            w for i in range(self.tabs.count()) if isinstance(w := self.tabs.widget(i), NoteTab)
        ]

    def current_tab(self) -> NoteTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, NoteTab) else None

    def tab_for(self, path: str) -> NoteTab | None:
        return next((t for t in self.note_tabs() if t.path == path), None)

    def open_note(self, path: str, new_tab: bool = False, fragment: str = "") -> NoteTab | None:
        existing = self.tab_for(path)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            self._scroll_to_fragment(existing, fragment)
            return existing
        current = self.current_tab()
        if current is not None and not new_tab and not current.dirty:
            index = self.tabs.indexOf(current)
        else:
            index = -1
        tab = NoteTab(self.vault, path, self._renderer, self)
        try:
            tab.load()
        except VaultError as exc:
            tab.deleteLater()
            self.statusBar().showMessage(str(exc), 10000)
            QMessageBox.warning(self, "Cannot open note", str(exc))
            return None
        if not tab.lossless:
            self.statusBar().showMessage(
                f"{path} is not valid UTF-8: shown with replacement characters; "
                "it is not rewritten unless you save it.",
                15000,
            )
        tab.dirty_changed.connect(self._on_tab_dirty_changed)
        tab.link_activated.connect(self._on_tab_link_activated)
        if self._preview_factory is not None:
            tab.attach_preview(self._preview_factory)
        if index >= 0:
            old = self.tabs.widget(index)
            self.tabs.insertTab(index, tab, display_name(path))
            self.tabs.removeTab(index + 1)
            if old is not None:
                old.deleteLater()
        else:
            index = self.tabs.addTab(tab, display_name(path))
        self.tabs.setTabToolTip(self.tabs.indexOf(tab), path)
        self.tabs.setCurrentWidget(tab)
        self.file_tree.select_path(path)
        self._scroll_to_fragment(tab, fragment)
        return tab

    def _scroll_to_fragment(self, tab: NoteTab, fragment: str) -> None:
        if fragment and tab.preview is not None:
            scroll = getattr(tab.preview, "scroll_to_fragment", None)
            if scroll is not None:
                scroll(fragment)

    def save_current(self) -> bool:
        tab = self.current_tab()
        return True if tab is None else self._save_tab(tab)

    def _save_tab(self, tab: NoteTab) -> bool:
        try:
            tab.save()
        except VaultError as exc:
            QMessageBox.critical(self, "Save failed", f"{exc}\n\nYour text is still in the editor.")
            return False
        self.statusBar().showMessage(f"Saved {tab.path}", 3000)
        return True

    def close_current_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index >= 0:
            self._on_tabs_close_requested(index)

    def _confirm_discard(self, tabs: list[NoteTab]) -> bool:
        dirty = [t for t in tabs if t.dirty]
        if not dirty:
            return True
        names = "\n".join(f"• {t.path}" for t in dirty)
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save changes before closing?\n\n{names}",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            return all(self._save_tab(t) for t in dirty)
        return True

    def _on_tabs_close_requested(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if isinstance(tab, NoteTab) and not self._confirm_discard([tab]):
            return
        self.tabs.removeTab(index)
        if tab is not None:
            tab.deleteLater()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.tabs_changed.emit()
        self._update_title()
        tab = self.current_tab()
        if tab is not None:
            self.file_tree.select_path(tab.path)

    def _on_tab_dirty_changed(self, _dirty: bool) -> None:
        for tab in self.note_tabs():
            i = self.tabs.indexOf(tab)
            self.tabs.setTabText(i, display_name(tab.path) + (" •" if tab.dirty else ""))
        self._update_title()

    def _update_title(self) -> None:
        tab = self.current_tab()
        vault_name = self.vault.root.name or str(self.vault.root)
        if tab is None:
            self.setWindowTitle(f"{vault_name} — notedesk")
        else:
            mark = "*" if tab.dirty else ""
            self.setWindowTitle(f"{mark}{display_name(tab.path)} — {vault_name} — notedesk")

    # -- modes ---------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        tab = self.current_tab()
        if tab is not None and mode in MODES:
            tab.set_mode(mode)

    def toggle_mode(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.set_mode("preview" if tab.mode != "preview" else "source")

    # -- links ---------------------------------------------------------------

    def _on_file_tree_open_requested(self, path: str, new_tab: bool) -> None:
        if path.lower().endswith((".md", ".markdown")):
            self.open_note(path, new_tab)
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.vault.abspath(path))))

    def _on_tab_link_activated(self, href: str, new_tab: bool) -> None:
        link = parse_preview_href(href)
        self.follow_link(link, new_tab)

    def follow_link(self, link: PreviewLink, new_tab: bool) -> None:
        if link.kind == "note":
            self.open_note(link.path, new_tab, link.fragment)
        elif link.kind == "asset":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.vault.abspath(link.path))))
        elif link.kind == "external":
            QDesktopServices.openUrl(QUrl(link.url))
        elif link.kind == "new":
            self.statusBar().showMessage(f"“{link.path}” does not exist yet", 5000)
        else:
            self.statusBar().showMessage(f"Refused to open {link.url}: {link.reason}", 8000)

    # -- vault state ---------------------------------------------------------

    def show_vault_problem(self, message: str) -> None:
        self.vault_message.setText(message)
        self.vault_message.setVisible(bool(message))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._confirm_discard(self.note_tabs()):
            event.accept()
        else:
            event.ignore()
