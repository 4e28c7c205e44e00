"""Item-view rows whose text has highlighted ranges (search hits, mentions, link context)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

HTML_ROLE = Qt.ItemDataRole.UserRole + 50

_MAX_CONTEXT = 240
_LEAD = 24


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


def highlight_html(
    text: str, ranges: Sequence[tuple[int, int]], prefix: str = "", max_chars: int = _MAX_CONTEXT
) -> str:
    """``text`` as escaped HTML with ``ranges`` in bold, trimmed around the first range.

    ``prefix`` (e.g. a line number) is shown dimmed before the text.
    """
    spans = sorted((max(0, s), min(len(text), e)) for s, e in ranges if e > s)
    start = 0
    # Sidebars are narrow: start shortly before the first match so it is on screen.
    if spans and spans[0][0] > _LEAD + 15:
        start = text.rfind(" ", 0, spans[0][0] - _LEAD) + 1 or spans[0][0] - _LEAD
    end = min(len(text), start + max_chars)
    parts: list[str] = []
    if prefix:
        parts.append(
            f'<span style="color: palette(placeholder-text)">{html.escape(prefix)}</span> '
        )
    if start > 0:
        parts.append("…")
    pos = start
    for s, e in spans:
        s, e = max(s, pos), min(e, end)
        if s >= e:
            continue
        parts.append(html.escape(text[pos:s]))
        parts.append(f"<b><u>{html.escape(text[s:e])}</u></b>")
        pos = e
    parts.append(html.escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).replace("\t", "    ")


def title_html(title: str, detail: str = "") -> str:
    """A bold title followed by dimmed detail (folder, count)."""
    out = f"<b>{html.escape(title)}</b>"
    if detail:
        out += f' <span style="color: #8a8a8a">{html.escape(detail)}</span>'
    return out


class HtmlDelegate(QStyledItemDelegate):
    """Paints ``HTML_ROLE`` as one line of rich text; rows without it paint as usual."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(0)

    def _prepare(self, option: QStyleOptionViewItem, markup: str) -> None:
        self._doc.setDefaultFont(option.font)
        color = option.palette.color(
            QPalette.ColorRole.HighlightedText
            if option.state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        self._doc.setDefaultStyleSheet(f"body {{ color: {color.name()}; }}")
        self._doc.setHtml(f"<body><nobr>{markup}</nobr></body>")

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        markup = index.data(HTML_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        opt = draw_item_frame(self, painter, option, index)
        self._prepare(opt, str(markup))
        rect = opt.rect
        painter.save()
        top = rect.top() + max(0, (rect.height() - int(self._doc.size().height())) // 2)
        painter.translate(rect.left() + 2, top)
        clip = QRectF(0, 0, rect.width() - 4, rect.height())
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.clip = clip
        ctx.palette = opt.palette
        self._doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        markup = index.data(HTML_ROLE)
        if markup:
            self._prepare(option, str(markup))
            size.setWidth(int(self._doc.idealWidth()) + 8)
        return size
