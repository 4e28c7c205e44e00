"""The vault's file tree: folders first, natural sort, dot-folders never shown.

The tree performs no file operation itself: every action becomes a request
signal, and the model follows with ``add_path``/``remove_path``/``rename_path``
once the operation happened.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
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
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
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
from notedesk.core.events import FileEvent
from notedesk.core.vault import is_note_path

__all__ = ["FileTree", "FileTreeModel", "build_nodes", "display_name"]

AnyIndex = QModelIndex | QPersistentModelIndex


RenameCheck = Callable[[str, str], "str | None"]
_COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class _RenameDelegate(QStyledItemDelegate):
    """In-place rename: the editor's text becomes a request, never a model edit.

    With a ``check`` (path, name -> why not), a refused name keeps the box open, its
    text selected and the reason shown under it: the keys go on editing the name.
    """

    rename_committed = Signal(str, str)  # path, new name
    rename_refused = Signal(str)  # why

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.check: RenameCheck | None = None
        self._index = QPersistentModelIndex()
        self.note = QLabel(view.viewport())
        self.note.setObjectName("renameProblem")
        self.note.setWordWrap(True)
        self.note.setAutoFillBackground(True)
        self.note.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.note.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.note.setFrameShape(QFrame.Shape.Box)
        self.note.setMargin(3)
        self.note.hide()

    def createEditor(self, parent: QWidget, option: object, index: AnyIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)  # type: ignore[arg-type]
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _t, e=editor: self._recheck(e))
            editor.destroyed.connect(self.note.hide)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            self._index = QPersistentModelIndex(index)
            self.note.hide()
            editor.setText(str(index.data(Qt.ItemDataRole.DisplayRole)))
            editor.selectAll()

    def problem(self, text: str, index: AnyIndex) -> str | None:
        """Why ``text`` cannot be the new name of ``index`` (None: fine, or no change)."""
        text = text.strip()
        if self.check is None or not text or text == index.data(Qt.ItemDataRole.DisplayRole):
            return None
        return self.check(str(index.data(PATH_ROLE)), text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if not isinstance(editor, QLineEdit):
            return
        self.note.hide()
        text = editor.text().strip()
        if text and text != index.data(Qt.ItemDataRole.DisplayRole):
            problem = self.problem(text, index)
            if problem is not None:  # the box closes anyway (focus went elsewhere)
                self.rename_refused.emit(f"Not renamed: {problem}")
                return
            self.rename_committed.emit(str(index.data(PATH_ROLE)), text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _COMMIT_KEYS
            and self._index.isValid()
        ):
            problem = self.problem(watched.text(), self._index)
            if problem is not None:
                watched.selectAll()
                self._show_note(watched, problem)
                self.rename_refused.emit(problem)
                return True
        return super().eventFilter(watched, event)

    def _recheck(self, editor: QLineEdit) -> None:
        """Once a name was refused, the reason follows the typing (gone when it fits)."""
        if not self.note.isVisible() or not self._index.isValid():
            return
        problem = self.problem(editor.text(), self._index)
        if problem is None:
            self.note.hide()
        else:
            self._show_note(editor, problem)

    def _show_note(self, editor: QLineEdit, text: str) -> None:
        note = self.note
        area = note.parentWidget()
        box = editor.geometry()
        width = max(box.width(), min(320, area.width() - box.x())) if area else box.width()
        note.setText(text)
        note.setFixedWidth(max(120, width))
        note.adjustSize()
        y = box.bottom() + 2
        if area is not None and y + note.height() > area.height():
            y = max(0, box.top() - note.height() - 2)
        note.move(box.x(), y)
        note.show()
        note.raise_()


class FileTree(QTreeView):
    """Signals:
    open_requested(path, new_tab): the user activated a file (Ctrl or middle click: new tab).
    filled(): ``set_paths`` has finished filling the tree.
    new_note_requested(folder): create a note in ``folder`` ("" is the vault root).
    new_folder_requested(folder): create a folder inside ``folder``.
    rename_requested(path, new_name): rename in place; ``new_name`` as typed (notes without .md).
    rename_refused(message): a name typed in the rename box was refused (see
        ``set_rename_check``): the box stays open on Enter, says why under it.
    rename_closed(): the in-place rename box closed (committed or not).
    move_requested(path, dest_folder): a drag and drop onto ``dest_folder``.
    move_to_folder_requested(path): "Move to Folder…" from the context menu: ask where.
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
    move_requested = Signal(str, str)
    move_to_folder_requested = Signal(str)
    delete_requested = Signal(list)
    reveal_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, root: Path | None = None) -> None:
        super().__init__(parent)
        self.root = root
        # The model keeps itself sorted: no sorting proxy to re-map 10,000 rows.
        self.source_model = FileTreeModel(self)
        self.setModel(self.source_model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setExpandsOnDoubleClick(False)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self._delegate = _RenameDelegate(self)
        self._delegate.rename_committed.connect(self.rename_requested)
        self._delegate.rename_refused.connect(self.rename_refused)
        self._delegate.closeEditor.connect(lambda *_: self.rename_closed.emit())
        self.setItemDelegate(self._delegate)
        self._click_modifiers = Qt.KeyboardModifier.NoModifier
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

        Runs of creations are added together (a burst of 1,000 new files is one update)."""
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
        paths = [str(i.data(PATH_ROLE)) for i in self.selectionModel().selectedRows()]
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
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            index = self.indexAt(event.position().toPoint())
            if index.isValid() and not index.data(IS_DIR_ROLE):
                self.open_requested.emit(str(index.data(PATH_ROLE)), True)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.data(IS_DIR_ROLE):
            self.setExpanded(index, not self.isExpanded(index))
            return
        ctrl = bool(self._click_modifiers & Qt.KeyboardModifier.ControlModifier)
        if self._click_modifiers & Qt.KeyboardModifier.ShiftModifier:
            return  # extending the selection, not opening
        self.open_requested.emit(str(index.data(PATH_ROLE)), ctrl)

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
        is_note = index.isValid() and not index.data(IS_DIR_ROLE) and is_note_path(path)
        if is_note:
            self._menu_action(menu, "Open in New Tab", lambda: self.open_requested.emit(path, True))
            menu.addSeparator()
        self._menu_action(menu, "New Note", lambda: self.new_note_requested.emit(folder))
        self._menu_action(menu, "New Folder", lambda: self.new_folder_requested.emit(folder))
        if index.isValid():
            menu.addSeparator()
            rename = self._menu_action(menu, "Rename…", lambda: self.edit_path(path))
            rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
            self._menu_action(
                menu, "Move to Folder…", lambda: self.move_to_folder_requested.emit(path)
            )
            paths = self.selected_paths() if self.selectionModel().isSelected(index) else [path]
            label = "Delete" if len(paths) == 1 else f"Delete {len(paths)} Items"
            delete = self._menu_action(menu, label, lambda: self.delete_requested.emit(paths))
            delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        menu.addSeparator()
        self._menu_action(menu, "Reveal in File Manager", lambda: self.reveal_requested.emit(path))
        self._menu_action(menu, "Copy Path", lambda: self._copy(path))
        if self.root is not None:
            full = str(self.root / path) if path else str(self.root)
            self._menu_action(menu, "Copy Full Path", lambda: self._copy(full))
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
        for path in paths:
            if posixpath.dirname(path) != dest and dest != path and not dest.startswith(path + "/"):
                self.move_requested.emit(path, dest)
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
