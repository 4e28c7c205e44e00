"""Per-tab data safety: the conflict bar, the idle autosave timer and failed-save handling."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor

from notedesk.app.notetab import NoteTab
from notedesk.app.widgets.comparedialog import CompareDialog
from notedesk.app.widgets.conflictbar import CONFLICT, DELETED, INFO, SAVE_FAILED, ConflictBar
from notedesk.core.atomic import SaveError, atomic_write, encode_text
from notedesk.core.document import Outcome
from notedesk.core.events import FileEvent
from notedesk.core.utf16 import to_utf16
from notedesk.core.vault import Vault, VaultError

log = logging.getLogger(__name__)

IDLE_MS = 1500
_ERRNO_PREFIX = re.compile(r"^\[Errno -?\d+\] ")

AskSavePath = Callable[[NoteTab, str], str]


def readable(exc: Exception) -> str:
    """An error as a sentence, without Python's ``[Errno N]`` prefix."""
    text = _ERRNO_PREFIX.sub("", str(exc)).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


class TabGuard(QObject):
    """Watches one NoteTab: shows what happened on disk and saves it when it is idle.

    Signals:
        status_message(text, timeout_ms): something the status bar should say.
        state_changed(): conflict, deleted or save-failed state changed (tab marks).
        open_note_requested(rel): the user wants to see another vault file.
    """

    status_message = Signal(str, int)
    state_changed = Signal()
    open_note_requested = Signal(str)

    def __init__(
        self,
        tab: NoteTab,
        vault: Vault,
        ask_save_path: AskSavePath,
        idle_ms: int = IDLE_MS,
    ) -> None:
        super().__init__(tab)
        self.tab = tab
        self._vault = vault
        self._ask_save_path = ask_save_path
        self.failing = False
        self.compare_dialog: CompareDialog | None = None
        # After Reload theirs, a reload or a merge of a change on disk: (disk sha
        # before it, the text it replaced), until a save.
        self._replaced: tuple[str | None, str] | None = None
        self._replaced_units = 0  # its length as the editor counts (UTF-16)
        self._conflict_units: tuple[str | None, int] = (None, 0)  # the same for a conflict
        self._said_deleted = False  # the status bar says the note was deleted on disk
        self.bar = ConflictBar(tab)
        tab.add_bar(self.bar)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms)
        self.idle.timeout.connect(self._on_idle_timeout)
        tab.editor.textChanged.connect(self._on_editor_text_changed)
        tab.disk_state_changed.connect(self._on_tab_disk_state_changed)
        tab.merged.connect(self._on_tab_merged)
        tab.reloaded.connect(self._on_tab_reloaded)
        tab.disk_event.connect(self._on_tab_disk_event)
        tab.saved.connect(self._on_tab_saved)
        bar = self.bar
        bar.reload_theirs_requested.connect(self.reload_theirs)
        bar.keep_mine_requested.connect(self.keep_mine)
        bar.compare_requested.connect(self.compare)
        bar.retry_requested.connect(self._on_bar_retry_requested)
        bar.save_as_requested.connect(self.save_as)
        bar.open_copy_requested.connect(self.open_note_requested)
        doc = tab.document
        if doc is not None and doc.conflict is not None:
            bar.show_conflict()
        elif doc is not None and doc.deleted:
            bar.show_deleted()

    # -- autosave ----------------------------------------------------------------

    def autosave(self) -> bool:
        """Save if the note wants it; False only when a save was tried and failed."""
        self.idle.stop()
        doc = self.tab.document
        if doc is None or not doc.wants_autosave:
            return True
        try:
            outcome = self.tab.save()
        except VaultError as exc:
            self._save_failed(readable(exc))
            return False
        self._save_worked(outcome)
        return True

    def _save_failed(self, message: str) -> None:
        doc = self.tab.document
        if doc is not None:
            try:
                doc.journal_record()
            except OSError:
                log.exception("journal write failed for %s", doc.rel)
        if self.bar.kind != CONFLICT:
            self.bar.show_save_failed(message)
        if not self.failing:
            # Said once: autosave keeps retrying quietly after later edits.
            self.failing = True
            self.status_message.emit(f"Could not save {self.tab.path}: {message}", 0)
            self.state_changed.emit()

    def _save_worked(self, outcome: Outcome) -> None:
        """The save ran without an error; it may still have found a conflict."""
        if not self.failing:
            return
        self.failing = False
        self.bar.clear(SAVE_FAILED)
        if outcome == Outcome.CONFLICT:
            self.bar.show_conflict()
            self.status_message.emit(
                f"Not saved: {self.tab.path} changed on disk while you were editing it", 0
            )
        elif self.tab.dirty:
            self.status_message.emit(f"{self.tab.path} is not saved yet", 5000)
        else:
            self.status_message.emit(f"Saved {self.tab.path}", 5000)
        self.state_changed.emit()

    def _on_editor_text_changed(self) -> None:
        self.idle.start()
        if self.tab.applying_disk_change:
            return
        mark = self.tab.disk_undo_mark
        if mark is not None and self.tab.editor.document().availableUndoSteps() < mark:
            # Undo took a change from disk out of the text, even one saved since.
            self.tab.disk_undo_mark = None
            self._undo_of_disk_change(None if self._replaced is None else self._replaced[0])
            return
        replaced = self._replaced
        units = self.tab.editor.document().characterCount() - 1
        if (
            replaced is not None
            # Cheap first: a long note's text is not read at every keystroke.
            and units == self._replaced_units
            and self.tab.text() == replaced[1]
        ):
            self._undo_of_replace()
            return
        conflict = None if self.tab.document is None else self.tab.document.conflict
        if conflict is None:
            return
        if self._conflict_units[0] != conflict.sha:
            self._conflict_units = (conflict.sha, to_utf16(conflict.text, len(conflict.text)))
        if units == self._conflict_units[1] and self.tab.text() == conflict.text:
            # E.g. Redo after undoing a change from disk: the text is theirs after all.
            self.tab.apply_file_event(FileEvent("modified", self.tab.path))

    def _undo_of_replace(self) -> None:
        """Undo brought back the text Reload theirs, a reload or a merge replaced: the
        conflict again.

        Saving it now would silently overwrite theirs on disk (or take their
        merged change out of it); as a conflict, autosave pauses and Keep mine
        first keeps theirs as a conflict copy.
        """
        assert self._replaced is not None
        self._undo_of_disk_change(self._replaced[0])

    def _undo_of_disk_change(self, base_sha: str | None) -> None:
        """The text no longer has a change that came from disk: what is on disk now
        is theirs, so unless the text matches it this is the conflict."""
        self._replaced = None
        doc = self.tab.document
        if doc is None or doc.conflict is not None or doc.deleted:
            return
        doc.disk_sha = base_sha  # so the disk version counts as theirs again
        self.tab.apply_file_event(FileEvent("modified", doc.rel))

    def _on_idle_timeout(self) -> None:
        self.autosave()

    def _on_bar_retry_requested(self) -> None:
        doc = self.tab.document
        if doc is None:
            return
        try:
            outcome = self.tab.save()
        except VaultError as exc:
            self.bar.show_save_failed(readable(exc))
            self.status_message.emit(f"Still not saved: {readable(exc)}", 10000)
            return
        self.failing = True  # so _save_worked reports and clears
        self._save_worked(outcome)

    def save_as(self) -> None:
        """Write the buffer to a file the user picks; the note itself stays unsaved."""
        doc = self.tab.document
        if doc is None:
            return
        target = self._ask_save_path(self.tab, str(doc.path))
        if not target:
            return
        try:
            # Not recorded as our own write: if it lands in the vault, the watcher
            # must report it so the tree and index show the new file.
            atomic_write(target, encode_text(self.tab.text(), doc.fmt))
        except (SaveError, OSError) as exc:
            self.status_message.emit(f"Could not save a copy: {readable(exc)}", 0)
            return
        self.status_message.emit(
            f"Saved a copy to {target}. {self.tab.path} itself is still unsaved.", 0
        )
        try:
            rel = self._vault.rel(Path(target))
        except VaultError:
            return
        self.open_note_requested.emit(rel)

    # -- changes on disk ---------------------------------------------------------

    def _on_tab_disk_state_changed(self, outcome: str) -> None:
        self._replaced = None
        doc = self.tab.document
        if outcome == "deleted":
            self.bar.show_deleted()
            aside = None if doc is None else doc.set_aside_to
            if aside is not None:
                message = (
                    f"{self.tab.path} was renamed to {aside} on disk, as a backup or copy "
                    "of it; the tab stays on it, your text is kept."
                )
            else:
                message = (
                    f"{self.tab.path} was deleted on disk; your text is kept, Save recreates it."
                )
            self._said_deleted = True
            self.status_message.emit(message, 0)
            self.state_changed.emit()
            return
        if self._said_deleted and outcome != "moved":
            self._said_deleted = False
            self.status_message.emit(f"{self.tab.path} is on disk again.", 8000)
        if outcome == "conflict":
            self.bar.show_conflict()
        elif outcome in ("reloaded", "converged"):
            self.bar.clear(CONFLICT)
            self.bar.clear(DELETED)
        elif outcome in ("merged", "restored"):
            self.bar.clear(DELETED)
            self.idle.start()  # autosave writes the edits
        elif outcome == "moved":
            self.status_message.emit(f"Moved on disk: the tab now shows {self.tab.path}", 8000)
        self.state_changed.emit()

    def _on_tab_merged(self, disk_sha: str | None, replaced: str) -> None:
        """A change on disk went into the text: nothing to decide, autosave writes it."""
        self.idle.start()
        message = "Merged changes made on disk into your text."
        if replaced != self.tab.text():  # else their change was one the text already had
            self._set_replaced(disk_sha, replaced)
        if self.bar.kind in ("", INFO):
            undo = " Undoing (Ctrl+Z) back past this point takes them out."
            self.bar.show_info(message + (undo if self._replaced else ""))
        else:  # a worse notice stands: say it below instead
            self.status_message.emit(f"{self.tab.path}: {message}", 8000)

    def _on_tab_disk_event(self) -> None:
        """Something happened to the file (its permissions back, a lock gone): a save
        that failed is tried again without waiting for the next edit."""
        if self.failing:
            self.idle.start()

    def _on_tab_reloaded(self, disk_sha: str | None, replaced: str) -> None:
        """A clean note took the disk's version as an undoable edit: undoing it is
        the conflict again, as after Reload theirs (not an autosave of the old text
        over the new one)."""
        self._set_replaced(disk_sha, replaced)

    def _set_replaced(self, disk_sha: str | None, replaced: str) -> None:
        self._replaced = (disk_sha, replaced)
        self._replaced_units = to_utf16(replaced, len(replaced))

    def _on_tab_saved(self, _path: str) -> None:
        self._replaced = None
        self._said_deleted = False
        self.bar.clear(DELETED)
        self.state_changed.emit()

    # -- resolving a conflict ----------------------------------------------------

    def keep_mine(self) -> None:
        doc = self.tab.document
        if doc is None:
            return
        doc.text = self.tab.text()
        try:
            copy = doc.keep_mine()
        except (SaveError, OSError) as exc:
            self.status_message.emit(f"Could not keep your version: {exc}", 0)
            return
        self.tab.disk_undo_mark = None  # what was undone before is the user's choice now
        self._refresh_dirty()
        # Our own writes are not reported by the watcher: say it was written, so
        # the index (which last saw theirs) reads ours.
        self.tab.saved.emit(self.tab.path)
        if copy is None:
            message = "Kept your version (the disk held nothing else to keep)."
            self.bar.show_info(message)
        elif copy.in_vault:
            rel = self._vault.rel(copy.path)
            message = f"Kept your version. The version from disk is saved as “{rel}”."
            self.bar.show_info(message, copy_rel=rel)
        else:
            message = f"Kept your version. The version from disk is saved as {copy.path}."
            self.bar.show_info(message)
        self.status_message.emit(message, 0)
        self.state_changed.emit()

    def reload_theirs(self) -> None:
        doc = self.tab.document
        if doc is None:
            return
        doc.text = self.tab.text()
        before = doc.disk_sha
        try:
            mine = doc.reload_theirs()
        except (VaultError, OSError) as exc:
            self.status_message.emit(f"Could not read the version on disk: {exc}", 0)
            return
        if doc.deleted:
            self.bar.show_deleted()
            self.state_changed.emit()
            return
        self.replace_text(doc.text)
        self.tab.disk_undo_mark = self.tab.editor.document().availableUndoSteps()
        self.idle.stop()  # the buffer now equals the disk: nothing to autosave
        self._set_replaced(before, mine)
        self.bar.show_info("Reloaded the version on disk. Undo (Ctrl+Z) brings your text back.")
        self.state_changed.emit()

    def replace_text(self, text: str) -> None:
        """Put ``text`` in the editor as one undoable edit, keeping cursor and scroll."""
        editor = self.tab.editor
        position = editor.textCursor().position()
        scroll = editor.verticalScrollBar().value()
        cursor = QTextCursor(editor.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor = editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        editor.setTextCursor(cursor)
        editor.verticalScrollBar().setValue(scroll)

    def _refresh_dirty(self) -> None:
        # After keep_mine the buffer equals the disk; a save that writes nothing
        # is the tab's public way to re-announce its dirty state.
        try:
            self.tab.save()
        except VaultError:
            log.debug("refresh after keep mine", exc_info=True)

    def compare(self) -> None:
        doc = self.tab.document
        if doc is None:
            return
        doc.text = self.tab.text()
        if self.compare_dialog is not None:
            self.compare_dialog.close()
        in_conflict = doc.conflict is not None
        dialog = CompareDialog(
            f"Compare — {self.tab.path}",
            doc.compare(),
            right_title="Theirs (on disk)" if in_conflict else "Last saved (on disk)",
            choices=in_conflict,
            parent=self.tab,
        )
        dialog.keep_mine_requested.connect(self.keep_mine)
        dialog.reload_theirs_requested.connect(self.reload_theirs)
        dialog.finished.connect(lambda _r, d=dialog: self._on_compare_dialog_finished(d))
        self.compare_dialog = dialog
        dialog.show()

    def _on_compare_dialog_finished(self, dialog: CompareDialog) -> None:
        if self.compare_dialog is dialog:
            self.compare_dialog = None
