"""The tag panel: nested tags with rolled-up counts, a filter, and the notes of the picked tag."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from notedesk.core.natsort import natural_key, natural_sort_string
from notedesk.core.vault import note_title as vault_note_title
from notedesk.core.wordcount import counted

FULL_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
PATH_ROLE = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex


class TagNodeLike(Protocol):
    """What the panel reads of a tag-tree node (``notedesk.core.index_tags.TagNode``)."""

    @property
    def name(self) -> str: ...
    @property
    def full(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def children(self) -> Sequence[TagNodeLike]: ...


class _TagProxy(QSortFilterProxyModel):
    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        return bool(left.data(SORT_ROLE) < right.data(SORT_ROLE))


class _NoteList(QListWidget):
    """Notes of a tag. Signals: note_opened(path, new_tab) on a click or Enter; with Ctrl
    (or the middle button) in a new tab."""

    note_opened = Signal(str, bool)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.note_opened.emit(str(item.data(PATH_ROLE)), ctrl)
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        super().mouseReleaseEvent(event)
        if item is None:
            return
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            return
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        new_tab = button == Qt.MouseButton.MiddleButton or ctrl
        self.note_opened.emit(str(item.data(PATH_ROLE)), new_tab)


def _shape(nodes: Sequence[TagNodeLike]) -> tuple[object, ...]:
    """Everything the tag tree shows, as one comparable value."""
    return tuple((n.full, n.name, n.count, _shape(n.children)) for n in nodes)


def note_title(path: str) -> tuple[str, str]:
    """(title, folder) of a note path: ``a/b/Note.md`` -> ``("Note", "a/b")``."""
    return vault_note_title(path), path.rpartition("/")[0]


class TagPanel(QWidget):
    """Signals:
    open_requested(path, new_tab): the user clicked a note of the picked tag.
    tag_selected(tag): the user picked a tag (its full name, e.g. ``inbox/to-read``).
    """

    open_requested = Signal(str, bool)
    tag_selected = Signal(str)

    def __init__(
        self,
        tag_tree: Callable[[], Sequence[TagNodeLike]],
        notes_with_tag: Callable[[str], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tag_tree = tag_tree
        self._notes_with_tag = notes_with_tag
        self._selected: str | None = None
        self._shape: tuple[object, ...] | None = None
        self._shown_notes: tuple[str | None, list[str]] | None = None

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter tags")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter tags")
        self.model = QStandardItemModel(self)
        self._proxy = _TagProxy(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setRecursiveFilteringEnabled(True)
        self._proxy.setFilterRole(FULL_ROLE)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tree = QTreeView(self)
        self.tree.setModel(self._proxy)
        self.tree.setAccessibleName("Tags")
        self.tree.setAccessibleDescription("The vault's tags, nested, with their note counts")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.tree.header().setStretchLastSection(False)

        self.notes_label = QLabel(self)
        self.notes_label.setWordWrap(True)
        self.notes = _NoteList(self)
        self.notes.setAccessibleName("Notes with the tag")
        self.notes.setUniformItemSizes(True)  # one size hint for all rows: quick to lay out
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.notes_label)
        lower_layout.addWidget(self.notes)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.splitter)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.tree.clicked.connect(self._on_tree_clicked)
        self.tree.activated.connect(self._on_tree_clicked)
        self.notes.note_opened.connect(self.open_requested)
        self._show_notes(None)

    # -- public ----------------------------------------------------------------

    def refresh(self) -> None:
        """Follow the provider's tags, keeping expansion, filter and the picked tag.

        Rows are updated in place (counts changed, tags added or gone), so a refresh
        after a small change costs little and the view keeps its state.
        """
        nodes = list(self._tag_tree())
        shape = _shape(nodes)
        if shape == self._shape:
            self._show_notes(self._selected)  # the same counts may be other notes
            return
        self._shape = shape
        if self.model.columnCount() != 2:
            self.model.setColumnCount(2)
            header = self.tree.header()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._sync(self.model.invisibleRootItem(), nodes, top=True)
        if self.filter_edit.text():
            self.tree.expandAll()
        if self._selected is not None and self._find(self._selected) is None:
            self._selected = None
        self._restore_current()
        self._show_notes(self._selected)

    def _sync(self, parent: QStandardItem, nodes: Sequence[TagNodeLike], top: bool) -> None:
        """Make ``parent``'s rows match ``nodes``: remove, add and update only what changed."""
        wanted = {n.full for n in nodes}
        for row in reversed(range(parent.rowCount())):
            child = parent.child(row, 0)
            if child is None or child.data(FULL_ROLE) not in wanted:
                parent.removeRow(row)
        rows = {parent.child(r, 0).data(FULL_ROLE): r for r in range(parent.rowCount())}
        for node in nodes:
            at = rows.get(node.full)
            if at is None:
                self._add(parent, node, top)
                continue
            count = parent.child(at, 1)
            if count is not None and count.text() != str(node.count):
                count.setText(str(node.count))
            name = parent.child(at, 0)
            if name is not None:
                self._sync(name, node.children, top=False)

    def select_tag(self, tag: str) -> None:
        """Pick ``tag`` as if clicked (without emitting ``tag_selected``)."""
        item = self._find(tag)
        self._selected = str(item.data(FULL_ROLE)) if item is not None else None
        self._restore_current()
        self._show_notes(self._selected)

    def selected_tag(self) -> str | None:
        return self._selected

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: counts follow
            self._color_counts(self.model.invisibleRootItem())

    def _color_counts(self, parent: QStandardItem) -> None:
        brush = self.palette().placeholderText()
        for row in range(parent.rowCount()):
            count = parent.child(row, 1)
            if count is not None:
                count.setForeground(brush)
            name = parent.child(row, 0)
            if name is not None and name.hasChildren():
                self._color_counts(name)

    # -- building ------------------------------------------------------------------

    def _add(self, parent: QStandardItem, node: TagNodeLike, top: bool = True) -> None:
        name = QStandardItem(f"#{node.name}" if top else node.name)
        name.setData(node.full, FULL_ROLE)
        name.setData(natural_sort_string(node.name), SORT_ROLE)
        name.setToolTip(f"#{node.full}")
        count = QStandardItem(str(node.count))
        count.setData(node.full, FULL_ROLE)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        count.setForeground(self.palette().placeholderText())
        for item in (name, count):
            item.setEditable(False)
        parent.appendRow([name, count])
        for child in node.children:
            self._add(name, child, top=False)

    def _find(self, tag: str) -> QStandardItem | None:
        key = tag.strip().lstrip("#").casefold()
        stack = [self.model.invisibleRootItem()]
        while stack:
            item = stack.pop()
            for row in range(item.rowCount()):
                child = item.child(row, 0)
                if child is None:
                    continue
                if str(child.data(FULL_ROLE)).casefold() == key:
                    return child
                stack.append(child)
        return None

    def _proxy_index(self, tag: str) -> QModelIndex:
        item = self._find(tag)
        if item is None:
            return QModelIndex()
        return self._proxy.mapFromSource(item.index())

    def _expanded_tags(self) -> list[str]:
        out: list[str] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self._proxy.rowCount(parent)):
                index = self._proxy.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    out.append(str(index.data(FULL_ROLE)))
                    stack.append(index)
        return out

    def _restore_current(self) -> None:
        if self._selected is None:
            self.tree.clearSelection()
            return
        index = self._proxy_index(self._selected)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _show_notes(self, tag: str | None) -> None:
        paths = self._notes_with_tag(tag) if tag is not None else []
        shown = (tag, sorted(paths))
        if shown == self._shown_notes:
            return
        self._shown_notes = shown
        self.notes.clear()
        if tag is None:
            self.notes_label.setText("Pick a tag to list its notes.")
            return
        self.notes_label.setText(f"#{tag} · {counted(len(paths), 'note')}")
        # Items made first and added at once, painted once: a tag of 12,000 notes
        # added one by one held the window for a third of a second.
        self.notes.setUpdatesEnabled(False)
        try:
            for path in sorted(paths, key=lambda p: natural_key(note_title(p)[0])):
                title, folder = note_title(path)
                item = QListWidgetItem(f"{title}  —  {folder}" if folder else title)
                item.setData(PATH_ROLE, path)
                item.setToolTip(path)
                self.notes.addItem(item)
        finally:
            self.notes.setUpdatesEnabled(True)

    # -- slots -------------------------------------------------------------------------

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self._proxy.setFilterFixedString(text.strip().lstrip("#"))
        if text.strip():
            self.tree.expandAll()
        self._restore_current()

    def _on_tree_clicked(self, index: QModelIndex) -> None:
        tag = index.data(FULL_ROLE)
        if not isinstance(tag, str):
            return
        self._selected = tag
        self._show_notes(tag)
        self.tag_selected.emit(tag)
