"""Two versions of a note side by side, changed lines marked, scrolling together."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from notedesk.core.conflicts import DiffRow, changed_rows

_ROW_COLOURS = {
    "replace": (QColor("#fff1c2"), QColor("#fff1c2")),
    "delete": (QColor("#ffd7d5"), QColor("#eeeeee")),
    "insert": (QColor("#eeeeee"), QColor("#d4f5d4")),
}
# The same marks for a dark window (light text).
_DARK_ROW_COLOURS = {
    "replace": (QColor("#4a3f12"), QColor("#4a3f12")),
    "delete": (QColor("#5a2424"), QColor("#333333")),
    "insert": (QColor("#333333"), QColor("#1f4a26")),
}


def _side_text(rows: list[DiffRow], left: bool) -> str:
    lines = []
    for row in rows:
        no, text = (row.left_no, row.left) if left else (row.right_no, row.right)
        lines.append("" if text is None else f"{no:>5}  {text}")
    return "\n".join(lines)


class DiffSide(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

    def show_rows(self, rows: list[DiffRow], left: bool) -> None:
        self.setPlainText(_side_text(rows, left))
        dark = self.palette().base().color().lightness() < 128
        colours = _DARK_ROW_COLOURS if dark else _ROW_COLOURS
        selections = []
        block = self.document().firstBlock()
        for row in rows:
            if row.tag != "equal":
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(colours[row.tag][0 if left else 1])
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                cursor = QTextCursor(block)
                selection.cursor = cursor
                selections.append(selection)
            block = block.next()
        self.setExtraSelections(selections)


class CompareDialog(QDialog):
    """Shows diff rows (from ``side_by_side``); non-modal, so the note stays editable.

    Signals:
        keep_mine_requested(): the user chose the left side.
        reload_theirs_requested(): the user chose the right side.
    """

    keep_mine_requested = Signal()
    reload_theirs_requested = Signal()

    def __init__(
        self,
        title: str,
        rows: list[DiffRow],
        left_title: str = "Mine (in the editor)",
        right_title: str = "Theirs (on disk)",
        *,
        choices: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1100, 650)
        self.rows = rows
        self._changes = changed_rows(rows)
        self._change_index = -1
        self.left = DiffSide(self)
        self.right = DiffSide(self)
        self.left.show_rows(rows, left=True)
        self.right.show_rows(rows, left=False)
        # Rows are aligned line for line, so one scroll value fits both sides.
        self.left.verticalScrollBar().valueChanged.connect(self.right.verticalScrollBar().setValue)
        self.right.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for side, text in ((self.left, left_title), (self.right, right_title)):
            pane = QWidget(splitter)
            pane_layout = QVBoxLayout(pane)
            pane_layout.setContentsMargins(0, 0, 0, 0)
            pane_layout.addWidget(QLabel(f"<b>{text}</b>", pane))
            pane_layout.addWidget(side)
            splitter.addWidget(pane)

        changes = len(self._changes)
        self.summary = QLabel(
            "The two versions are the same." if not changes else f"{changes} changed block(s).",
            self,
        )
        self.previous_button = QPushButton("Previous change", self)
        self.next_button = QPushButton("Next change", self)
        self.previous_button.clicked.connect(lambda: self.go_to_change(self._change_index - 1))
        self.next_button.clicked.connect(lambda: self.go_to_change(self._change_index + 1))
        for button in (self.previous_button, self.next_button):
            button.setEnabled(bool(changes))
        self.keep_button = QPushButton("Keep mine", self)
        self.reload_button = QPushButton("Reload theirs", self)
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        for button in (self.keep_button, self.reload_button):
            button.setVisible(choices)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for widget in (
            self.previous_button,
            self.next_button,
            self.keep_button,
            self.reload_button,
            close,
        ):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        if self._changes:
            self.go_to_change(0)

    def go_to_change(self, index: int) -> None:
        if not self._changes:
            return
        self._change_index = index % len(self._changes)
        row = self._changes[self._change_index]
        block = self.left.document().findBlockByNumber(row)
        self.left.verticalScrollBar().setValue(max(0, block.firstLineNumber() - 3))

    def _on_keep_button_clicked(self) -> None:
        self.keep_mine_requested.emit()
        self.close()

    def _on_reload_button_clicked(self) -> None:
        self.reload_theirs_requested.emit()
        self.close()
