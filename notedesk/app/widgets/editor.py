"""The Markdown source editor."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class NoteEditor(QPlainTextEdit):
    """Plain-text Markdown editing.

    Signals:
        top_line_changed(line): the first visible source line (1-based) after a scroll.
    """

    top_line_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        font.setStyleHint(QFont.StyleHint.SansSerif)
        self.setFont(font)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.document().setDocumentMargin(12)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def top_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    def scroll_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            bar = self.verticalScrollBar()
            bar.blockSignals(True)
            bar.setValue(block.firstLineNumber())
            bar.blockSignals(False)

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            cursor = self.textCursor()
            cursor.setPosition(block.position())
            self.setTextCursor(cursor)
            self.centerCursor()

    def _on_scrolled(self, _value: int) -> None:
        self.top_line_changed.emit(self.top_line())
