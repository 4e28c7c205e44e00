"""The optional line-number gutter at the editor's left edge."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QPlainTextEdit, QWidget

# (0-based block number, top y in viewport coordinates, height)
VisibleBlocks = Callable[[], Iterable[tuple[int, int, int]]]


class LineNumberGutter(QWidget):
    """Paints 1-based line numbers for the blocks the editor reports as visible.

    Owned by the editor: it sits over the editor's left viewport margin (which
    it sizes through ``set_margin``), follows the editor's scrolling and line
    count, and emphasises the current line's number.
    """

    def __init__(
        self,
        editor: QPlainTextEdit,
        visible_blocks: VisibleBlocks,
        current_block: Callable[[], int],
        set_margin: Callable[[int], None],
    ) -> None:
        super().__init__(editor)
        self._editor = editor
        self._visible_blocks = visible_blocks
        self._current_block = current_block
        self._set_margin = set_margin
        self._digits = 3
        self.setObjectName("line_numbers")
        self.setFont(editor.font())
        self.setPalette(editor.palette())
        self.set_line_count(editor.blockCount())
        editor.updateRequest.connect(self._on_editor_update_request)
        editor.blockCountChanged.connect(self._on_editor_block_count_changed)
        self.sync_geometry()
        self.show()

    def detach(self) -> None:
        self._editor.updateRequest.disconnect(self._on_editor_update_request)
        self._editor.blockCountChanged.disconnect(self._on_editor_block_count_changed)
        self.hide()
        self.deleteLater()

    def sync_geometry(self) -> None:
        """Reserve the margin and cover it (after a resize, zoom or width change)."""
        width = self.width_hint()
        self._set_margin(width)
        rect = self._editor.contentsRect()
        self.setGeometry(QRect(rect.left(), rect.top(), width, rect.height()))

    def _on_editor_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.scroll(0, dy)
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    def _on_editor_block_count_changed(self, count: int) -> None:
        if self.set_line_count(count):
            self.sync_geometry()

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
