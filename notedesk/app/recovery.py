"""The start-up dialog that offers back the unsaved text an earlier session left behind."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.widgets.comparedialog import DiffSide
from notedesk.core.conflicts import side_by_side
from notedesk.core.journal import JournalEntry


def describe(entry: JournalEntry) -> str:
    when = entry.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if entry.disk_text is None:
        state = "deleted on disk since"
    elif entry.disk_changed:
        state = "changed on disk since"
    else:
        state = "unsaved"
    return f"{entry.rel} — {state} (text from {when})"


class RecoveryDialog(QDialog):
    """Lists journal entries; each shows its text against the disk, to Restore or Discard.

    Signals:
        restore_requested(entries): open these buffers again as unsaved text.
        discard_requested(entries): forget these buffers for good.
    """

    restore_requested = Signal(list)
    discard_requested = Signal(list)

    def __init__(self, entries: list[JournalEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved notes")
        self.resize(1100, 650)
        self.entries = list(entries)
        intro = QLabel(
            "notedesk did not close normally last time. The notes below had changes that "
            "were not saved. Restore opens them with that text as unsaved changes; "
            "Discard deletes the saved text.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.left = DiffSide(self)
        self.right = DiffSide(self)
        self.left.verticalScrollBar().valueChanged.connect(self.right.verticalScrollBar().setValue)
        self.right.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)
        sides = QSplitter(Qt.Orientation.Horizontal, self)
        for side, title in ((self.left, "Unsaved text"), (self.right, "On disk now")):
            pane = QWidget(sides)
            pane_layout = QVBoxLayout(pane)
            pane_layout.setContentsMargins(0, 0, 0, 0)
            pane_layout.addWidget(QLabel(f"<b>{title}</b>", pane))
            pane_layout.addWidget(side)
            sides.addWidget(pane)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(self.list)
        body.addWidget(sides)
        body.setSizes([140, 480])
        self.restore_button = QPushButton("Restore", self)
        self.discard_button = QPushButton("Discard", self)
        self.later_button = QPushButton("Decide later", self)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.discard_button.clicked.connect(self._on_discard_button_clicked)
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Applies to the ticked notes.", self), 1)
        for button in (self.restore_button, self.discard_button, self.later_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(body, 1)
        layout.addLayout(buttons)
        for entry in self.entries:
            item = QListWidgetItem(describe(entry), self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.list.setCurrentRow(0)

    def checked(self) -> list[JournalEntry]:
        return [
            entry
            for i, entry in enumerate(self.entries)
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _on_list_current_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        rows = side_by_side(entry.text, entry.disk_text or "")
        self.left.show_rows(rows, left=True)
        self.right.show_rows(rows, left=False)

    def _take(self, chosen: list[JournalEntry]) -> None:
        for entry in chosen:
            index = self.entries.index(entry)
            self.entries.pop(index)
            self.list.takeItem(index)
        if not self.entries:
            self.accept()

    def _on_restore_button_clicked(self) -> None:
        chosen = self.checked()
        if chosen:
            self.restore_requested.emit(chosen)
            self._take(chosen)

    def _on_discard_button_clicked(self) -> None:
        chosen = self.checked()
        if chosen:
            self.discard_requested.emit(chosen)
            self._take(chosen)
