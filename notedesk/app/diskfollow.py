"""How an open note follows its file on disk: reload in place, merge, conflict, or wait.

``DiskFollower`` belongs to one ``NoteTab``. It hands each change on disk to the
tab's ``Document`` (core/document.py decides: reloaded, merged, conflict, moved...)
and puts the outcome into the editor so that the user loses neither a keystroke
nor their place: only the lines that changed are replaced, as one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from notedesk.app.editpatch import patch_text
from notedesk.core.document import Outcome
from notedesk.core.events import FileEvent
from notedesk.core.vault import VaultError

if TYPE_CHECKING:
    from notedesk.app.notetab import NoteTab

# A reload changing more characters than this replaces the whole text (no undo
# step, the cursor keeps its offset): patching that much costs more.
RELOAD_PATCH_CHARS = 200_000
# An empty file replacing a note's text is looked at again after this long:
# programs that truncate a file and then write it are usually done by then.
EMPTY_WAIT_MS = 1000


class DiskFollower(QObject):
    """Applies changes on disk to one tab's editor (see the module's docstring)."""

    def __init__(self, tab: NoteTab) -> None:
        super().__init__(tab)
        self._tab = tab
        self._empty_timer = QTimer(self)
        self._empty_timer.setSingleShot(True)
        self._empty_timer.setInterval(EMPTY_WAIT_MS)
        self._empty_timer.timeout.connect(self._on_empty_timer_timeout)
        self._empty_checked = False
        # The cursor and scroll position when a reload emptied the text: a reload
        # that fills it again puts them back (a slow truncate-then-write).
        self._emptied_place: tuple[int, int] | None = None

    def apply(self, event: FileEvent, *, own: bool = False) -> Outcome | None:
        """Follow a change on disk; a clean buffer reloads in place, a dirty one merges
        the change in or conflicts. ``own``: notedesk's own file operation."""
        tab = self._tab
        doc = tab.document
        if doc is None or self._wait_while_emptied(event):
            return None
        old = doc.rel
        mine, sha = tab.editor.toPlainText(), doc.disk_sha
        doc.text = mine
        try:
            outcome = doc.on_file_event(event, own=own)
        except (VaultError, OSError):
            if event.path == old:
                tab.disk_event.emit()
            return None
        if outcome is None:
            return None
        tab.disk_event.emit()
        if outcome == Outcome.MOVED:
            tab.path_changed.emit(old, doc.rel)
        self.show_outcome(outcome, mine, sha)
        return outcome

    def show_outcome(self, outcome: Outcome, mine: str, sha: str | None) -> None:
        """Show what the document did; ``mine`` is the editor's text it was given and
        ``sha`` the disk version the document had before."""
        tab = self._tab
        editor = tab.editor
        undoable = False
        if outcome in (Outcome.RELOADED, Outcome.MERGED) and tab.document is not None:
            # Only the lines that changed, as one undo step: the cursor, selection,
            # view and undo history stay. The edit reads the text back into the
            # document like typing does. A reload that changes much of a long
            # note replaces the whole text instead (faster), without an undo step.
            limit = RELOAD_PATCH_CHARS if outcome == Outcome.RELOADED else None
            place = (editor.textCursor().position(), editor.verticalScrollBar().value())
            tab.applying_disk_change = True
            try:
                undoable = patch_text(editor, mine, tab.document.text, limit=limit)
            finally:
                tab.applying_disk_change = False
            if undoable:
                tab.disk_undo_mark = editor.document().availableUndoSteps()
            else:
                tab.set_editor_text(tab.document.text, keep_view=True)
            if outcome == Outcome.RELOADED:
                self._keep_place_across_emptying(mine, place)
            tab.text_edited.emit()  # the word count follows
        tab.announce_dirty()
        if outcome not in (Outcome.UNCHANGED, Outcome.SAVED):
            tab.disk_state_changed.emit(str(outcome))
        if outcome == Outcome.MERGED:
            tab.merged.emit(sha, mine)
        elif outcome == Outcome.RELOADED and undoable:
            tab.reloaded.emit(sha, mine)

    def _wait_while_emptied(self, event: FileEvent) -> bool:
        """True if the event found the note's file emptied while the editor has text:
        it is looked at again shortly, as most programs that empty a file write it
        right after. Only once: a file that stays empty is then taken as it is."""
        doc = self._tab.document
        if (
            doc is None
            or self._empty_checked
            or event.kind not in ("created", "modified")
            or event.path != doc.rel
            or doc.conflict is not None
        ):
            return False
        try:
            empty = doc.path.stat().st_size == 0
        except (OSError, VaultError):
            return False
        if not empty or self._tab.editor.document().isEmpty():
            return False
        if not self._empty_timer.isActive():
            self._empty_timer.start()
        return True

    def _keep_place_across_emptying(self, before: str, place_before: tuple[int, int]) -> None:
        """A reload emptied the text (``before`` it was there, the cursor and scroll
        at ``place_before``): the reload that fills it again puts them back."""
        editor = self._tab.editor
        if before and editor.document().isEmpty():
            self._emptied_place = place_before
            return
        place, self._emptied_place = self._emptied_place, None
        if place is not None and not before:
            cursor = editor.textCursor()
            cursor.setPosition(min(place[0], editor.document().characterCount() - 1))
            editor.setTextCursor(cursor)
            editor.verticalScrollBar().setValue(place[1])

    def _on_empty_timer_timeout(self) -> None:
        doc = self._tab.document
        if doc is None:
            return
        self._empty_checked = True
        try:
            self.apply(FileEvent("modified", doc.rel))
        finally:
            self._empty_checked = False
