"""The optional line-number gutter at the editor's left edge."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

# (0-based block number, top y in viewport coordinates, height)
VisibleBlocks = Callable[[], Iterable[tuple[int, int, int]]]


class LineNumberGutter(QWidget):
    """Paints 1-based line numbers for the blocks the editor reports as visible.

    The editor owns it, positions it over its left viewport margin and tells
    it which blocks are on screen; the current line's number is emphasised.
    """

    def __init__(
        self, parent: QWidget, visible_blocks: VisibleBlocks, current_block: Callable[[], int]
    ) -> None:
        super().__init__(parent)
        self._visible_blocks = visible_blocks
        self._current_block = current_block
        self._digits = 3
        self.setObjectName("line_numbers")

    def set_line_count(self, count: int) -> bool:
        """Adapt the width to the number of lines; True when the width changed."""
        digits = max(3, len(str(max(count, 1))))
        if digits == self._digits:
            return False
        self._digits = digits
        return True

    def width_hint(self) -> int:
        return self.fontMetrics().horizontalAdvance("9" * self._digits) + 18

    def sizeHint(self) -> QSize:
        return QSize(self.width_hint(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        painter.fillRect(
            event.rect(), base.darker(104) if base.lightness() > 128 else base.lighter(115)
        )
        normal = palette.color(QPalette.ColorRole.PlaceholderText)
        current_colour = palette.color(QPalette.ColorRole.Text)
        current = self._current_block()
        bold = QFont(self.font())
        bold.setBold(True)
        right = self.width() - 8
        height = self.fontMetrics().height()
        for number, top, block_height in self._visible_blocks():
            if top > event.rect().bottom():
                break
            if top + block_height < event.rect().top():
                continue
            is_current = number == current
            painter.setPen(current_colour if is_current else normal)
            painter.setFont(bold if is_current else self.font())
            painter.drawText(
                QRect(0, top, right, height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                str(number + 1),
            )
        painter.end()
