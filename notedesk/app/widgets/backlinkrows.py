"""The rows of the backlinks pane: one group per linking note, one row per mention.

The builders are generators that make a few rows per step (a hub note has
thousands of mentions; ``ChunkedFill`` runs the steps over several event-loop
turns) and put the groups into their section at the end, all at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QTreeWidgetItem

from notedesk.app.widgets.searchrows import SEGMENTS_ROLE, line_segments
from notedesk.core.mentions import Mention
from notedesk.core.snippets import snippet_around
from notedesk.core.vault import note_title

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1  # (source, line, start, end) of a row
# On an unlinked row's "Link" cell: (source, line, start, end, target name).
LINK_ROLE = Qt.ItemDataRole.UserRole + 2
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # on the "Show more" row of linked mentions
LINK_COLUMN = 1
LINK_KEY = Qt.Key.Key_L  # on an unlinked row: what clicking its "Link" cell does


class LinkLike(Protocol):
    @property
    def col(self) -> int: ...
    @property
    def raw(self) -> str: ...


class BacklinkLike(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def context_text(self) -> str: ...
    @property
    def link(self) -> LinkLike: ...


def _group(source: str, count: int) -> QTreeWidgetItem:
    item = QTreeWidgetItem([f"{note_title(source)}  ({count})"])
    item.setToolTip(0, source)
    return item


def _row(
    parent: QTreeWidgetItem, source: str, line: int, context: str, span: tuple[int, int]
) -> QTreeWidgetItem:
    item = QTreeWidgetItem([f"{line}: {context}"])
    offset, shown, spans = snippet_around(context, [span])
    item.setData(0, SEGMENTS_ROLE, line_segments(shown, spans, f"{line}", offset > 0))
    item.setData(0, TARGET_ROLE, [source, line, span[0], span[1]])
    item.setToolTip(0, context)
    parent.addChild(item)
    return item


def _insert(
    section: QTreeWidgetItem, groups: list[QTreeWidgetItem], collapsed: Collection[str]
) -> None:
    """Put the groups (built apart from the tree, a few per turn) into ``section`` at
    once: the view lays out and paints the section once, not after every turn."""
    section.addChildren(groups)
    for group in groups:
        # Cheap: the view has a layout pending (it only notes the expanded rows).
        group.setExpanded(str(group.toolTip(0)) not in collapsed)


def linked_rows(section: QTreeWidgetItem, items: Sequence[BacklinkLike]) -> Iterator[None]:
    """Build the linked mentions ``items`` into ``section``, a row per step."""
    groups: dict[str, list[BacklinkLike]] = {}
    for b in items:
        groups.setdefault(b.source, []).append(b)
    made: list[QTreeWidgetItem] = []
    for source, links in groups.items():
        group = _group(source, len(links))
        made.append(group)
        for b in links:
            context = b.context_text
            at = context.find(b.link.raw)
            span = (at, at + len(b.link.raw)) if at >= 0 else (0, 0)
            row = _row(group, source, b.line, context, span)
            # The index gives the whole link's place in the real line: open there.
            start = b.link.col - 1
            row.setData(0, TARGET_ROLE, [source, b.line, start, start + len(b.link.raw)])
            yield
    _insert(section, made, set())


def unlinked_rows(
    section: QTreeWidgetItem,
    mentions: Sequence[Mention],
    target: str,
    link_colour: QColor,
    link_font: QFont,
) -> Iterator[None]:
    """Empty ``section`` now and return the steps that build the unlinked ``mentions``
    of note ``target`` into it, a row per step, each with its "Link" cell; groups the
    user had collapsed stay collapsed."""
    before = [section.child(i) for i in range(section.childCount())]
    collapsed = {str(g.toolTip(0)) for g in before if g is not None and not g.isExpanded()}
    section.takeChildren()
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.source, []).append(m)

    def steps() -> Iterator[None]:
        made: list[QTreeWidgetItem] = []
        for source, found in groups.items():
            group = _group(source, len(found))
            made.append(group)
            for m in found:
                row = _row(group, source, m.line, m.context, (m.start, m.end))
                # A "Link" cell, not a button widget per row: clicking it links.
                row.setText(LINK_COLUMN, "Link")
                row.setForeground(LINK_COLUMN, link_colour)
                row.setFont(LINK_COLUMN, link_font)
                tip = f"Turn “{m.context[m.start : m.end]}” into [[{target}]] (click, or L)"
                row.setToolTip(LINK_COLUMN, tip)
                row.setData(LINK_COLUMN, LINK_ROLE, [m.source, m.line, m.start, m.end, target])
                yield
        _insert(section, made, collapsed)

    return steps()
