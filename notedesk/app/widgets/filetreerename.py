"""The file tree's in-place rename box: what is typed becomes a request, checked first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QStyledItemDelegate, QTreeView, QWidget

from notedesk.app.widgets.filetreemodel import PATH_ROLE

__all__ = ["RenameCheck", "RenameDelegate"]

AnyIndex = QModelIndex | QPersistentModelIndex


RenameCheck = Callable[[str, str], "str | None"]
_COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class RenameDelegate(QStyledItemDelegate):
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
