"""Help › Keyboard Shortcuts: the commands and keys in a scrolling list that fits the screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.windowplace import fit_dialog

Section = tuple[str, Sequence[tuple[str, str]]]
PREFERRED_HEIGHT = 640  # tall enough for a good part of the list, less on a small screen


class ShortcutsDialog(QDialog):
    """Sections of (command, keys) rows; the list scrolls, the Close button stays in view."""

    def __init__(self, sections: Sequence[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.list = QTreeWidget(self)
        self.list.setColumnCount(2)
        self.list.setHeaderLabels(["Command", "Keys"])
        self.list.setRootIsDecorated(False)
        self.list.setItemsExpandable(False)
        self.list.setUniformRowHeights(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAccessibleName("Keyboard shortcuts")
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for title, rows in sections:
            section = QTreeWidgetItem(self.list, [title])
            font = QFont(section.font(0))
            font.setBold(True)
            section.setFont(0, font)
            section.setFirstColumnSpanned(True)
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for label, keys in rows:
                row = QTreeWidgetItem(section, [label, keys])
                bold = QFont(row.font(1))
                bold.setBold(True)
                row.setFont(1, bold)
        self.list.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        width = self.list.sizeHintForColumn(0) + self.list.sizeHintForColumn(1) + 80
        fit_dialog(self, max(width, 480), PREFERRED_HEIGHT)

    def row_count(self) -> int:
        items = self.list
        return sum(items.topLevelItem(i).childCount() for i in range(items.topLevelItemCount()))
