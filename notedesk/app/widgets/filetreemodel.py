"""The file tree's model: folders and files of a vault keyed by vault-relative path."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from notedesk.app.widgets.fileicons import FileIcons
from notedesk.core.natsort import natural_sort_string
from notedesk.core.vault import is_note_path

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
IS_DIR_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
PATHS_MIME = "application/x-notedesk-paths"

AnyIndex = QModelIndex | QPersistentModelIndex


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


class FileTreeModel(QStandardItemModel):
    """Items for folders and files of a vault, keyed by vault-relative path.

    Item text is never edited through the model: a rename is a request the
    tree emits, and the model follows with :meth:`rename_path` once it happened.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}
        self._icons = FileIcons()

    def set_paths(self, files: Iterable[str], folders: Iterable[str] = ()) -> None:
        # Built silently, then announced as one reset: a sorting proxy that saw
        # every row insertion would re-sort 10,000 times.
        blocked = self.blockSignals(True)
        try:
            self.clear()
            self._items.clear()
            for folder in folders:
                self.add_folder(folder)
            for path in files:
                self.add_file(path)
        finally:
            self.blockSignals(blocked)
        self.beginResetModel()
        self.endResetModel()

    def __contains__(self, path: str) -> bool:
        return path in self._items

    def paths(self) -> list[str]:
        return sorted(self._items)

    def folders_under(self, path: str) -> list[str]:
        """``path`` and every folder below it (a walk of that subtree only)."""
        item = self._items.get(path)
        if item is None or not item.data(IS_DIR_ROLE):
            return []
        out: list[str] = []
        stack = [item]
        while stack:
            node = stack.pop()
            out.append(str(node.data(PATH_ROLE)))
            for row in range(node.rowCount()):
                child = node.child(row)
                if child is not None and child.data(IS_DIR_ROLE):
                    stack.append(child)
        return out

    def is_dir(self, path: str) -> bool:
        item = self._items.get(path)
        return bool(item is not None and item.data(IS_DIR_ROLE))

    def add_file(self, path: str) -> None:
        if path in self._items:
            return
        parent_path, _, _ = path.rpartition("/")
        parent = self.add_folder(parent_path) if parent_path else self.invisibleRootItem()
        item = QStandardItem()
        item.setDropEnabled(False)
        self._describe(item, path, is_dir=False)
        parent.appendRow(item)
        self._items[path] = item

    def add_folder(self, path: str) -> QStandardItem:
        item = self._items.get(path)
        if item is not None:
            return item
        parent_path, _, _ = path.rpartition("/")
        parent = self.add_folder(parent_path) if parent_path else self.invisibleRootItem()
        item = QStandardItem()
        self._describe(item, path, is_dir=True)
        parent.appendRow(item)
        self._items[path] = item
        return item

    def _describe(self, item: QStandardItem, path: str, *, is_dir: bool) -> None:
        name = path.rsplit("/", 1)[-1]
        item.setText(name if is_dir else display_name(path))
        item.setData(path, PATH_ROLE)
        item.setData(is_dir, IS_DIR_ROLE)
        # "0"/"1" prefix: folders sort before files.
        item.setData(natural_sort_string(("0" if is_dir else "1") + name), SORT_ROLE)
        item.setIcon(self._icons.folder if is_dir else self._icons.for_path(path))
        item.setToolTip("" if is_dir or is_note_path(path) else path)

    def remove_path(self, path: str) -> None:
        item = self._items.pop(path, None)
        if item is None:
            return
        for key in [k for k in self._items if k.startswith(path + "/")]:
            del self._items[key]
        parent = item.parent() or self.invisibleRootItem()
        parent.removeRow(item.row())

    def rename_path(self, old: str, new: str) -> None:
        """Move the item of ``old`` (and everything below it) to ``new``."""
        item = self._items.get(old)
        if item is None or old == new:
            return
        if new in self._items:
            self.remove_path(new)
        parent = item.parent() or self.invisibleRootItem()
        taken = parent.takeRow(item.row())[0]
        moved = {k: v for k, v in self._items.items() if k == old or k.startswith(old + "/")}
        for key in moved:
            del self._items[key]
        for key, node in moved.items():
            path = new + key[len(old) :]
            self._describe(node, path, is_dir=bool(node.data(IS_DIR_ROLE)))
            self._items[path] = node
        parent_path, _, _ = new.rpartition("/")
        new_parent = self.add_folder(parent_path) if parent_path else self.invisibleRootItem()
        new_parent.appendRow(taken)

    def index_of(self, path: str) -> QModelIndex:
        item = self._items.get(path)
        return item.index() if item is not None else QModelIndex()

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

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return False
