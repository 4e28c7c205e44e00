"""The vault's file tree: folders first, natural sort, dot-folders never shown."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QFileIconProvider, QTreeView, QWidget

from notedesk.core.natsort import natural_key
from notedesk.core.vault import is_note_path

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
IS_DIR_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


def display_name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[: -len(".md")] if name.lower().endswith(".md") else name


class FileTreeModel(QStandardItemModel):
    """Items for folders and files of a vault, keyed by vault-relative path."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}
        icons = QFileIconProvider()
        self._folder_icon = icons.icon(QFileIconProvider.IconType.Folder)
        self._file_icon = icons.icon(QFileIconProvider.IconType.File)

    def set_paths(self, files: Iterable[str], folders: Iterable[str] = ()) -> None:
        self.clear()
        self._items.clear()
        for folder in folders:
            self._folder(folder)
        for path in files:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        if path in self._items:
            return
        parent_path, _, _ = path.rpartition("/")
        parent = self._folder(parent_path) if parent_path else self.invisibleRootItem()
        item = QStandardItem(display_name(path))
        item.setEditable(False)
        item.setData(path, PATH_ROLE)
        item.setData(False, IS_DIR_ROLE)
        item.setData(natural_key("1" + path.rsplit("/", 1)[-1]), SORT_ROLE)
        item.setIcon(self._file_icon)
        if not is_note_path(path):
            item.setToolTip(path)
        parent.appendRow(item)
        self._items[path] = item

    def remove_path(self, path: str) -> None:
        item = self._items.pop(path, None)
        if item is None:
            return
        for key in [k for k in self._items if k.startswith(path + "/")]:
            del self._items[key]
        parent = item.parent() or self.invisibleRootItem()
        parent.removeRow(item.row())

    def index_of(self, path: str) -> QModelIndex:
        item = self._items.get(path)
        return item.index() if item is not None else QModelIndex()

    def _folder(self, path: str) -> QStandardItem:
        item = self._items.get(path)
        if item is not None:
            return item
        parent_path, _, name = path.rpartition("/")
        parent = self._folder(parent_path) if parent_path else self.invisibleRootItem()
        item = QStandardItem(name)
        item.setEditable(False)
        item.setData(path, PATH_ROLE)
        item.setData(True, IS_DIR_ROLE)
        item.setData(natural_key("0" + name), SORT_ROLE)
        item.setIcon(self._folder_icon)
        parent.appendRow(item)
        self._items[path] = item
        return item


class _SortProxy(QSortFilterProxyModel):
    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        return bool(left.data(SORT_ROLE) < right.data(SORT_ROLE))


class FileTree(QTreeView):
    """Signals:
    open_requested(path, new_tab): the user activated a file.
    """

    open_requested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_model = FileTreeModel(self)
        self._proxy = _SortProxy(self)
        self._proxy.setSourceModel(self.source_model)
        self._proxy.setSortRole(SORT_ROLE)
        self.setModel(self._proxy)
        self.setHeaderHidden(True)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activated.connect(self._on_activated)
        self.clicked.connect(self._on_clicked)

    def set_paths(self, files: Iterable[str], folders: Iterable[str] = ()) -> None:
        self.source_model.set_paths(files, folders)
        self._proxy.sort(0)

    def select_path(self, path: str) -> None:
        index = self._proxy.mapFromSource(self.source_model.index_of(path))
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.data(IS_DIR_ROLE):
            return
        from PySide6.QtWidgets import QApplication

        ctrl = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier)
        self.open_requested.emit(str(index.data(PATH_ROLE)), ctrl)

    def _on_activated(self, index: QModelIndex) -> None:
        if not index.data(IS_DIR_ROLE):
            self.open_requested.emit(str(index.data(PATH_ROLE)), False)
