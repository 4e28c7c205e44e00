"""The editor with its find bar underneath: what a note tab shows as its source view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from notedesk.app.widgets.completer import CompletionProviders
from notedesk.app.widgets.editor import NoteEditor
from notedesk.app.widgets.findbar import FindBar
from notedesk.app.widgets.highlighter import LinkChecker


class EditorPane(QWidget):
    """``NoteEditor`` + ``FindBar``; Ctrl+F finds, Ctrl+H replaces, Esc closes the bar.

    The shortcuts are local to the pane (active while focus is inside it), so
    the main window must not bind Ctrl+F/Ctrl+H window-wide; menus can call
    ``show_find``/``show_replace`` or add ``action_find``/``action_replace``.
    Signals live on ``.editor`` (see NoteEditor) and ``.find_bar``.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        link_exists: LinkChecker | None = None,
        providers: CompletionProviders | None = None,
        theme: str = "light",
        line_numbers: bool = False,
    ) -> None:
        super().__init__(parent)
        self.editor = NoteEditor(self, link_exists=link_exists, providers=providers, theme=theme)
        self.find_bar = FindBar(self.editor, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
        self.action_find = self._action("Find…", QKeySequence.StandardKey.Find, self.show_find)
        self.action_replace = self._action("Replace…", QKeySequence("Ctrl+H"), self.show_replace)
        self.editor.set_line_numbers(line_numbers)
        self.setFocusProxy(self.editor)
        self.editor.installEventFilter(self)  # Esc in the text closes the find bar too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.find_bar.isVisible()
            and not self.editor.completer.active
        ):
            self.find_bar.close_bar()
            return True
        return super().eventFilter(watched, event)

    def _action(
        self, text: str, keys: QKeySequence | QKeySequence.StandardKey, slot: object
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def show_find(self) -> None:
        self.find_bar.open_bar(replace=False)

    def show_replace(self) -> None:
        self.find_bar.open_bar(replace=True)

    def set_theme(self, theme: str) -> None:
        self.editor.set_theme(theme)

    def set_line_numbers(self, shown: bool) -> None:
        self.editor.set_line_numbers(shown)
