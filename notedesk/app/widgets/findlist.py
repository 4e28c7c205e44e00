"""The "type to find" popup shared by the quick switcher and the command palette.

It is a frame laid over its parent widget (the main window), not a top-level
window: no window-manager stacking, no keyboard grab, and it moves with the
window. It closes on Esc, after a choice, or when the focus leaves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
HINT_ROLE = Qt.ItemDataRole.UserRole + 2
_ROOT = QModelIndex()

_PAD = 8
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
        text_color = palette.color(_HIGHLIGHTED_TEXT if selected else _TEXT)
        accent = text_color if selected else palette.color(_LINK)
        dim = QColor(text_color)
        dim.setAlphaF(0.6)
        (base, bold, small), (fm, _fm_bold, _fm_small) = self._cached_fonts(option.font)
        rect = option.rect.adjusted(_PAD, 2, -_PAD, -2)
        painter.save()
        hint_width = 0
        if row.hint:
            hint_width = fm.horizontalAdvance(row.hint) + _PAD
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


class FindPopup(QFrame):
    """A query box over a list; subclasses supply ``rows(query)`` and ``accept_row``.

    Up/Down/PageUp/PageDown move through the list while the box keeps the focus;
    Esc closes. ``accept_row(row, modifiers)`` gets the chosen row on Enter or a click.
    """

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._return_focus: QWidget | None = None
        self._watching_parent = False
        self.setObjectName("findPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # No QGraphicsDropShadowEffect: its software blur of the whole popup cost ~20 ms
        # per keystroke; a raised frame line is enough.
        self.setStyleSheet(
            "#findPopup { border: 1px solid palette(mid); border-radius: 6px;"
            " background: palette(window); }"
        )
        self.hide()
        self.input = QLineEdit(self)
        self.input.setPlaceholderText(placeholder)
        self.input.setClearButtonEnabled(True)
        self.list = QListView(self)
        # Not uniform: rows with a subtitle are two lines high, the others one.
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.model = RowModel(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(FindDelegate(self.list))
        self.status = QLabel(self)
        self.status.setObjectName("findStatus")
        self.status.setContentsMargins(_PAD, 0, _PAD, 2)
        dim = self.status.palette()
        dim.setColor(QPalette.ColorRole.WindowText, dim.color(QPalette.ColorRole.PlaceholderText))
        self.status.setPalette(dim)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.input)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        self.input.textChanged.connect(self._on_input_text_changed)
        self.input.installEventFilter(self)
        self.list.clicked.connect(self._on_list_clicked)
        self.resize(620, 420)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    # -- subclass hooks ------------------------------------------------------

    def rows(self, query: str) -> list[Row]:
        raise NotImplementedError

    def accept_row(self, row: Row | None, modifiers: Qt.KeyboardModifier) -> None:
        raise NotImplementedError

    def help_text(self, query: str, count: int) -> str:
        return ""

    # -- behaviour -----------------------------------------------------------

    def popup(self, text: str = "") -> None:
        """Show over the top of the parent's window with ``text`` in the box."""
        before = QApplication.focusWidget()
        if before is not None and before is not self.input and not self.isAncestorOf(before):
            self._return_focus = before
        parent = self.parentWidget()
        if parent is not None and not self._watching_parent:
            parent.installEventFilter(self)  # follow the window's size while shown
            self._watching_parent = True
        self._place()
        self.input.blockSignals(True)
        self.input.setText(text)
        self.input.blockSignals(False)
        self.update_rows()
        self.show()
        self.raise_()
        self.input.setFocus()
        self.input.selectAll()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(640, max(320, parent.width() - 40))
        self.resize(width, self.height())
        self.move((parent.width() - width) // 2, max(20, parent.height() // 8))

    def _fit_height(self) -> None:
        """Grow with the rows up to a cap, so two results do not sit in a tall empty box."""
        parent = self.parentWidget()
        cap = min(460, parent.height() - self.y() - 20) if parent is not None else 460
        rows = self.model.rowCount()
        if self.list.uniformItemSizes():
            list_h = self.list.sizeHintForRow(0) * min(rows, 14) if rows else 0
        else:
            list_h = sum(self.list.sizeHintForRow(r) for r in range(min(rows, 14)))
        list_h += 2 * self.list.frameWidth() + (4 if rows else 0)
        self.list.setVisible(rows > 0)
        margins = self._layout.contentsMargins()
        chrome = (
            self.input.sizeHint().height()
            + self.status.sizeHint().height()
            + margins.top()
            + margins.bottom()
            + 2 * self._layout.spacing()
            + 2 * self.frameWidth()
        )
        self.resize(self.width(), max(chrome, min(cap, chrome + (list_h if rows else 0))))

    def update_rows(self) -> None:
        query = self.input.text()
        rows = self.rows(query)
        self.model.set_rows(rows)
        if rows:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.status.setText(self.help_text(query, len(rows)))
        self._fit_height()

    def current_row(self) -> Row | None:
        index = self.list.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def row_titles(self) -> list[str]:
        return [row.title for r in range(self.model.rowCount()) if (row := self.model.row_at(r))]

    def _move(self, delta: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        current = self.list.currentIndex().row()
        target = max(0, min(count - 1, current + delta)) if current >= 0 else 0
        self.list.setCurrentIndex(self.model.index(target, 0))

    def _page(self) -> int:
        first = self.list.sizeHintForRow(0) if self.model.rowCount() else 0
        return max(1, self.list.viewport().height() // first) if first > 0 else 10

    def hideEvent(self, event: QHideEvent) -> None:
        # Esc or a choice gives the keyboard back to where the user was typing.
        target, self._return_focus = self._return_focus, None
        focus = QApplication.focusWidget()
        ours = focus is None or focus is self.input or self.isAncestorOf(focus)
        if target is not None and shiboken6.isValid(target) and ours:
            target.setFocus(Qt.FocusReason.PopupFocusReason)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.parentWidget()
            and event.type() == QEvent.Type.Resize
            and self.isVisible()
        ):
            self._place()
            self._fit_height()
            return False
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: self._page(),
                Qt.Key.Key_PageUp: -self._page(),
            }
            if key in moves:
                self._move(moves[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_row(self.current_row(), event.modifiers())
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(watched, event)

    def _on_input_text_changed(self, _text: str) -> None:
        self.update_rows()

    def _on_list_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.accept_row(row, QApplication.keyboardModifiers())

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Focus going nowhere (another application) keeps the popup; a click elsewhere
        # in the window closes it like a menu.
        if self.isVisible() and new is not None and new is not self and not self.isAncestorOf(new):
            self.close()
