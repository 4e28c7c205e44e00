"""The rows of the find popup: a list model of ``Row`` and the delegate painting them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from notedesk.app.widgets.themelook import item_group

__all__ = ["HINT_ROLE", "PAD", "SUBTITLE_ROLE", "FindDelegate", "Row", "RowModel"]

SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
HINT_ROLE = Qt.ItemDataRole.UserRole + 2
_ROOT = QModelIndex()

PAD = 8
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_SELECTED = QStyle.StateFlag.State_Selected.value
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_LINK = QPalette.ColorRole.Link
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the popup's list."""

    title: str
    payload: Any
    subtitle: str = ""
    positions: tuple[int, ...] = ()  # characters of ``title`` to highlight
    hint: str = ""  # right-aligned, e.g. a shortcut


def _runs(text: str, positions: Sequence[int]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, highlighted) runs."""
    marked = set(positions)
    runs: list[tuple[str, bool]] = []
    for i, ch in enumerate(text):
        hot = i in marked
        if runs and runs[-1][1] == hot:
            runs[-1] = (runs[-1][0] + ch, hot)
        else:
            runs.append((ch, hot))
    return runs


class RowModel(QAbstractListModel):
    """The popup's rows; Python objects stay on the Python side, the view sees strings."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.subtitle or row.title
        if role == SUBTITLE_ROLE:
            return row.subtitle
        if role == HINT_ROLE:
            return row.hint
        return None


class FindDelegate(QStyledItemDelegate):
    """Title with the matched characters in bold accent, an optional grey subtitle and hint.

    Painted by hand with cached fonts and laid-out texts: it runs for every visible row on
    every keystroke, and narrowing a query mostly shows the same titles and paths again.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._font: QFont | None = None
        self._fonts: tuple[QFont, QFont, QFont] | None = None
        self._metrics: tuple[QFontMetrics, QFontMetrics, QFontMetrics] | None = None
        self._texts: dict[tuple[str, int, int], QStaticText] = {}  # (text, font, width)

    def _cached_fonts(
        self, font: QFont
    ) -> tuple[tuple[QFont, QFont, QFont], tuple[QFontMetrics, QFontMetrics, QFontMetrics]]:
        if self._font is None or font != self._font or self._fonts is None or self._metrics is None:
            base = QFont(font)
            bold = QFont(base)
            bold.setBold(True)
            small = QFont(base)
            small.setPointSizeF(max(6.0, base.pointSizeF() * 0.85))
            self._fonts = (base, bold, small)
            self._metrics = (QFontMetrics(base), QFontMetrics(bold), QFontMetrics(small))
            self._font = QFont(font)
            self._texts.clear()
        return self._fonts, self._metrics

    def _static(self, text: str, slot: int, font: QFont, width: int = 0) -> QStaticText:
        """``text`` laid out once in ``font``, elided in the middle to ``width`` if given.

        ``slot`` tells the fonts apart (0 base, 1 bold, 2 small) in the cache.
        """
        key = (text, slot, width)
        static = self._texts.get(key)
        if static is None:
            if len(self._texts) > 4000:
                self._texts.clear()
            if width:
                text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideMiddle, width)
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            self._texts[key] = static
        return static

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        row = model.row_at(index.row()) if isinstance(model, RowModel) else None
        if row is None:
            super().paint(painter, option, index)
            return
        widget = option.widget
        if widget is not None:
            widget.style().drawPrimitive(_PANEL, option, painter, widget)
        selected = bool(option.state.value & _SELECTED)
        palette = option.palette
        group = item_group(option)
        text_color = palette.color(group, _HIGHLIGHTED_TEXT if selected else _TEXT)
        accent = text_color if selected else palette.color(group, _LINK)
        dim = QColor(text_color)
        dim.setAlphaF(0.6)
        (base, bold, small), (fm, _fm_bold, _fm_small) = self._cached_fonts(option.font)
        rect = option.rect.adjusted(PAD, 2, -PAD, -2)
        painter.save()
        hint_width = 0
        if row.hint:
            hint_width = fm.horizontalAdvance(row.hint) + PAD
            painter.setPen(dim)
            painter.setFont(base)
            painter.drawText(rect, _RIGHT, row.hint)
        line_h = fm.height()
        top = rect.top() if row.subtitle else rect.top() + (rect.height() - line_h) // 2
        width = rect.width() - hint_width
        right = rect.left() + width
        painter.setClipRect(QRect(rect.left(), rect.top(), width, rect.height()))
        x = float(rect.left())
        for piece, hot in _runs(row.title, row.positions):
            if x >= right:
                break
            font = bold if hot else base
            static = self._static(piece, int(hot), font)
            painter.setFont(font)
            painter.setPen(accent if hot else text_color)
            painter.drawStaticText(QPointF(x, top), static)
            x += static.size().width()
        if row.subtitle:
            painter.setFont(small)
            painter.setPen(dim)
            subtitle = self._static(row.subtitle, 2, small, max(1, width))
            painter.drawStaticText(QPointF(rect.left(), top + line_h), subtitle)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        (_base, _bold, _small), (fm, _fm_bold, fm_small) = self._cached_fonts(option.font)
        height = fm.height() + (fm_small.height() if index.data(SUBTITLE_ROLE) else 0)
        return QSize(200, height + 6)
