"""Find in the rendered note (Ctrl+F in the reading view, or with the keys in the preview).

The page finds and highlights the matches itself (``QWebEngineView.findText``); the
bar says which one is shown and how many there are. Enter and F3 go to the next,
Shift+Enter and Shift+F3 to the previous, Esc closes the bar and clears the marks.
When the page's content changes (the note re-rendered or reloaded from disk) while the
bar is open, the same query runs again, so the count is never that of an old page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

_PAGE_TEXT = "document.body ? document.body.innerText : ''"
_CLEAR_SELECTION = "window.getSelection().removeAllRanges()"


class PreviewFindBar(QWidget):
    """Find bar over a preview; ``view`` is a QWebEngineView (anything with ``findText``).

    Signals:
        closed(): the bar was hidden (Esc or its close button).
    """

    closed = Signal()

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._shown_version: object = None
        self._page_text: object = None  # the page's text as last found in
        self.setObjectName("preview_find_bar")
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText("Find in the reading view")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setAccessibleName("Find in the reading view")
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(60)
        self.case_button = self._button("Aa", "Match case", checkable=True)
        self.prev_button = self._button("↑", "Previous match (Shift+Enter)")
        self.next_button = self._button("↓", "Next match (Enter)")
        self.close_button = self._button("✕", "Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.find_edit, 1)
        for widget in (self.count_label, self.case_button, self.prev_button, self.next_button):
            layout.addWidget(widget)
        layout.addWidget(self.close_button)
        self.find_edit.textChanged.connect(lambda _t: self._find(backward=False))
        self.case_button.toggled.connect(lambda _on: self._find(backward=False))
        self.prev_button.clicked.connect(lambda _c=False: self._find(backward=True))
        self.next_button.clicked.connect(lambda _c=False: self._find(backward=False))
        self.close_button.clicked.connect(lambda _c=False: self.close_bar())
        self.find_edit.installEventFilter(self)
        page = getattr(view, "page", None)
        found = getattr(page(), "findTextFinished", None) if callable(page) else None
        if found is not None:
            found.connect(self._on_find_text_finished)
        shown = getattr(view, "content_shown", None)  # the note re-rendered or reloaded
        if shown is not None:
            shown.connect(self._on_content_shown)
        self.hide()

    def _button(self, text: str, tip: str, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setCheckable(checkable)
        return button

    def open_bar(self) -> None:
        """Show the bar with its text selected, and find again."""
        self.show()
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()
        if self.find_edit.text():
            self._find(backward=False)

    def close_bar(self) -> None:
        self.hide()
        self._call_find("", backward=False)  # clears the marks
        self.count_label.clear()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def find_next(self) -> None:
        self._find(backward=False)

    def _on_content_shown(self, version: object) -> None:
        # A new render under the bar: if its text differs (the note was edited or
        # reloaded from disk, not just re-rendered with the same words), the count and
        # the mark are stale, so the same query runs again.
        if version == self._shown_version:
            return
        self._shown_version = version
        if not self.isVisible() or not self.find_edit.text():
            self._page_text = None
            return
        page = self._page()
        if page is None:
            self._find(backward=False)
            return
        page.runJavaScript(_PAGE_TEXT, 0, self._on_page_text)

    def _on_page_text(self, text: object) -> None:
        if not isValid(self):
            return
        before, self._page_text = self._page_text, text
        if text == before or not self.isVisible() or not self.find_edit.text():
            return
        page = self._page()
        if page is None:
            return
        self._call_find("", backward=False)  # a new find session, from the top of the
        # page: one starts after the selected text, which is the match shown before.
        page.runJavaScript(_CLEAR_SELECTION, 0, lambda _r: self._find_again())

    def _find_again(self) -> None:
        if isValid(self) and self.isVisible() and self.find_edit.text():
            self._find(backward=False)

    def _page(self) -> Any:
        page = getattr(self._view, "page", None)
        return page() if callable(page) else None

    def _remember_page_text(self) -> None:
        # What a find searched, to tell a changed page from the same one re-rendered.
        page = self._page()
        if page is not None and self._page_text is None:
            page.runJavaScript(_PAGE_TEXT, 0, self._keep_page_text)

    def _keep_page_text(self, text: object) -> None:
        if isValid(self) and self._page_text is None:
            self._page_text = text

    def _find(self, *, backward: bool) -> None:
        text = self.find_edit.text()
        if not text:
            self.count_label.clear()
        else:
            self._remember_page_text()
        self._call_find(text, backward=backward)

    def _call_find(self, text: str, *, backward: bool) -> None:
        find = getattr(self._view, "findText", None)
        if find is None:
            return
        from PySide6.QtWebEngineCore import QWebEnginePage

        flags = QWebEnginePage.FindFlag(0)
        if backward:
            flags |= QWebEnginePage.FindFlag.FindBackward
        if self.case_button.isChecked():
            flags |= QWebEnginePage.FindFlag.FindCaseSensitively
        find(text, flags)

    def _on_find_text_finished(self, result: Any) -> None:
        if not self.isVisible() or not self.find_edit.text():
            return
        total = int(result.numberOfMatches())
        self.count_label.setText(f"{result.activeMatch()} of {total}" if total else "No matches")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.find_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                self._find(backward=shift)
                return True
        return super().eventFilter(watched, event)


class PreviewBox(QWidget):
    """A note's preview with its find bar above it.

    Ctrl+F finds in the page with the keys in the preview and, in the reading view
    (``set_reading``), wherever they are: the editor, which has its own Ctrl+F, is
    hidden then.
    """

    def __init__(self, preview: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.find_bar = PreviewFindBar(preview, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(preview, 1)
        preview.show()  # a view made ahead comes hidden; the box shows or hides it now
        self._find_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self._find_key.activated.connect(self.find_bar.open_bar)
        self.set_reading(False)

    def set_reading(self, reading: bool) -> None:
        self._find_key.setContext(
            Qt.ShortcutContext.WindowShortcut
            if reading
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
