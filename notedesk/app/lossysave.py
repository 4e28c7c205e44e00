"""A note whose file is not valid UTF-8: said above it, and written as UTF-8 only when
the user asks (its unreadable bytes, shown as �, are then replaced for good)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from notedesk.app.widgets.conflictbar import INFO, UNREADABLE
from notedesk.core.vault import VaultError

if TYPE_CHECKING:  # not before the window shows (tests/e2e/test_startup_imports.py)
    from notedesk.app.notetab import NoteTab
    from notedesk.app.widgets.conflictbar import ConflictBar


def ask_save_as_utf8(parent: QWidget, rel: str) -> bool:
    """Ask before a save replaces the bytes of ``rel`` that are not valid UTF-8."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Save as UTF-8?", "", parent=parent)
    box.setText(f"{rel} is not valid UTF-8.")
    box.setInformativeText(
        "Saving writes it as UTF-8: the bytes notedesk could not read, shown as �, "
        "are replaced for good. To keep the file as it is, cancel and use Save As… "
        "in the bar above the note to save a copy."
    )
    save = box.addButton("Save as UTF-8", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is save


class LossyNotice(QObject):
    """Keeps the "not valid UTF-8" notice on ``bar`` while the tab's note is such a file,
    and saves it as UTF-8 from the bar's button.

    Signals:
        status_message(text, timeout_ms): what the save did.
    """

    status_message = Signal(str, int)

    def __init__(self, tab: NoteTab, bar: ConflictBar) -> None:
        super().__init__(tab)
        self._tab = tab
        self._bar = bar
        bar.save_utf8_requested.connect(self.save_as_utf8)
        tab.saved.connect(self._update)
        tab.disk_state_changed.connect(self._update)
        self._update()

    def save_as_utf8(self) -> None:
        tab = self._tab
        try:
            tab.save(allow_lossy=True)
        except VaultError as exc:
            self.status_message.emit(f"Not saved: {exc}", 0)
            return
        self._update()
        self.status_message.emit(f"Saved {tab.path} as UTF-8", 5000)

    def _update(self, *_args: object) -> None:
        doc = self._tab.document
        if doc is not None and doc.read_only:
            if self._bar.kind in ("", INFO, UNREADABLE):  # never over a worse notice
                self._bar.show_unreadable()
        else:
            self._bar.clear(UNREADABLE)
