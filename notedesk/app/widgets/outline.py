"""Outline pane: the current note's heading tree, following the editor's cursor."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

LINE_ROLE = Qt.ItemDataRole.UserRole + 1
SLUG_ROLE = Qt.ItemDataRole.UserRole + 2


class HeadingLike(Protocol):
    @property
    def level(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def slug(self) -> str: ...


def _key(headings: Sequence[HeadingLike]) -> list[tuple[int, str, int, str]]:
    return [(h.level, h.text, h.line, h.slug) for h in headings]


class OutlinePane(QWidget):
    """Signals:
    heading_activated(line, slug): the user clicked (or pressed Enter on) a heading;
        ``line`` is 1-based in the note's file, ``slug`` the preview's anchor id.

    ``headings(path)`` returns the note's headings in file order (``VaultIndex.headings``).
    ``set_cursor_line`` only selects; it never emits, so editor and outline cannot loop.
    """

    heading_activated = Signal(int, str)

    def __init__(
        self, headings: Callable[[str], Sequence[HeadingLike]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._headings = headings
        self._path: str | None = None
        self._key: list[tuple[int, str, int, str]] | None = None  # None: not built yet
        self._items: list[QTreeWidgetItem] = []  # in file order, parallel to _lines
        self._lines: list[int] = []
        self._cursor_line = 0
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Outline")
        self.tree.setAccessibleDescription("The current note's headings")
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.placeholder = QLabel("No headings", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.placeholder)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_clicked)
        self._show_placeholder("No note")

    def set_note(self, path: str | None) -> None:
        """Show the outline of note ``path`` (None: no note open)."""
        self._path = path
        self._key = None
        self._cursor_line = 0
        self.refresh()

    def refresh(self) -> None:
        """Re-read the headings; nothing is rebuilt when they did not change."""
        if self._path is None:
            self._key = None
            self._rebuild([])
            self._show_placeholder("No note")
            return
        headings = list(self._headings(self._path))
        key = _key(headings)
        if key == self._key:
            return
        self._key = key
        self._rebuild(headings)
        self.set_cursor_line(self._cursor_line)

    def set_cursor_line(self, line: int) -> None:
        """Select the section containing 1-based ``line`` (the last heading at or above it)."""
        self._cursor_line = line
        i = bisect_right(self._lines, line) - 1
        if i < 0:
            self.tree.clearSelection()
            self.tree.setCurrentIndex(QModelIndex())
            return
        item = self._items[i]
        if self.tree.currentItem() is not item:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def current_heading_line(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, LINE_ROLE)) if item is not None else None

    def _show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.placeholder.show()
        self.tree.hide()

    def _rebuild(self, headings: Sequence[HeadingLike]) -> None:
        collapsed = {str(item.data(0, SLUG_ROLE)) for item in self._items if not item.isExpanded()}
        self.tree.clear()
        self._items = []
        self._lines = []
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for h in headings:
            while stack and stack[-1][0] >= h.level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            item = QTreeWidgetItem([h.text or "(untitled)"])
            item.setData(0, LINE_ROLE, h.line)
            item.setData(0, SLUG_ROLE, h.slug)
            item.setToolTip(0, f"H{h.level} · line {h.line}")
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            stack.append((h.level, item))
            self._items.append(item)
            self._lines.append(h.line)
        self.tree.expandAll()
        for item in self._items:
            if str(item.data(0, SLUG_ROLE)) in collapsed:
                item.setExpanded(False)
        if headings:
            self.placeholder.hide()
            self.tree.show()
        else:
            self._show_placeholder("No headings")

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.heading_activated.emit(int(item.data(0, LINE_ROLE)), str(item.data(0, SLUG_ROLE)))
