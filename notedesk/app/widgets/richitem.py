"""Item-view rows painted by a delegate of their own: the frame drawn as the style does."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem


def draw_item_frame(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
) -> QStyleOptionViewItem:
    """Draw a row's background, selection and focus as the style does, without its text.

    Returns the initialised option (font, palette, state, rect) for drawing the text.
    """
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    widget = opt.widget
    if widget is not None:
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
    return opt
