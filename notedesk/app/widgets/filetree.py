"""The vault's file tree: folders first, natural sort, dot-folders never shown.

The tree performs no file operation itself: every action becomes a request
signal, and the model follows with ``add_path``/``remove_path``/``rename_path``
once the operation happened.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QTreeView,
    QWidget,
)

from notedesk.app.widgets.filetreemodel import (
    IS_DIR_ROLE,
    PATH_ROLE,
    FileTreeModel,
    TreeNodes,
    build_nodes,
    decode_paths,
    display_name,
)
from notedesk.app.widgets.filetreerename import RenameCheck, RenameDelegate
from notedesk.core.events import FileEvent
from notedesk.core.vault import is_note_path

__all__ = ["FileTree", "FileTreeModel", "build_nodes", "display_name"]

AnyIndex = QModelIndex | QPersistentModelIndex


def _rows_from_top(index: QModelIndex) -> list[int]:
    """Where ``index`` is in the tree, as the row numbers from the top level down."""
    rows = []
    while index.isValid():
        rows.append(index.row())
        index = index.parent()
    return rows[::-1]


class FileTree(QTreeView):
    """Signals:
    open_requested(path, new_tab): the user activated a file (middle click: new tab).
        Ctrl+click (or Alt+click, as in Obsidian) adds to or takes from the selection and
        Shift+click selects a range: neither opens anything.
    filled(): ``set_paths`` has finished filling the tree.
    new_note_requested(folder): create a note in ``folder`` ("" is the vault root).
    new_folder_requested(folder): create a folder inside ``folder``.
    rename_requested(path, new_name): rename in place; ``new_name`` as typed (notes without .md).
    rename_refused(message): a name typed in the rename box was refused (see
        ``set_rename_check``): the box stays open on Enter, says why under it.
    rename_closed(): the in-place rename box closed (committed or not).
    move_requested(paths, dest_folder): a drag and drop onto ``dest_folder`` (every item
        dragged that is not there yet).
    move_to_folder_requested(paths): "Move to Folder…" from the context menu: ask where
        (the selection when the item clicked is in it).
    delete_requested(paths): move these to the trash (the receiver confirms).
    reveal_requested(path): show the file or folder in the system's file manager.
    """

    open_requested = Signal(str, bool)
    filled = Signal()
    new_note_requested = Signal(str)
    new_folder_requested = Signal(str)
    rename_requested = Signal(str, str)
    rename_refused = Signal(str)
    rename_closed = Signal()
    move_requested = Signal(list, str)
    move_to_folder_requested = Signal(list)
    delete_requested = Signal(list)
    reveal_requested = Signal(str)
    open_external_requested = Signal(str)  # with the system's default application

    def __init__(self, parent: QWidget | None = None, *, root: Path | None = None) -> None:
        super().__init__(parent)
        self.root = root
        # The model keeps itself sorted: no sorting proxy to re-map 10,000 rows.
        self.source_model = FileTreeModel(self)
        self.setModel(self.source_model)
        self.setHeaderHidden(True)
        self.setAccessibleName("Files")
        self.setAccessibleDescription("The vault's notes and folders")
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setExpandsOnDoubleClick(False)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self._delegate = RenameDelegate(self)
        self._delegate.rename_committed.connect(self.rename_requested)
        self._delegate.rename_refused.connect(self.rename_refused)
        self._delegate.closeEditor.connect(lambda *_: self.rename_closed.emit())
        self.setItemDelegate(self._delegate)
        self._click_modifiers = Qt.KeyboardModifier.NoModifier
        self._picking = False  # a Ctrl/Alt+click is held down: its release is ours too
        self.last_menu: QMenu | None = None

        self.action_rename = self._shortcut(
            "Rename in File Tree", Qt.Key.Key_F2, self._on_rename_triggered
        )
        self.action_delete = self._shortcut(
            "Delete in File Tree", QKeySequence.StandardKey.Delete, self._on_delete_triggered
        )
        self.activated.connect(self._on_activated)
        self.clicked.connect(self._on_clicked)

    def _shortcut(self, text: str, key: object, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))  # type: ignore[call-overload]
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    # -- content -------------------------------------------------------------

    def set_paths(self, files: Iterable[str], folders: Iterable[str] = ()) -> None:
        """Show these paths; ``filled`` follows."""
        self.set_nodes(build_nodes(files, folders))

    def set_nodes(self, nodes: TreeNodes) -> None:
        """Show a tree made by ``build_nodes`` (which a large vault runs off the UI thread)."""
        self.source_model.set_nodes(nodes)
        self.filled.emit()

    def add_path(self, path: str, is_dir: bool = False) -> None:
        if is_dir:
            self.source_model.add_folder(path)
        else:
            self.source_model.add_file(path)

    def remove_path(self, path: str) -> None:
        self.source_model.remove_path(path)

    def rename_path(self, old: str, new: str) -> None:
        """Follow a rename or move; expanded folders and the selection follow too."""
        expanded = self._expanded_paths(old)
        selected = self.current_path()
        self.source_model.rename_path(old, new)
        for path in expanded:
            self._set_expanded(new + path[len(old) :])
        if selected is not None and (selected == old or selected.startswith(old + "/")):
            self.select_path(new + selected[len(old) :])

    def apply_events(self, events: Iterable[FileEvent]) -> None:
        """Follow file events; a created folder adds only itself (the caller adds its files),
        a modified file the tree does not list is added.

        Runs of creations are added together (a burst of 1,000 new files is one update).
        Items picked together stay picked where they went."""
        events = list(events)
        picked = self.selected_paths()
        picked = picked if len(picked) > 1 else []
        created: list[tuple[str, bool]] = []
        model = self.source_model
        for ev in events:
            # A file saved that the tree does not have: written again after it was deleted.
            unknown = ev.kind == "modified" and not model.index_of(ev.path).isValid()
            if ev.kind == "created" or unknown:
                created.append((ev.path, ev.is_dir))
                continue
            if created:
                self.add_paths(created)
                created = []
            if ev.kind == "moved" and ev.dest is not None:
                self.rename_path(ev.path, ev.dest)
            elif ev.kind == "deleted":
                self.remove_path(ev.path)
        if created:
            self.add_paths(created)
        if picked:
            self._pick_again(picked, events)

    def _pick_again(self, paths: list[str], events: list[FileEvent]) -> None:
        """Select ``paths`` again under the names ``events`` gave them (the deleted left out)."""
        for ev in events:
            if ev.kind not in ("moved", "deleted"):
                continue
            prefix = ev.path + "/"
            if ev.kind == "deleted":
                paths = [p for p in paths if p != ev.path and not p.startswith(prefix)]
            elif ev.dest is not None:
                paths = [
                    ev.dest + p[len(ev.path) :] if p == ev.path or p.startswith(prefix) else p
                    for p in paths
                ]
        flag = QItemSelectionModel.SelectionFlag
        for path in paths:
            index = self.source_model.index_of(path)
            if index.isValid():
                self.selectionModel().select(index, flag.Select | flag.Rows)

    def add_paths(self, items: list[tuple[str, bool]]) -> None:
        """Add ``(path, is_dir)`` items."""
        self.source_model.add_many(items)

    def select_path(self, path: str) -> None:
        """Make ``path`` the one selected row (whatever keys are held: a Ctrl+click on a
        link that opened it must not add to the selection)."""
        index = self.source_model.index_of(path)
        if index.isValid():
            flag = QItemSelectionModel.SelectionFlag
            self.selectionModel().setCurrentIndex(index, flag.ClearAndSelect | flag.Rows)
            self.scrollTo(index)

    def reveal_folder(self, path: str) -> None:
        """Expand the folder ``path`` (and the folders holding it) and select it."""
        index = self.source_model.index_of(path)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.setExpanded(parent, True)
            parent = parent.parent()
        self.setExpanded(index, True)
        self.select_path(path)

    def edit_path(self, path: str) -> None:
        """Start renaming ``path`` in place (F2 does this for the current item)."""
        index = self.source_model.index_of(path)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
            self.edit(index)

    def set_rename_check(self, check: RenameCheck | None) -> None:
        """``check(path, name)`` says why a name typed in the rename box cannot be used
        (None if it can): Enter then keeps the box open with the reason under it."""
        self._delegate.check = check

    def rename_problem_shown(self) -> str | None:
        """The reason shown under the rename box, if any."""
        note = self._delegate.note
        return note.text() if note.isVisible() else None

    def current_path(self) -> str | None:
        index = self.currentIndex()
        return str(index.data(PATH_ROLE)) if index.isValid() else None

    def selected_paths(self) -> list[str]:
        """The selected items top to bottom, without those inside a selected folder."""
        # Not selectedRows(): after a row is taken out of a Ctrl+click selection it can
        # leave out rows that are still selected (and shown so).
        indexes = [i for i in self.selectionModel().selection().indexes() if i.column() == 0]
        indexes.sort(key=_rows_from_top)
        paths = list(dict.fromkeys(str(i.data(PATH_ROLE)) for i in indexes))
        # Trashing a folder takes its contents: drop selected children of selected folders.
        return [p for p in paths if not any(p.startswith(q + "/") for q in paths)]

    def _expanded_paths(self, under: str) -> list[str]:
        """Expanded folders at or below ``under``."""
        model = self.source_model
        return [p for p in model.folders_under(under) if self.isExpanded(model.index_of(p))]

    def _set_expanded(self, path: str) -> None:
        self.setExpanded(self.source_model.index_of(path), True)

    def _folder_at(self, index: QModelIndex) -> str:
        """The folder an action at ``index`` works in: a folder itself, or a file's folder."""
        if not index.isValid():
            return ""
        path = str(index.data(PATH_ROLE))
        return path if index.data(IS_DIR_ROLE) else posixpath.dirname(path)

    # -- mouse and keyboard --------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._click_modifiers = event.modifiers()
        if event.button() == Qt.MouseButton.MiddleButton:
            event.accept()
            return
        if self._pick(event):
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            index = self.indexAt(event.position().toPoint())
            if index.isValid() and not index.data(IS_DIR_ROLE):
                self.open_requested.emit(str(index.data(PATH_ROLE)), True)
            event.accept()
            return
        if self._picking:
            self._picking = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _pick(self, event: QMouseEvent) -> bool:
        """Ctrl+click (Alt+click in Obsidian) adds the row to the selection or takes it out.

        Done here rather than by the view: its own Ctrl+click on a selected row waits for
        the release and then unselects every row from the last click to this one."""
        mods = event.modifiers()
        picking = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        index = self.indexAt(event.position().toPoint())
        if (
            event.button() != Qt.MouseButton.LeftButton
            or not picking
            or mods & Qt.KeyboardModifier.ShiftModifier
            or not index.isValid()
        ):
            return False
        flag = QItemSelectionModel.SelectionFlag
        selection = self.selectionModel()
        selection.select(index, flag.Toggle | flag.Rows)
        selection.setCurrentIndex(index, flag.NoUpdate)
        self._picking = True
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        event.accept()
        return True

    def _on_clicked(self, index: QModelIndex) -> None:
        if self._click_modifiers & Qt.KeyboardModifier.ShiftModifier:
            return  # choosing a range of items, not opening or folding
        if index.data(IS_DIR_ROLE):
            self.setExpanded(index, not self.isExpanded(index))
            return
        self.open_requested.emit(str(index.data(PATH_ROLE)), False)

    def _on_activated(self, index: QModelIndex) -> None:
        if not index.data(IS_DIR_ROLE):
            self.open_requested.emit(str(index.data(PATH_ROLE)), False)

    def _on_rename_triggered(self) -> None:
        index = self.currentIndex()
        if index.isValid():
            self.edit(index)

    def _on_delete_triggered(self) -> None:
        paths = self.selected_paths()
        if paths:
            self.delete_requested.emit(paths)

    # -- context menu ----------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        menu = self.context_menu(index)
        self.last_menu = menu
        menu.popup(event.globalPos())
        event.accept()

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The menu for a right click on ``index`` (invalid: the empty area, the vault root)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        folder = self._folder_at(index)
        path = str(index.data(PATH_ROLE)) if index.isValid() else ""
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        is_file = index.isValid() and not index.data(IS_DIR_ROLE)
        if is_file:
            self._menu_action(
                menu, "Open in New &Tab", lambda: self.open_requested.emit(path, True)
            )
            if not is_note_path(path):
                self._menu_action(
                    menu,
                    "Open &with Default Application",
                    lambda: self.open_external_requested.emit(path),
                )
            menu.addSeparator()
        self._menu_action(menu, "&New Note", lambda: self.new_note_requested.emit(folder))
        self._menu_action(menu, "New &Folder", lambda: self.new_folder_requested.emit(folder))
        if index.isValid():
            menu.addSeparator()
            rename = self._menu_action(menu, "&Rename…", lambda: self.edit_path(path))
            rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
            paths = self.selected_paths() if self.selectionModel().isSelected(index) else [path]
            self._menu_action(
                menu,
                "&Move to Folder…" if len(paths) == 1 else f"&Move {len(paths)} Items to Folder…",
                lambda: self.move_to_folder_requested.emit(paths),
            )
            label = "&Delete" if len(paths) == 1 else f"&Delete {len(paths)} Items"
            delete = self._menu_action(menu, label, lambda: self.delete_requested.emit(paths))
            delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        menu.addSeparator()
        self._menu_action(menu, "Re&veal in File Manager", lambda: self.reveal_requested.emit(path))
        self._menu_action(menu, "&Copy Path", lambda: self._copy(path))
        if self.root is not None:
            full = str(self.root / path) if path else str(self.root)
            self._menu_action(menu, "Copy F&ull Path", lambda: self._copy(full))
        return menu

    @staticmethod
    def _menu_action(menu: QMenu, text: str, slot: object) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    @staticmethod
    def _copy(text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    # -- drag and drop ------------------------------------------------------------

    def startDrag(self, supported_actions: Qt.DropAction) -> None:
        # Our own QDrag: the base class would delete the dragged rows after a
        # MoveAction, while here the model only changes once the move happened.
        paths = self.selected_paths()
        if not paths:
            return
        drag = QDrag(self)
        drag.setMimeData(self.source_model.mimeData([self.source_model.index_of(p) for p in paths]))
        drag.exec(Qt.DropAction.MoveAction)

    def drop_target(self, pos: QPoint) -> str:
        """The folder a drop at ``pos`` moves into."""
        return self._folder_at(self.indexAt(pos))

    def _accepts(self, paths: list[str], dest: str) -> bool:
        return bool(paths) and any(
            posixpath.dirname(p) != dest and dest != p and not dest.startswith(p + "/")
            for p in paths
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if decode_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)  # auto-scroll and drop indicator
        paths = decode_paths(event.mimeData())
        if self._accepts(paths, self.drop_target(event.position().toPoint())):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = decode_paths(event.mimeData())
        dest = self.drop_target(event.position().toPoint())
        if not self._accepts(paths, dest):
            event.ignore()
            return
        # One request for all: the receiver refuses what cannot go (a folder into itself).
        self.move_requested.emit([p for p in paths if posixpath.dirname(p) != dest], dest)
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
