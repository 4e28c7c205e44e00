"""The questions before the window closes: unsaved notes (save, discard or cancel; for a
note also changed on disk, keep mine as its conflict bar does, instead of a save that
cannot work), and files still being copied into the vault (wait or quit anyway)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.notetab import NoteTab
    from notedesk.app.widgets.attachcopy import AttachmentCopier


def confirm_stop_copies(window: MainWindow, copier: AttachmentCopier) -> bool:
    """With files still being copied into the vault: wait (False: the window stays, the
    copies go on) or quit anyway (True: they stop, leaving no partial file). The question
    follows the copies' progress, and goes away by itself (True) once they are done."""
    if not copier.running:
        return True
    box = QMessageBox(QMessageBox.Icon.Question, "Copying into the vault", "", parent=window)

    def show_progress() -> None:
        if not copier.running:
            box.done(0)  # nothing left to wait for
            return
        box.setText(
            ("Files are" if copier.running > 1 else "A file is")
            + f" still being copied into the vault:\n\n{copier.describe()}\n\n"
            "Wait keeps the window open while it copies. Quit anyway stops the copy: "
            "nothing half-copied is left in the vault, and no embed is added."
        )

    show_progress()
    wait = box.addButton("Wait", QMessageBox.ButtonRole.RejectRole)
    box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(wait)
    box.setEscapeButton(wait)
    timer = QTimer(box)
    timer.timeout.connect(show_progress)
    timer.start(250)
    box.exec()
    timer.stop()
    if copier.running and box.clickedButton() is wait:
        window.statusBar().showMessage(
            "Still copying into the vault: quit again once it is done", 5000
        )
        return False
    return True


def confirm_close(window: MainWindow, tabs: list[NoteTab]) -> bool:
    """Ask about the unsaved notes among ``tabs``; True when they may close (saved or
    discarded). A note in conflict (changed on disk while edited) cannot simply be
    saved: the question then offers Keep mine, as its conflict bar does."""
    dirty = [t for t in tabs if t.dirty]
    if not dirty:
        return True
    conflicted = [t for t in dirty if t.document is not None and t.document.conflict is not None]
    if conflicted:
        return _confirm_with_conflicts(window, dirty, conflicted)
    names = "\n".join(f"• {t.path}" for t in dirty)
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    answer = QMessageBox.question(
        window,
        "Unsaved changes",
        f"Save changes before closing?\n\n{names}",
        buttons,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Cancel:
        return False
    if answer == QMessageBox.StandardButton.Save:
        return all(window.save_tab(t) for t in dirty)
    return True


def _confirm_with_conflicts(
    window: MainWindow, dirty: list[NoteTab], conflicted: list[NoteTab]
) -> bool:
    names = "\n".join(
        f"• {t.path}" + ("  (also changed on disk)" if t in conflicted else "") for t in dirty
    )
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", "", parent=window)
    box.setText(
        f"Keep your changes before closing?\n\n{names}\n\n"
        "Keep mine saves your text. A note also changed on disk by another program "
        "keeps that version as a conflict copy next to it."
    )
    keep = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard mine", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is discard:
        return True
    if clicked is not keep:
        return False
    for tab in dirty:
        if tab in conflicted:
            window.keep_mine_requested.emit(tab)  # the tab's conflict bar does it
            doc = tab.document
            if doc is not None and doc.conflict is not None:
                window.statusBar().showMessage(f"Not saved: {tab.path} is still in conflict", 0)
                return False
            if tab.dirty:
                return False
        elif not window.save_tab(tab):
            return False
    return True
