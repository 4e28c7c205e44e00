"""The bar above a note that says what happened to its file on disk, and offers the way out.

Not a dialog: the user can keep typing, and nothing is decided for them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from notedesk.app.widgets.themelook import follow_palette, is_dark, sheet_colour

# Kinds of notice, worst first: a lesser one never hides a worse one still standing.
CONFLICT = "conflict"
SAVE_FAILED = "save_failed"
DELETED = "deleted"
UNREADABLE = "unreadable"
INFO = "info"

# (background, text) by theme: a warm bar for a warning, a red one for a failure.
_COLOURS = {
    "light": {
        CONFLICT: ("#fff4d6", "#202020"),
        SAVE_FAILED: ("#fde2e1", "#202020"),
        DELETED: ("#fde2e1", "#202020"),
        UNREADABLE: ("#fff4d6", "#202020"),
        INFO: ("#e4f1fb", "#202020"),
    },
    "dark": {
        CONFLICT: ("#4a3f12", "#f2f2f2"),
        SAVE_FAILED: ("#5a2424", "#f2f2f2"),
        DELETED: ("#5a2424", "#f2f2f2"),
        UNREADABLE: ("#4a3f12", "#f2f2f2"),
        INFO: ("#1f3a52", "#f2f2f2"),
    },
}


class ConflictBar(QFrame):
    """One line of notice with its buttons, shown above a note's editor and preview.

    Signals:
        reload_theirs_requested(): take the disk version (the buffer stays reachable by Undo).
        keep_mine_requested(): save the buffer, keeping the disk version as a conflict copy.
        compare_requested(): show mine and theirs side by side.
        retry_requested(): try the failed save again.
        save_as_requested(): save the buffer somewhere else.
        save_utf8_requested(): save a note that was not valid UTF-8 as UTF-8.
        open_copy_requested(path): open the conflict copy just written (vault-relative).
        dismissed(): the user closed the notice.
    """

    reload_theirs_requested = Signal()
    keep_mine_requested = Signal()
    compare_requested = Signal()
    retry_requested = Signal()
    save_as_requested = Signal()
    save_utf8_requested = Signal()
    open_copy_requested = Signal(str)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # One line high: the editor and preview below keep all the rest.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.kind = ""
        self._copy_rel = ""
        follow_palette(self, lambda _old, new: self._restyle(new))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = self._button("Reload theirs", self.reload_theirs_requested.emit)
        self.keep_button = self._button("Keep mine", self.keep_mine_requested.emit)
        self.compare_button = self._button("Compare", self.compare_requested.emit)
        self.retry_button = self._button("Retry", self.retry_requested.emit)
        self.save_as_button = self._button("Save As…", self.save_as_requested.emit)
        self.utf8_button = self._button("Save as UTF-8", self.save_utf8_requested.emit)
        self.open_copy_button = self._button(
            "Open copy", lambda: self.open_copy_requested.emit(self._copy_rel)
        )
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        for widget in (
            self.reload_button,
            self.keep_button,
            self.compare_button,
            self.retry_button,
            self.utf8_button,
            self.save_as_button,
            self.open_copy_button,
            self.close_button,
        ):
            layout.addWidget(widget)
        self.hide()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # -- notices ---------------------------------------------------------------

    def show_conflict(self) -> None:
        self._show(
            CONFLICT,
            "This note changed on disk while you were editing it. "
            "Autosave is paused until you choose.",
            (self.reload_button, self.keep_button, self.compare_button),
            closable=False,
        )

    def show_deleted(self) -> None:
        self._show(
            DELETED,
            "Deleted on disk — Save recreates it. Your text is still here.",
            (),
            closable=True,
        )

    def show_save_failed(self, message: str) -> None:
        self._show(
            SAVE_FAILED,
            f"Not saved: {message} Your text is kept here and in the recovery journal.",
            (self.retry_button, self.save_as_button),
            closable=False,
        )

    def show_unreadable(self) -> None:
        self._show(
            UNREADABLE,
            "Not valid UTF-8: what could not be read shows as �. The file is left as it is "
            "(no autosave) unless you save it as UTF-8, which replaces those bytes, or save "
            "a copy.",
            (self.utf8_button, self.save_as_button),
            closable=True,
        )

    def show_info(self, message: str, copy_rel: str = "", compare: bool = False) -> None:
        """A passing notice; ``copy_rel`` adds an Open copy button for a vault file."""
        self._copy_rel = copy_rel
        buttons: list[QWidget] = []
        if copy_rel:
            buttons.append(self.open_copy_button)
        if compare:
            buttons.append(self.compare_button)
        self._show(INFO, message, tuple(buttons), closable=True)

    def clear(self, kind: str | None = None) -> None:
        """Hide the bar (only if it shows ``kind``, when given)."""
        if kind is None or self.kind == kind:
            self.kind = ""
            self.hide()

    def _show(self, kind: str, text: str, buttons: tuple[QWidget, ...], *, closable: bool) -> None:
        self.kind = kind
        self.label.setText(text)
        for button in (
            self.reload_button,
            self.keep_button,
            self.compare_button,
            self.retry_button,
            self.utf8_button,
            self.save_as_button,
            self.open_copy_button,
        ):
            button.setVisible(button in buttons)
        self.close_button.setVisible(closable)
        self._restyle(QApplication.palette(self))
        self.show()

    def _restyle(self, palette: QPalette) -> None:
        """The bar in the theme's colours: redone when the theme changes."""
        if not self.kind:
            return
        background, text = _COLOURS["dark" if is_dark(palette) else "light"][self.kind]
        mid = sheet_colour(palette, QPalette.ColorRole.Mid)
        self.setStyleSheet(
            f"#conflictBar {{ background: {background}; border: none;"
            f" border-bottom: 1px solid {mid}; }}"
            f" #conflictBar QLabel {{ color: {text}; }}"
        )

    def _on_close_button_clicked(self) -> None:
        self.clear()
        self.dismissed.emit()
