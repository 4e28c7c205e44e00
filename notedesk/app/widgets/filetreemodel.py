"""The file tree's model: folders and files of a vault keyed by vault-relative path.

The tree is plain Python (:class:`TreeNodes`), kept sorted as it changes: folders
first, then natural order. It can be built off the UI thread (``build_nodes``) and
handed to the model in one reset, so a 10,000-file vault shows at once; Qt asks
for the data of visible rows only.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from notedesk.app.widgets.fileicons import FileIcons
from notedesk.core.natsort import natural_sort_string
from notedesk.core.vault import is_note_path

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
IS_DIR_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
PATHS_MIME = "application/x-notedesk-paths"

AnyIndex = QModelIndex | QPersistentModelIndex
# From this many new paths on, ``add_many`` announces one layout change instead of rows.
BULK = 32
_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemIsDragEnabled
)


def display_name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[: -len(".md")] if name.lower().endswith(".md") else name


def encode_paths(paths: Sequence[str]) -> QMimeData:
    """Drag data for vault paths (the tree's own format, plus plain text)."""
    mime = QMimeData()
    mime.setData(PATHS_MIME, json.dumps(list(paths)).encode("utf-8"))
    mime.setText("\n".join(paths))
    return mime


def decode_paths(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(PATHS_MIME):
        return []
    try:
        data = json.loads(bytes(mime.data(PATHS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [p for p in data if isinstance(p, str)] if isinstance(data, list) else []


def sort_key(path: str, is_dir: bool) -> tuple[str, str]:
    """Folders before files, then natural order of the name without its extension
    ("Plan.md" before "Plan (conflict).md"); the name itself breaks ties."""
    name = path.rsplit("/", 1)[-1]
    stem, _dot, ext = name.rpartition(".")
    if is_dir or not stem:
        return natural_sort_string(("0" if is_dir else "1") + name), name
    return natural_sort_string(f"1{stem}\x00{ext}"), name


class Node:
    """One folder or file. A folder's ``children`` are sorted by ``key``; ``keys`` mirrors them."""

    __slots__ = ("children", "id", "is_dir", "key", "keys", "parent", "path")

    def __init__(self, path: str, is_dir: bool, parent: Node | None, ident: int) -> None:
        self.path = path
        self.is_dir = is_dir
        self.parent = parent
        self.id = ident
        self.key = sort_key(path, is_dir)
        self.children: list[Node] = []
        self.keys: list[tuple[str, str]] = []

    def row(self) -> int:
        assert self.parent is not None
        return bisect_left(self.parent.keys, self.key)


class TreeNodes:
    """The whole tree: a root node and every node by path and by id. No Qt: buildable anywhere."""

    def __init__(self) -> None:
        self._next = 1
        self.root = Node("", True, None, 0)
        self.by_path: dict[str, Node] = {}
        self.by_id: dict[int, Node] = {0: self.root}

    def new_node(self, path: str, is_dir: bool, parent: Node) -> Node:
        node = Node(path, is_dir, parent, self._next)
        self._next += 1
        self.by_path[path] = node
        self.by_id[node.id] = node
        return node

    def forget(self, node: Node) -> None:
        """Drop ``node`` and everything below it from the lookups."""
        stack = [node]
        while stack:
            n = stack.pop()
            self.by_path.pop(n.path, None)
            self.by_id.pop(n.id, None)
            stack.extend(n.children)


def build_nodes(files: Iterable[str], folders: Iterable[str] = ()) -> TreeNodes:
    """The sorted tree of these paths (pure Python: may run off the UI thread)."""
    tree = TreeNodes()
    by_path = tree.by_path

    def folder(path: str) -> Node:
        node = by_path.get(path)
        if node is None:
            head = path.rpartition("/")[0]
            node = tree.new_node(path, True, folder(head) if head else tree.root)
            node.parent.children.append(node)  # type: ignore[union-attr]
        return node

    for path in folders:
        folder(path)
    for path in files:
        if path not in by_path:
            head = path.rpartition("/")[0]
            parent = folder(head) if head else tree.root
            parent.children.append(tree.new_node(path, False, parent))
    for node in [tree.root, *(n for n in by_path.values() if n.is_dir)]:
        node.children.sort(key=lambda n: n.key)
        node.keys = [n.key for n in node.children]
    return tree


class FileTreeModel(QAbstractItemModel):
    """Folders and files of a vault, keyed by vault-relative path, always sorted.

    Item text is never edited through the model: a rename is a request the
    tree emits, and the model follows with :meth:`rename_path` once it happened.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tree = TreeNodes()
        self._icons = FileIcons()

    # -- content ---------------------------------------------------------------

    def set_paths(self, files: Iterable[str], folders: Iterable[str] = ()) -> None:
        self.set_nodes(build_nodes(files, folders))

    def set_nodes(self, tree: TreeNodes) -> None:
        """Show a tree made by :func:`build_nodes` (one reset)."""
        self.beginResetModel()
        self._tree = tree
        self.endResetModel()

    def __contains__(self, path: str) -> bool:
        return path in self._tree.by_path

    def paths(self) -> list[str]:
        return sorted(self._tree.by_path)

    def folders_under(self, path: str) -> list[str]:
        """``path`` and every folder below it (a walk of that subtree only)."""
        node = self._tree.by_path.get(path)
        if node is None or not node.is_dir:
            return []
        out: list[str] = []
        stack = [node]
        while stack:
            n = stack.pop()
            out.append(n.path)
            stack.extend(c for c in n.children if c.is_dir)
        return out

    def is_dir(self, path: str) -> bool:
        node = self._tree.by_path.get(path)
        return bool(node is not None and node.is_dir)

    def add_file(self, path: str) -> None:
        if path not in self._tree.by_path:
            head = path.rpartition("/")[0]
            self._insert(path, False, self._folder(head) if head else self._tree.root)

    def add_folder(self, path: str) -> None:
        self._folder(path)

    def add_many(self, items: Sequence[tuple[str, bool]]) -> None:
        """Add ``(path, is_dir)`` items; many at once become one layout change
        (a row insertion each would cost the view a relayout each)."""
        new = [(p, d) for p, d in items if p not in self._tree.by_path]
        if len(new) < BULK:
            for path, is_dir in new:
                self.add_folder(path) if is_dir else self.add_file(path)
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        nodes = [self._tree.by_id.get(i.internalId()) for i in before]
        for path, is_dir in new:
            if is_dir:
                self._folder(path, quiet=True)
            elif path not in self._tree.by_path:
                head = path.rpartition("/")[0]
                parent = self._folder(head, quiet=True) if head else self._tree.root
                self._insert(path, False, parent, quiet=True)
        after = [self._index(n) if n is not None else QModelIndex() for n in nodes]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _folder(self, path: str, quiet: bool = False) -> Node:
        node = self._tree.by_path.get(path)
        if node is not None:
            return node
        head = path.rpartition("/")[0]
        parent = self._folder(head, quiet) if head else self._tree.root
        return self._insert(path, True, parent, quiet)

    def _insert(self, path: str, is_dir: bool, parent: Node, quiet: bool = False) -> Node:
        node = self._tree.new_node(path, is_dir, parent)
        row = bisect_left(parent.keys, node.key)
        if not quiet:
            self.beginInsertRows(self._index(parent), row, row)
        parent.children.insert(row, node)
        parent.keys.insert(row, node.key)
        if not quiet:
            self.endInsertRows()
        return node

    def remove_path(self, path: str) -> None:
        node = self._tree.by_path.get(path)
        if node is None or node.parent is None:
            return
        parent = node.parent
        row = node.row()
        self.beginRemoveRows(self._index(parent), row, row)
        del parent.children[row]
        del parent.keys[row]
        self._tree.forget(node)
        self.endRemoveRows()

    def rename_path(self, old: str, new: str) -> None:
        """Move the item of ``old`` (and everything below it) to ``new``."""
        node = self._tree.by_path.get(old)
        if node is None or old == new:
            return
        if new in self._tree.by_path:
            self.remove_path(new)
        self.remove_path(old)
        head = new.rpartition("/")[0]
        parent = self._folder(head) if head else self._tree.root
        stack = [node]
        while stack:
            n = stack.pop()
            n.path = new + n.path[len(old) :]
            self._tree.by_path[n.path] = n
            self._tree.by_id[n.id] = n
            stack.extend(n.children)
        node.parent = parent
        node.key = sort_key(new, node.is_dir)
        row = bisect_left(parent.keys, node.key)
        self.beginInsertRows(self._index(parent), row, row)
        parent.children.insert(row, node)
        parent.keys.insert(row, node.key)
        self.endInsertRows()

    def index_of(self, path: str) -> QModelIndex:
        node = self._tree.by_path.get(path)
        return self._index(node) if node is not None else QModelIndex()

    # -- QAbstractItemModel ------------------------------------------------------

    def _index(self, node: Node) -> QModelIndex:
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node.id)

    def _node(self, index: AnyIndex) -> Node | None:
        if not index.isValid():
            return self._tree.root
        return self._tree.by_id.get(index.internalId())

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if node is None or column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row].id)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index) if index.isValid() else None
        if node is None or node.parent is None:
            return QModelIndex()
        return self._index(node.parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        node = self._node(parent)
        return bool(node is not None and node.children)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index) if index.isValid() else None
        if node is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return node.path.rsplit("/", 1)[-1] if node.is_dir else display_name(node.path)
        if role == PATH_ROLE:
            return node.path
        if role == IS_DIR_ROLE:
            return node.is_dir
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.folder if node.is_dir else self._icons.for_path(node.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if node.is_dir or is_note_path(node.path) else node.path
        if role == SORT_ROLE:
            return node.key[0]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        node = self._node(index) if index.isValid() else self._tree.root
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return _FLAGS | Qt.ItemFlag.ItemIsDropEnabled if node.is_dir else _FLAGS

    # -- drag and drop: the model only carries paths; the tree turns drops into requests

    def mimeTypes(self) -> list[str]:
        return [PATHS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        paths = []
        for index in indexes:
            path = index.data(PATH_ROLE)
            if isinstance(path, str) and path not in paths:
                paths.append(path)
        return encode_paths(paths)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return False
