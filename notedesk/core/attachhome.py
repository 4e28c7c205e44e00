"""Where a file being copied into the vault for a note belongs, followed while it copies.

A large file takes a while to copy; meanwhile its note may be renamed, moved or
deleted. ``AttachmentHome`` is told (``note_rel``, ``deleted``), the copy stops once
the note is deleted, and ``settle`` puts the copied file where the note's
attachments go now (next to the note, for ``attachmentFolderPath`` ``./``).
"""

from __future__ import annotations

import contextlib
import os
import posixpath
from collections.abc import Callable

from notedesk.core.attachments import (
    CopyCancelled,
    Progress,
    attachment_folder,
    copy_attachment,
    free_name,
    read_setting,
)
from notedesk.core.vault import Vault, VaultError


class NoteDeleted(CopyCancelled):
    """The note a file was being copied for was deleted: the copy stopped, nothing is left."""


class AttachmentHome:
    """The note a copy is for: ``note_rel`` follows renames and moves (``moved``);
    ``deleted`` is set once the note is deleted (``note_deleted``), which stops the copy.
    Read from the copying thread, written on the UI thread (plain attributes)."""

    def __init__(self, vault: Vault, note_rel: str) -> None:
        self.vault = vault
        self.note_rel = note_rel
        self.deleted = False
        self._made: set[str] = set()

    def moved(self, old: str, new: str) -> None:
        """The file or folder ``old`` is now ``new``: the note follows if it was there."""
        if self.note_rel == old:
            self.note_rel = new
        elif self.note_rel.startswith(old + "/"):
            self.note_rel = new + self.note_rel[len(old) :]

    def note_deleted(self, paths: list[str]) -> None:
        """``paths`` (files or folders) were deleted: so was the note if it was among them."""
        if any(self.note_rel == p or self.note_rel.startswith(p + "/") for p in paths):
            self.deleted = True

    def copy(self, source: str, progress: Progress, cancelled: Callable[[], bool]) -> str:
        """``copy_attachment`` into the note's attachment folder; stops with NoteDeleted
        once the note is deleted (whatever else went wrong then)."""

        def stop() -> bool:
            return self.deleted or cancelled()

        folder = attachment_folder(read_setting(self.vault.root), self.note_rel)
        if folder and not (self.vault.root / folder).exists():
            self._made.add(folder)  # made for this file: not left empty if it moves on
        try:
            return copy_attachment(self.vault, self.note_rel, source, progress, stop)
        except (CopyCancelled, OSError):
            if self.deleted:  # it may have failed first: its folder went with the note
                raise NoteDeleted(os.path.basename(source)) from None
            raise

    def settle(self, rel: str) -> str:
        """The copied file ``rel``, now complete, where the note's attachments go now:
        moved there (under a free name) when the note moved meanwhile. Removed when the
        note was deleted meanwhile (NoteDeleted). OSError: the move failed (the file
        stays at ``rel``), with a message for the user."""
        root = self.vault.root
        if self.deleted or not (root / self.note_rel).is_file():
            self.deleted = True
            with contextlib.suppress(OSError, VaultError):  # gone with the note's folder
                os.unlink(self.vault.abspath(rel))
            raise NoteDeleted(posixpath.basename(rel))
        folder_rel = attachment_folder(read_setting(root), self.note_rel)
        if posixpath.dirname(rel) == folder_rel:
            return rel
        try:
            folder = self.vault.abspath(folder_rel) if folder_rel else root
        except VaultError as exc:
            raise OSError(0, str(exc)) from exc
        folder.mkdir(parents=True, exist_ok=True)
        name = free_name(folder, posixpath.basename(rel))
        os.rename(self.vault.abspath(rel), folder / name)
        left = posixpath.dirname(rel)
        if left in self._made:
            with contextlib.suppress(OSError):
                os.rmdir(root / left)  # only if still empty
        return f"{folder_rel}/{name}" if folder_rel else name
