"""Find and replace bar shown under the editor (Ctrl+F, Ctrl+H).

The bar works on the QPlainTextEdit it is given, as a tool of that editor; the
matching rules are in ``notedesk.core.findtext``. Matches are recounted when
the query or options change and, debounced, when the text changes.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from notedesk.app.widgets.themelook import error_colour, follow_palette
from notedesk.core.findtext import (
    FindOptions,
    compile_query,
    find_matches,
    replace_plan,
    replacement_at,
)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_MAX_HIGHLIGHTS = 2000
_RECOUNT_MS = 150


class _Utf16Map:
    """String index <-> Qt document position for one snapshot of the text."""

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def to_qt(self, index: int) -> int:
        return index + bisect_left(self._astral, index)

    def to_index(self, pos: int) -> int:
        index = pos
        while index > 0 and self.to_qt(index) > pos:
            index -= 1
        return index


class FindBar(QWidget):
    """Find (and optionally replace) in one editor, with regex, case and whole-word options.

    Signals:
        closed(): the bar was hidden (Esc or its close button); focus went back to the editor.
    """

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._matches: list[tuple[int, int]] = []  # Qt positions
        self._pattern: re.Pattern[str] | None = None
        self._current = -1
        self.setObjectName("find_bar")

        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText("Find")
        self.find_edit.setAccessibleName("Find in note")
        self.find_edit.setClearButtonEnabled(True)
        self._invalid = False  # the query is not a valid regular expression
        follow_palette(self.find_edit, lambda _old, new: self._show_invalid(new))
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setPlaceholderText("Replace (regex: \\1, \\g<name>)")
        self.replace_edit.setAccessibleName("Replace with")
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Matches")
        self.count_label.setMinimumWidth(60)  # "12 of 345" without the box jumping as it counts
        self.find_edit.setMinimumWidth(120)
        self.case_button = self._toggle("Aa", "Match case")
        self.word_button = self._toggle("W", "Whole word")
        self.regex_button = self._toggle(".*", "Regular expression")
        self.previous_button = self._button("↑", "Previous match (Shift+Enter)", self.find_previous)
        self.next_button = self._button("↓", "Next match (Enter)", self.find_next)
        self.close_button = self._button("✕", "Close (Esc)", self.close_bar)
        self.close_button.setAccessibleName("Close the find bar")
        self.replace_button = self._button("Replace", "Replace this match", self.replace_current)
        self.replace_all_button = self._button("All", "Replace all matches", self.replace_all)

        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.find_edit, 0, 0)
        for col, widget in enumerate(
            (
                self.case_button,
                self.word_button,
                self.regex_button,
                self.count_label,
                self.previous_button,
                self.next_button,
                self.close_button,
            ),
            start=1,
        ):
            grid.addWidget(widget, 0, col)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addWidget(self.replace_button, 1, 1, 1, 2)
        grid.addWidget(self.replace_all_button, 1, 3)
        grid.setColumnStretch(0, 1)

        self._recount_timer = QTimer(self)
        self._recount_timer.setSingleShot(True)
        self._recount_timer.setInterval(_RECOUNT_MS)
        self._recount_timer.timeout.connect(self._recount)
        self.find_edit.textChanged.connect(self._on_find_edit_text_changed)
        for button in (self.case_button, self.word_button, self.regex_button):
            button.toggled.connect(self._on_option_toggled)
        editor.textChanged.connect(self._on_editor_text_changed)
        self.find_edit.installEventFilter(self)
        self.replace_edit.installEventFilter(self)
        self._set_replace_visible(False)
        self.hide()

    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)  # the text ("Aa", ".*") says nothing read aloud
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])  # "↑" read aloud says nothing
        button.setAccessibleDescription(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # -- public ------------------------------------------------------------------

    def options(self) -> FindOptions:
        return FindOptions(
            regex=self.regex_button.isChecked(),
            case_sensitive=self.case_button.isChecked(),
            whole_word=self.word_button.isChecked(),
        )

    def open_bar(self, replace: bool = False) -> None:
        """Show (find, or find and replace), seeded with a one-line selection.

        A read-only editor gets find only."""
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self._set_replace_visible(replace)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()
        self._recount()

    def close_bar(self) -> None:
        self.hide()
        self._matches = []
        self._editor.setExtraSelections([])
        self._editor.setFocus()
        self.closed.emit()

    def match_count(self) -> int:
        return len(self._matches)

    def find_next(self) -> None:
        self._step(forward=True)

    def find_previous(self) -> None:
        self._step(forward=False)

    def sync_read_only(self) -> None:
        """The editor became read-only (or editable again): no replace row in a read-only one."""
        if self._editor.isReadOnly():
            self._set_replace_visible(False)

    def replace_current(self) -> None:
        """Replace the selected match (if it is one), then go to the next."""
        if self._pattern is None or self._editor.isReadOnly():
            return
        cursor = self._editor.textCursor()
        if cursor.hasSelection():
            text = self._editor.toPlainText()
            umap = _Utf16Map(text)
            start, end = (
                umap.to_index(cursor.selectionStart()),
                umap.to_index(cursor.selectionEnd()),
            )
            new = replacement_at(
                text, start, end, self._pattern, self.replace_edit.text(), self.options()
            )
            if new is not None:
                cursor.insertText(new)
                self._editor.setTextCursor(cursor)
                self._recount()
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced
        (none in a read-only editor: a cursor's edits would go past its read-only flag)."""
        if self._pattern is None or self._editor.isReadOnly():
            return 0
        text = self._editor.toPlainText()
        plan = replace_plan(text, self._pattern, self.replace_edit.text(), self.options())
        if not plan:
            return 0
        umap = _Utf16Map(text)
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        for start, end, new in reversed(plan):
            cursor.setPosition(umap.to_qt(start))
            cursor.setPosition(umap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(new)
        cursor.endEditBlock()
        self._recount()
        self.count_label.setText(f"{len(plan)} replaced")
        return len(plan)

    # -- internals ---------------------------------------------------------------

    def _set_replace_visible(self, shown: bool) -> None:
        shown = shown and not self._editor.isReadOnly()
        for widget in (self.replace_edit, self.replace_button, self.replace_all_button):
            widget.setVisible(shown)

    def _show_invalid(self, palette: QPalette) -> None:
        """An invalid query in the theme's error colour."""
        if self._invalid:
            self.find_edit.setStyleSheet(f"color: {error_colour(palette).name()};")

    def _recount(self) -> None:
        self._recount_timer.stop()
        query = self.find_edit.text()
        self._matches = []
        self._pattern = None
        self._invalid = False
        self.find_edit.setStyleSheet("")
        if not query or not self.isVisible():
            self.count_label.setText("")
            self._highlight()
            return
        try:
            self._pattern = compile_query(query, self.options())
        except re.error as exc:
            self.count_label.setText("Invalid regex")
            self.count_label.setToolTip(str(exc))
            self._invalid = True
            self._show_invalid(QApplication.palette(self))
            self._highlight()
            return
        text = self._editor.toPlainText()
        umap = _Utf16Map(text)
        self._matches = [
            (umap.to_qt(s), umap.to_qt(e)) for s, e in find_matches(text, self._pattern)
        ]
        self._current = self._index_at_cursor()
        self._update_label()
        self._highlight()

    def _index_at_cursor(self) -> int:
        """The match the editor's selection is on, else -1."""
        cursor = self._editor.textCursor()
        span = (cursor.selectionStart(), cursor.selectionEnd())
        i = bisect_left(self._matches, span)
        return i if i < len(self._matches) and self._matches[i] == span else -1

    def _update_label(self) -> None:
        total = len(self._matches)
        if not total:
            self.count_label.setText("No results")
        elif self._current >= 0:
            self.count_label.setText(f"{self._current + 1} of {total}")
        else:
            self.count_label.setText(f"{total} found")
        self.count_label.setToolTip("")

    def _step(self, forward: bool) -> None:
        if self._recount_timer.isActive() or self._pattern is None:
            self._recount()
        if not self._matches:
            return
        cursor = self._editor.textCursor()
        if forward:
            i = bisect_left(self._matches, (cursor.selectionEnd(), -1))
            i = 0 if i >= len(self._matches) else i
        else:
            i = bisect_left(self._matches, (cursor.selectionStart(), -1)) - 1
            i = len(self._matches) - 1 if i < 0 else i
        self._current = i
        start, end = self._matches[i]
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.centerCursor()
        self._update_label()
        self._highlight()

    def _highlight(self) -> None:
        if not self._matches:
            self._editor.setExtraSelections([])
            return
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(255, 200, 40, 110))
        current = QTextCharFormat()
        # Opaque, with dark text: light text over orange was 2.6:1 in the dark theme.
        current.setBackground(QColor(255, 150, 0))
        current.setForeground(QColor("#1b1b1d"))
        low = max(0, self._current - _MAX_HIGHLIGHTS // 2)
        selections = []
        doc = self._editor.document()
        for i in range(low, min(len(self._matches), low + _MAX_HIGHLIGHTS)):
            start, end = self._matches[i]
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = current if i == self._current else fmt
            selections.append(selection)
        self._editor.setExtraSelections(selections)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                if watched is self.replace_edit and not shift:
                    self.replace_current()
                elif shift:
                    self.find_previous()
                else:
                    self.find_next()
                return True
        return super().eventFilter(watched, event)

    # -- slots -------------------------------------------------------------------

    def _on_find_edit_text_changed(self, _text: str) -> None:
        self._recount()

    def _on_option_toggled(self, _checked: bool) -> None:
        self._recount()

    def _on_editor_text_changed(self) -> None:
        if self.isVisible():
            self._recount_timer.start()
