"""Search-result rows painted as a few styled runs of text, without a rich-text document.

A row is a list of segments ``(text, style)``: plain, dimmed (line numbers,
folders, counts), a title (bold) or a match (bold, underlined). Painting them
with QPainter costs a few text draws per row, where laying out HTML in a
QTextDocument took most of the time of showing a page of results.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from notedesk.app.widgets.richitem import draw_item_frame
from notedesk.core.vault import is_note_path

SEGMENTS_ROLE = Qt.ItemDataRole.UserRole + 60

PLAIN, DIM, TITLE, MATCH = 0, 1, 2, 3
Segment = tuple[str, int]

_MAX_CONTEXT = 240
_LEAD = 24


def line_segments(text: str, ranges: Sequence[tuple[int, int]], prefix: str = "") -> list[Segment]:
    """A matching line: ``prefix`` dimmed, then the text trimmed to start shortly before the
    first match (sidebars are narrow) with the ``ranges`` as matches."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in ranges if e > s)
    start = 0
    if spans and spans[0][0] > _LEAD + 15:
        start = text.rfind(" ", 0, spans[0][0] - _LEAD) + 1 or spans[0][0] - _LEAD
    end = min(len(text), start + _MAX_CONTEXT)
    out: list[Segment] = []
    if prefix:
        out.append((prefix + " ", DIM))
    if start > 0:
        out.append(("…", PLAIN))
    pos = start
    for s, e in spans:
        s, e = max(s, pos), min(e, end)
        if s >= e:
            continue
        if s > pos:
            out.append((text[pos:s], PLAIN))
        out.append((text[s:e], MATCH))
        pos = e
    if end > pos:
        out.append((text[pos:end], PLAIN))
    if end < len(text):
        out.append(("…", PLAIN))
    return [(t.replace("\t", "    "), style) for t, style in out]


def title_segments(title: str, detail: str = "") -> list[Segment]:
    return [(title, TITLE), (" " + detail, DIM)] if detail else [(title, TITLE)]


def hit_row(path: str, count: int, cap: int) -> tuple[str, list[Segment]]:
    """The text and runs of a hit's row: a note's title and folder, and how many of its
    lines match (``cap`` or more: "20+"); an attachment's file name and folder alone."""
    folder, _slash, name = path.rpartition("/")
    if not is_note_path(path):  # found by file: or path:, no lines to count
        return name, title_segments(name, folder)
    title = name[: name.rfind(".")] if "." in name else name
    shown = f"{count}+" if count >= cap else str(count)
    # A note found by tag:, path: or a property has no matching lines to count.
    detail = " · ".join(p for p in (folder, shown if count else "") if p)
    return f"{title}  ({shown})", title_segments(title, detail)


class SegmentDelegate(QStyledItemDelegate):
    """Paints ``SEGMENTS_ROLE`` on one line, cut off at the right edge; other rows as usual."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: tuple[str, dict[int, tuple[QFont, QFontMetrics]]] | None = None

    def _fonts(self, base: QFont) -> dict[int, tuple[QFont, QFontMetrics]]:
        """Font and metrics of each style, kept while the view's font stays the same."""
        key = base.key()
        if self._cache is None or self._cache[0] != key:
            bold = QFont(base)
            bold.setBold(True)
            match = QFont(bold)
            match.setUnderline(True)
            plain = QFont(base)
            fonts = {PLAIN: plain, DIM: plain, TITLE: bold, MATCH: match}
            self._cache = (key, {k: (f, QFontMetrics(f)) for k, f in fonts.items()})
        return self._cache[1]

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        segments = index.data(SEGMENTS_ROLE)
        if not segments:
            super().paint(painter, option, index)
            return
        opt = draw_item_frame(self, painter, option, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim_color = (
            text_color if selected else opt.palette.color(QPalette.ColorRole.PlaceholderText)
        )
        fonts = self._fonts(opt.font)
        rect = opt.rect
        right = rect.right() - 2
        x = rect.left() + 2
        plain = fonts[PLAIN][1]
        baseline = rect.top() + (rect.height() + plain.ascent() - plain.descent()) // 2
        painter.save()
        painter.setClipRect(rect)
        for text, kind in segments:
            if x >= right:
                break
            font, metrics = fonts.get(kind, fonts[PLAIN])
            width = metrics.horizontalAdvance(text)
            if x + width > right:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
                width = right - x
            painter.setFont(font)
            painter.setPen(dim_color if kind == DIM else text_color)
            painter.drawText(QPoint(x, baseline), text)  # no layout pass: one run, one line
            x += width
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        segments = index.data(SEGMENTS_ROLE)
        if segments:
            fonts = self._fonts(option.font)
            width = sum(
                fonts.get(kind, fonts[PLAIN])[1].horizontalAdvance(text) for text, kind in segments
            )
            bold_height = fonts[TITLE][1].height()
            size = QSize(width + 8, max(size.height(), bold_height + 2))
        return size
