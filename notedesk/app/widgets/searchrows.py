"""Result rows (search hits, backlinks) painted as a few styled runs of text.

A row is a list of segments ``(text, style)``: plain, dimmed (line numbers,
folders, counts), a title (bold) or a match (bold, underlined). Painting them
with QPainter costs a few text draws per row, where laying out HTML in a
QTextDocument took most of the time of showing a page of results. Each paint
fits the runs to the row's width (``fit_segments``), so a matching line too
long for a narrow sidebar shows its first match, however wide the panel is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from notedesk.app.widgets.richitem import draw_item_frame
from notedesk.app.widgets.themelook import item_group
from notedesk.core.vault import is_note_path

SEGMENTS_ROLE = Qt.ItemDataRole.UserRole + 60
_FITTED_KEPT = 2048  # rows whose fitted runs a delegate keeps (a few pages, a few widths)

PLAIN, DIM, TITLE, MATCH = 0, 1, 2, 3
Segment = tuple[str, int]


def line_segments(
    text: str, ranges: Sequence[tuple[int, int]], prefix: str = "", cut: bool = False
) -> list[Segment]:
    """A matching line: ``prefix`` dimmed, then the text with the ``ranges`` as matches;
    ``cut``: the text starts inside the line (a snippet of a long one). Where a narrow
    row cuts it is decided when it is painted (``fit_segments``)."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in ranges if e > s)
    out: list[Segment] = []
    if prefix:
        out.append((prefix + " ", DIM))
    if cut:
        out.append(("…", PLAIN))
    pos = 0
    for s, e in spans:
        s = max(s, pos)
        if s >= e:
            continue
        if s > pos:
            out.append((text[pos:s], PLAIN))
        out.append((text[s:e], MATCH))
        pos = e
    if len(text) > pos:
        out.append((text[pos:], PLAIN))
    return [(t.replace("\t", "    "), style) for t, style in out]


def fit_segments(
    segments: Sequence[Segment], metrics: Mapping[int, QFontMetrics], width: int
) -> list[Segment]:
    """The runs to paint in ``width`` pixels (``metrics``: of each style's font). A row too
    wide keeps its dimmed start (the line number) and shows its first match: the text
    before the match is elided on the left to leave the match room (it keeps up to a
    third of the width when the rest is too long to show whole); the end is elided."""
    widths = [metrics.get(k, metrics[PLAIN]).horizontalAdvance(t) for t, k in segments]
    if sum(widths) <= width:
        return list(segments)
    first = next((i for i, (_t, kind) in enumerate(segments) if kind == MATCH), None)
    if first is None:
        return _elide_right(segments, widths, metrics, width)
    head = 0
    while head < first and segments[head][1] == DIM:
        head += 1
    avail = width - sum(widths[:head])
    lead = "".join(text for text, _k in segments[head:first])
    lead_width = sum(widths[head:first])
    room = max(avail - sum(widths[first:]), min(avail // 3, avail - widths[first]))
    budget = max(0, min(lead_width, room))
    plain = metrics[PLAIN]
    if lead_width <= budget:
        shown = lead
    else:
        shown = plain.elidedText(lead, Qt.TextElideMode.ElideLeft, budget) if budget else ""
    if lead and not shown and plain.horizontalAdvance("…") + widths[first] <= avail:
        shown = "…"  # at least say that the line goes on before the match
    kept = [(shown, PLAIN)] if shown else []
    return _elide_right(
        [*segments[:head], *kept, *segments[first:]],
        [*widths[:head], *([plain.horizontalAdvance(shown)] if shown else []), *widths[first:]],
        metrics,
        width,
    )


def _elide_right(
    segments: Sequence[Segment],
    widths: Sequence[int],
    metrics: Mapping[int, QFontMetrics],
    width: int,
) -> list[Segment]:
    """The runs that fit in ``width`` (each run's own width in ``widths``), the last one cut
    with an ellipsis."""
    out: list[Segment] = []
    x = 0
    for (text, kind), advance in zip(segments, widths, strict=True):
        if x + advance <= width:
            out.append((text, kind))
            x += advance
            continue
        if width > x:
            fm = metrics.get(kind, metrics[PLAIN])
            cut = fm.elidedText(text, Qt.TextElideMode.ElideRight, width - x)
            if cut:
                out.append((cut, kind))
        break
    return out


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
    """Paints ``SEGMENTS_ROLE`` on one line fitted to the row (``fit_segments``); other
    rows as usual."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: (
            tuple[str, dict[int, tuple[QFont, QFontMetrics]], dict[int, QFontMetrics]] | None
        ) = None
        self._fitted: dict[tuple[int, str, tuple[Segment, ...]], list[Segment]] = {}

    def _fonts(self, base: QFont) -> dict[int, tuple[QFont, QFontMetrics]]:
        """Font and metrics of each style, kept while the view's font stays the same."""
        return self._styles(base)[0]

    def _metrics(self, base: QFont) -> dict[int, QFontMetrics]:
        return self._styles(base)[1]

    def _styles(
        self, base: QFont
    ) -> tuple[dict[int, tuple[QFont, QFontMetrics]], dict[int, QFontMetrics]]:
        key = base.key()
        if self._cache is None or self._cache[0] != key:
            bold = QFont(base)
            bold.setBold(True)
            match = QFont(bold)
            match.setUnderline(True)
            plain = QFont(base)
            fonts = {PLAIN: plain, DIM: plain, TITLE: bold, MATCH: match}
            both = {k: (f, QFontMetrics(f)) for k, f in fonts.items()}
            self._cache = (key, both, {k: m for k, (_f, m) in both.items()})
        return self._cache[1], self._cache[2]

    def fitted(self, segments: Sequence[Segment], font: QFont, width: int) -> list[Segment]:
        """The runs painted for ``segments`` in ``width`` pixels of a row in ``font`` (kept:
        a row is painted again on every hover and selection change)."""
        key = (width, font.key(), tuple(segments))
        runs = self._fitted.get(key)
        if runs is None:
            if len(self._fitted) >= _FITTED_KEPT:
                self._fitted.clear()
            runs = self._fitted[key] = fit_segments(segments, self._metrics(font), width)
        return runs

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
        group = item_group(opt)
        text_color = opt.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim_color = (
            text_color
            if selected
            else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        )
        fonts = self._fonts(opt.font)
        rect = opt.rect
        right = rect.right() - 2
        x = rect.left() + 2
        plain = fonts[PLAIN][1]
        baseline = rect.top() + (rect.height() + plain.ascent() - plain.descent()) // 2
        painter.save()
        painter.setClipRect(rect)
        for text, kind in self.fitted(segments, opt.font, right - x):
            font, metrics = fonts.get(kind, fonts[PLAIN])
            painter.setFont(font)
            painter.setPen(dim_color if kind == DIM else text_color)
            painter.drawText(QPoint(x, baseline), text)  # no layout pass: one run, one line
            x += metrics.horizontalAdvance(text)
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
