"""The tabbed note area: one NoteTab per open note."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabBar, QTabWidget, QWidget

from notedesk.app.renderqueue import RenderQueue

if TYPE_CHECKING:
    from notedesk.app.notetab import NoteTab, PreviewFactory
from notedesk.core.journal import Journal
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.tabtitles import tab_titles
from notedesk.core.vault import Vault

EMPTY_TEXT = (
    "<p style='font-size:15px'>No note is open.</p>"
    "<p>Pick one in the file tree, press <b>Ctrl+O</b> to find a note by name, "
    "or <b>Ctrl+N</b> to start a new one.</p>"
)


class _TabBar(QTabBar):
    """A middle click closes a tab, as in browsers."""

    middle_clicked = Signal(int)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            index = self.tabAt(event.position().toPoint())
            if index >= 0:
                self.middle_clicked.emit(index)
                return
        super().mouseReleaseEvent(event)


class TabArea(QStackedWidget):
    """Signals:
    current_tab_changed(tab or None): another tab became current.
    tabs_changed(): a tab was opened, closed or moved.
    tab_close_requested(tab): the user asked to close a tab.
    tab_created(tab): a new NoteTab exists (the window connects its signals).
    """

    current_tab_changed = Signal(object)
    tabs_changed = Signal()
    tab_close_requested = Signal(object)
    tab_created = Signal(object)

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
        self._renderer = renderer
        self._own_writes = own_writes
        self._journal = journal
        self._preview_factory: PreviewFactory | None = None
        self._default_mode = "split"
        self.last_edit_mode = "split"  # the editing mode last chosen (not reading view)
        self.tabs = QTabWidget(self)
        bar = _TabBar(self.tabs)
        self.tabs.setTabBar(bar)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.addWidget(self.empty)
        self.addWidget(self.tabs)
        self.tabs.tabCloseRequested.connect(self._on_tabs_close_requested)
        bar.middle_clicked.connect(self._on_tabs_close_requested)
        bar.tabMoved.connect(lambda _a, _b: self.tabs_changed.emit())
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    @property
    def default_mode(self) -> str:
        """The mode new tabs open in: the one last chosen."""
        return self._default_mode

    @default_mode.setter
    def default_mode(self, mode: str) -> None:
        self._default_mode = mode
        if mode in ("split", "source"):
            self.last_edit_mode = mode

    def start_writing(self, tab: NoteTab) -> None:
        """Make ``tab`` ready to type in: out of reading view (into the editing mode last
        used), the keys in its text, at the end."""
        if tab.mode == "preview":
            tab.set_mode(tab.last_edit_mode)
        editor = tab.editor
        editor.moveCursor(QTextCursor.MoveOperation.End)
        editor.ensureCursorVisible()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_preview_factory(self, factory: PreviewFactory) -> None:
        self._preview_factory = factory
        for tab in self.note_tabs():
            tab.attach_preview(factory)
        self.refresh_labels()  # the new previews' names

    # NoteTab (editor, highlighter, document model) loads with the first tab, after
    # the window is on screen; until then no widget here can be one.
    def note_tabs(self) -> list[NoteTab]:
        found = []
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if _is_note_tab(widget):
                found.append(widget)
        return found

    def current_tab(self) -> NoteTab | None:
        widget = self.tabs.currentWidget()
        return widget if _is_note_tab(widget) else None  # type: ignore[return-value]

    def tab_for(self, path: str) -> NoteTab | None:
        return next((t for t in self.note_tabs() if t.path == path), None)

    def create_tab(
        self, path: str, replace: NoteTab | None, load: Callable[[NoteTab], None]
    ) -> NoteTab:
        """Make a tab for ``path`` (replacing ``replace`` if given); ``load`` may raise."""
        from notedesk.app.notetab import NoteTab
        from notedesk.app.widgets.filetree import display_name

        tab = NoteTab(
            self.vault,
            path,
            self._renderer,
            self,
            own_writes=self._own_writes,
            journal=self._journal,
        )
        try:
            load(tab)
        except Exception:
            tab.deleteLater()
            raise
        if self.default_mode in ("split", "source", "preview"):
            tab.set_mode(self.default_mode)
        if tab.mode == "preview":  # Ctrl+E (and a new note) go to the mode last written in
            tab.last_edit_mode = self.last_edit_mode
        self.tab_created.emit(tab)
        if self._preview_factory is not None:
            tab.attach_preview(self._preview_factory)
        if replace is not None and (index := self.tabs.indexOf(replace)) >= 0:
            self.tabs.insertTab(index, tab, display_name(path))
            self.tabs.removeTab(index + 1)
            replace.deleteLater()
        else:
            self.tabs.addTab(tab, display_name(path))
        self.tabs.setCurrentWidget(tab)
        self.refresh_labels()
        self.setCurrentWidget(self.tabs)
        self.tabs_changed.emit()
        return tab

    def show_tab(self, tab: NoteTab) -> None:
        self.tabs.setCurrentWidget(tab)

    def close_tab(self, tab: NoteTab) -> None:
        index = self.tabs.indexOf(tab)
        if index < 0:
            return
        self.tabs.removeTab(index)
        tab.deleteLater()
        self.refresh_labels()  # a name that collided may stand alone now
        if self.tabs.count() == 0:
            self.setCurrentWidget(self.empty)
            self.current_tab_changed.emit(None)
        self.tabs_changed.emit()

    def refresh_labels(self) -> None:
        """Each tab's title (its folder added where names collide), unsaved mark and
        full path as the tooltip."""
        shown = [
            (i, tab) for i in range(self.tabs.count()) if _is_note_tab(tab := self.tabs.widget(i))
        ]
        top = self.vault.root.name or str(self.vault.root)
        titles = tab_titles([tab.path for _i, tab in shown], top)
        for (i, tab), title in zip(shown, titles, strict=True):
            self.tabs.setTabText(i, title + (" •" if tab.dirty else ""))
            self.tabs.setTabToolTip(i, tab.path)
            self._name_for_screen_readers(i, tab, title)

    def _name_for_screen_readers(self, index: int, tab: NoteTab, name: str) -> None:
        """What a screen reader says for the tab's close button, editor and preview."""
        bar = self.tabs.tabBar()
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            button = bar.tabButton(index, side)
            if button is not None:
                button.setAccessibleName(f"Close {name}")
        tab.editor.setAccessibleName(f"Note editor: {name}")
        if tab.preview is not None:
            tab.preview.setAccessibleName(f"Preview: {name}")

    def _on_tabs_close_requested(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if _is_note_tab(tab):
            self.tab_close_requested.emit(tab)

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.current_tab_changed.emit(self.current_tab())
        self.tabs_changed.emit()


def _is_note_tab(widget: object) -> bool:
    import sys

    # The module may be half imported (by a thread preloading it): no NoteTab exists yet then.
    cls = getattr(sys.modules.get("notedesk.app.notetab"), "NoteTab", None)
    return cls is not None and isinstance(widget, cls)
