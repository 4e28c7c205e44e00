"""Image and PDF files pasted or dropped into the editor: copied into the vault off the
UI thread (a 300 MB PDF takes a while), their embeds inserted where they were pasted."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from notedesk.app.background import Cancel, run_in_background, single_thread_pool
from notedesk.core.attachments import CopyCancelled, Progress, embed_link
from notedesk.core.filekinds import file_kind

# Files pasted or dropped from a file manager that become attachments (others paste as text).
ATTACHED_KINDS = ("image", "pdf")
MESSAGE_MS = 10000

Copy = Callable[[Progress, Callable[[], bool]], str]


class AttachmentTarget(Protocol):
    """Where pasted images and dropped files go (``NoteTab``: the note's vault)."""

    def save_attachment(self, name: str, data: bytes) -> str:
        """Write a new file from ``name`` (a free name is chosen) and return its vault
        path; raises OSError with a message for the user."""
        ...

    def attachment_copy(self, local_file: str) -> Copy:
        """A function that copies ``local_file`` into the vault, to be called off the UI
        thread as ``copy(progress, cancelled)``; it returns the new file's vault path,
        raises OSError with a message for the user or CopyCancelled."""
        ...

    def vault_path(self, local_file: str) -> str | None:
        """The vault path of a file already in the vault, else None."""
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


def insert_embeds(editor: QPlainTextEdit, cursor: QTextCursor, rels: list[str]) -> None:
    """``![[...]]`` for each file at ``cursor`` (replacing its selection), one undo step;
    the editor's cursor goes after them if it is still where they go."""
    mine = editor.textCursor()
    span = (mine.selectionStart(), mine.selectionEnd())
    follow = span == (cursor.selectionStart(), cursor.selectionEnd())
    cursor.setKeepPositionOnInsert(False)
    cursor.beginEditBlock()
    cursor.insertText("\n".join(embed_link(rel) for rel in rels))
    cursor.endEditBlock()
    if follow:
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()


class AttachmentCopies(QObject):
    """Copies files into the vault one paste at a time, on a thread of their own.

    Where the files were pasted is kept in a text cursor that follows the user's
    edits meanwhile; the embeds go there once the copy is done, before anything
    typed at that place since. A copy that fails (or is stopped by quitting)
    leaves no file behind (``atomic_write``) and the status bar says why.

    Signals:
        status_message(text, timeout_ms): a copy's progress, result or failure.
    """

    status_message = Signal(str, int)
    _progressed = Signal(str, int)  # from the copying thread: what, percent

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self._progressed.connect(self._on_progressed)
        self.running = 0

    def start(self, target: AttachmentTarget, files: list[str]) -> None:
        """Copy ``files`` (those not in the vault yet) and embed them at the cursor."""
        place = _Place(self._editor.textCursor())
        found: list[str | None] = [target.vault_path(path) for path in files]
        copies = [(i, target.attachment_copy(p)) for i, p in enumerate(files) if found[i] is None]
        if not copies:
            self._finish(place, [r for r in found if r], [])
            return
        names = [os.path.basename(files[i]) for i, _copy in copies]
        what = names[0] if len(names) == 1 else f"{len(names)} files"
        cancel = Cancel()
        emit_progress = self._progressed.emit
        sizes = [_size(files[i]) for i, _copy in copies]
        total = max(sum(sizes), 1)

        def run() -> tuple[list[str | None], list[str]]:
            rels = list(found)
            failed: list[str] = []
            before = 0
            shown = -1
            for (i, copy), name, size in zip(copies, names, sizes, strict=True):

                def progress(done: int, _all: int, base: int = before) -> None:
                    nonlocal shown
                    percent = min(99, (base + done) * 100 // total)
                    if percent != shown:
                        shown = percent
                        emit_progress(what, percent)

                try:
                    rels[i] = copy(progress, cancel.is_set)
                except CopyCancelled:
                    raise
                except OSError as exc:
                    failed.append(f"{name} ({exc})")
                before += size
            return rels, failed

        def done(result: tuple[list[str | None], list[str]]) -> None:
            self.running -= 1
            rels, failed = result
            self._finish(place, [r for r in rels if r], failed)

        def failed(exc: Exception) -> None:
            self.running -= 1
            if not isinstance(exc, CopyCancelled):
                self.status_message.emit(f"Not copied into the vault: {what} ({exc})", 0)

        self.running += 1
        self.status_message.emit(f"Copying {what} into the vault…", 0)
        pool = single_thread_pool("attachment copies")
        run_in_background(run, done, failed, pool)  # type: ignore[arg-type]

    def _on_progressed(self, what: str, percent: int) -> None:
        self.status_message.emit(f"Copying {what} into the vault… {percent}%", 0)

    def _finish(self, place: _Place, rels: list[str], failed: list[str]) -> None:
        if rels:
            insert_embeds(self._editor, place.cursor(), rels)
        if failed:
            self.status_message.emit(f"Not copied into the vault: {', '.join(failed)}", 0)
        elif rels:
            self.status_message.emit(f"Inserted {', '.join(rels)}", MESSAGE_MS)


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
