"""Image and PDF files pasted or dropped into the editor: copied into the vault off the
UI thread (a 300 MB PDF takes a while), their embeds inserted where they were pasted."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from shiboken6 import isValid

from notedesk.app.background import Cancel, run_in_background, single_thread_pool
from notedesk.core.attachhome import NoteDeleted
from notedesk.core.attachments import CopyCancelled, Progress
from notedesk.core.filekinds import file_kind

# Files pasted or dropped from a file manager that become attachments (others paste as text).
ATTACHED_KINDS = ("image", "pdf")
MESSAGE_MS = 10000


class AttachmentHome(Protocol):
    """The note a copy is for, followed while the file copies
    (``notedesk.core.attachhome.AttachmentHome``)."""

    deleted: bool

    def copy(self, source: str, progress: Progress, cancelled: Callable[[], bool]) -> str:
        """Copy ``source`` into the note's attachment folder (off the UI thread); returns
        its vault path, raises OSError with a message for the user or CopyCancelled
        (NoteDeleted once the note is deleted)."""
        ...

    def settle(self, rel: str) -> str:
        """The copied ``rel`` where the note's attachments go now (moved there if the note
        moved); NoteDeleted (the file removed) when the note is gone."""
        ...

    def moved(self, old: str, new: str) -> None: ...

    def note_deleted(self, paths: list[str]) -> None: ...


class AttachmentTarget(Protocol):
    """Where pasted images and dropped files go (``NoteTab``: the note's vault)."""

    def save_attachment(self, name: str, data: bytes) -> str:
        """Write a new file from ``name`` (a free name is chosen) and return its vault
        path; raises OSError with a message for the user."""
        ...

    def attachment_home(self) -> AttachmentHome:
        """The note, as files are copied for it off the UI thread."""
        ...

    def vault_path(self, local_file: str) -> str | None:
        """The vault path of a file already in the vault, else None."""
        ...

    def embeds_text(self, rels: list[str]) -> str:
        """The embeds of the vault files ``rels`` in this note, a line each
        (``notedesk.core.attachments.embeds_text``)."""
        ...


def attachable_files(source: QMimeData) -> list[str]:
    """The local files of a file manager's copy or drag, when all are images or PDFs."""
    if not source.hasUrls():
        return []
    paths = []
    for url in source.urls():
        path = url.toLocalFile() if url.isLocalFile() else ""
        if not path or file_kind(path) not in ATTACHED_KINDS or not os.path.isfile(path):
            return []
        paths.append(path)
    return paths


def insert_embeds(editor: QPlainTextEdit, cursor: QTextCursor, embeds: str) -> None:
    """The embeds (``AttachmentTarget.embeds_text``) at ``cursor`` (replacing its
    selection), one undo step; the editor's cursor goes after them if it is still
    where they go."""
    mine = editor.textCursor()
    span = (mine.selectionStart(), mine.selectionEnd())
    follow = span == (cursor.selectionStart(), cursor.selectionEnd())
    cursor.setKeepPositionOnInsert(False)
    cursor.beginEditBlock()
    cursor.insertText(embeds)
    cursor.endEditBlock()
    if follow:
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()


class _Job:
    """One paste being copied: what it is, for which note, and where its embeds go."""

    def __init__(
        self, editor: QPlainTextEdit, target: AttachmentTarget, what: str, place: _Place
    ) -> None:
        self.editor = editor
        self.target = target
        self.what = what
        self.place = place
        self.home = target.attachment_home()
        self.cancel = Cancel()
        self.percent = 0

    def note_open(self) -> bool:
        """Whether the note's editor is still there to take the embeds."""
        target = self.target
        return isValid(self.editor) and (not isinstance(target, QObject) or isValid(target))


class AttachmentCopier(QObject):
    """Copies files into the vault one paste at a time, on a thread of their own.

    Where the files were pasted is kept in a text cursor that follows the user's
    edits meanwhile; the embeds go there once the copy is done, before anything
    typed at that place since. The copy outlives its note's tab: closed meanwhile,
    the file is still copied (and the status bar says no embed was added). Its note
    moved meanwhile, the file goes where the note's attachments go now
    (``note_moved``); deleted, the copy stops (``note_deleted``). A copy that fails
    or is stopped (``cancel_all``, on quitting) leaves no file behind
    (``atomic_write``) and the status bar says why.

    Signals:
        status_message(text, timeout_ms): a copy's progress, result or failure.
    """

    status_message = Signal(str, int)
    _progressed = Signal(object, int)  # from the copying thread: the job, percent

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._progressed.connect(self._on_progressed)
        self._jobs: list[_Job] = []

    @property
    def running(self) -> int:
        """How many pastes are still being copied."""
        return len(self._jobs)

    def describe(self) -> str:
        """What is being copied, for a question: ``big.pdf (33%)`` a line each."""
        return "\n".join(f"• {job.what} ({job.percent}%)" for job in self._jobs)

    def note_moved(self, old: str, new: str) -> None:
        """The file or folder ``old`` was renamed or moved to ``new``."""
        for job in self._jobs:
            job.home.moved(old, new)

    def note_deleted(self, paths: list[str]) -> None:
        """The files or folders ``paths`` were deleted: copies for notes there stop."""
        for job in self._jobs:
            job.home.note_deleted(paths)

    def cancel_all(self) -> None:
        """Stop every copy (quitting): nothing half-copied is left in the vault."""
        for job in self._jobs:
            job.cancel.set()

    def start(self, editor: QPlainTextEdit, target: AttachmentTarget, files: list[str]) -> None:
        """Copy ``files`` (those not in the vault yet) and embed them at ``editor``'s cursor."""
        place = _Place(editor.textCursor())
        found: list[str | None] = [target.vault_path(path) for path in files]
        todo = [i for i, rel in enumerate(found) if rel is None]
        if not todo:
            rels = [r for r in found if r]
            insert_embeds(editor, place.cursor(), target.embeds_text(rels))
            self.status_message.emit(f"Inserted {', '.join(rels)}", MESSAGE_MS)
            return
        names = [os.path.basename(files[i]) for i in todo]
        job = _Job(editor, target, names[0] if len(names) == 1 else f"{len(names)} files", place)
        emit_progress = self._progressed.emit
        sizes = [_size(files[i]) for i in todo]
        total = max(sum(sizes), 1)
        home, cancelled = job.home, job.cancel.is_set

        def run() -> tuple[list[str | None], list[int], list[str]]:
            rels = list(found)
            failed: list[str] = []
            before = 0
            shown = -1
            for i, name, size in zip(todo, names, sizes, strict=True):

                def progress(done: int, _all: int, base: int = before) -> None:
                    nonlocal shown
                    percent = min(99, (base + done) * 100 // total)
                    if percent != shown:
                        shown = percent
                        emit_progress(job, percent)

                try:
                    rels[i] = home.copy(files[i], progress, cancelled)
                except CopyCancelled:
                    raise
                except OSError as exc:
                    failed.append(f"{name} ({exc})")
                before += size
            return rels, [i for i in todo if rels[i]], failed

        self._jobs.append(job)
        self.status_message.emit(f"Copying {job.what} into the vault…", 0)
        pool = single_thread_pool("attachment copies")
        run_in_background(
            run,
            lambda result: self._done(job, *result),
            lambda exc: self._failed(job, exc),
            pool,
        )

    def _on_progressed(self, job: _Job, percent: int) -> None:
        if job in self._jobs:  # a late report of a copy already done says nothing
            job.percent = percent
            self.status_message.emit(f"Copying {job.what} into the vault… {percent}%", 0)

    def _failed(self, job: _Job, exc: Exception) -> None:
        self._jobs.remove(job)
        if isinstance(exc, NoteDeleted):
            self.status_message.emit(f"Not copied: the note was deleted ({job.what})", 0)
        elif isinstance(exc, CopyCancelled):
            self.status_message.emit(f"Not copied: {job.what} (stopped)", MESSAGE_MS)
        else:
            self.status_message.emit(f"Not copied into the vault: {job.what} ({exc})", 0)

    def _done(
        self, job: _Job, found: list[str | None], copied: list[int], failed: list[str]
    ) -> None:
        self._jobs.remove(job)
        rels = list(found)
        for i in copied:
            rel = rels[i]
            assert rel is not None
            try:
                rels[i] = job.home.settle(rel)
            except NoteDeleted:
                self.status_message.emit(f"Not copied: the note was deleted ({job.what})", 0)
                return
            except OSError as exc:
                failed.append(f"{posixpath.basename(rel)} stays at {rel} ({exc})")
        done = [r for r in rels if r]
        if done and job.note_open():
            insert_embeds(job.editor, job.place.cursor(), job.target.embeds_text(done))
            said = f"Inserted {', '.join(done)}"
        elif done:
            said = (
                f"Copied {job.what} to {', '.join(rels[i] or '' for i in copied)}; "
                "its note is closed, so no embed was added"
            )
        else:
            said = ""
        if failed:
            prefix = f"{said}. " if said else ""
            self.status_message.emit(f"{prefix}Not copied into the vault: {', '.join(failed)}", 0)
        elif said:
            self.status_message.emit(said, MESSAGE_MS if job.note_open() else 0)


class _Place:
    """Where files were pasted (and the text they replace), followed through later edits.

    Two collapsed cursors that stay put when text is typed right at them: text typed
    at the paste point goes after the embeds, as if it had been typed after them."""

    def __init__(self, cursor: QTextCursor) -> None:
        self._selected = cursor.selectedText()
        self._start = QTextCursor(cursor.document())
        self._start.setPosition(cursor.selectionStart())
        self._end = QTextCursor(cursor.document())
        self._end.setPosition(cursor.selectionEnd())
        for kept in (self._start, self._end):
            kept.setKeepPositionOnInsert(True)

    def cursor(self) -> QTextCursor:
        """A cursor there now, selecting the pasted-over text if it is still as it was
        (edited meanwhile it is kept, and the embeds go in front of it)."""
        start, end = self._start.position(), max(self._start.position(), self._end.position())
        cursor = QTextCursor(self._start.document())
        cursor.setPosition(start)
        if self._selected:
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            if cursor.selectedText() != self._selected:
                cursor.setPosition(start)
        return cursor


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the copy says why it cannot read it
