"""One open note buffer and the rules that keep both its text and the disk's safe.

* A clean buffer follows the disk (reload); a dirty one never silently loses
  to it. When the disk's change and the buffer's touch different lines of the
  text they last agreed on, the change is *merged* into the buffer (which
  stays dirty: the next save writes the merge). Otherwise the different disk
  version becomes a *conflict*, and autosave pauses until the user picks
  Keep mine (theirs is kept as a conflict copy) or Reload theirs.
* A note another program renames away is followed (the tab shows the new
  name), unless a file is at the note's path again by the time the rename is
  handled, or the new name is a backup's or a conflict copy's (``Note.md~``,
  ``.bak``, a sync tool's conflict copy): that is how editors, ``cp -b`` and
  sync tools set the old version aside before writing the new one. The note
  then stays where it is, counts as deleted until a file is there again, and
  that file is compared with the buffer like any change on disk.
* A save re-checks the disk right before replacing the file, so an external
  edit the watcher has not reported yet is merged or turns into a conflict,
  never a loss.
* Bytes are written back in the file's own format (LF/CRLF, BOM); the text is
  never altered (no final newline added or removed). A file that was not
  valid UTF-8 is not written back unless the caller says so.
"""

from __future__ import annotations

import contextlib
import os
from enum import StrEnum
from pathlib import Path

from notedesk.core.atomic import ChangedOnDiskError, SaveError, TextFormat, encode_text
from notedesk.core.conflicts import (
    ConflictCopy,
    DiffRow,
    is_set_aside_name,
    side_by_side,
    write_conflict_copy,
)
from notedesk.core.diskversion import DiskVersion, read_disk, same_file
from notedesk.core.events import FileEvent
from notedesk.core.journal import Journal
from notedesk.core.merge3 import merge3
from notedesk.core.ownwrites import OwnWrites, sha256
from notedesk.core.vault import BinaryFileError, Vault, VaultError, binary_message

# Keep mine retries this often if the other side keeps writing while we save.
_KEEP_MINE_ATTEMPTS = 5


class Outcome(StrEnum):
    """What an external change or a save did to the buffer."""

    UNCHANGED = "unchanged"  # nothing new on disk (our own save, a touch)
    RELOADED = "reloaded"  # clean buffer took the disk version: refresh the editor
    CONVERGED = "converged"  # the disk now holds exactly the buffer's text: clean again
    MERGED = "merged"  # dirty buffer, disk changed other lines: the buffer holds both now
    RESTORED = "restored"  # deleted, now back with the text the dirty buffer started from
    CONFLICT = "conflict"  # dirty buffer, different disk version: show the conflict bar
    DELETED = "deleted"  # gone from disk: buffer kept, tab marked, save recreates
    MOVED = "moved"  # renamed on disk: ``rel`` follows
    SAVED = "saved"


class ConflictPendingError(SaveError):
    """Saving would overwrite a disk version the user has not seen; resolve the conflict."""


class LossySaveError(SaveError):
    """The file was not valid UTF-8; saving would replace the undecodable bytes."""


class Document:
    """A note buffer bound to a vault path. Not thread-safe: use it from one thread."""

    def __init__(
        self,
        vault: Vault,
        rel: str,
        disk: DiskVersion | None,
        *,
        own_writes: OwnWrites | None = None,
        journal: Journal | None = None,
    ) -> None:
        self.vault = vault
        self.rel = rel
        self.own_writes = own_writes if own_writes is not None else OwnWrites()
        self.journal = journal
        self.conflict: DiskVersion | None = None
        # Set when a save displaced a version another program wrote at that very
        # instant; it was kept as this conflict copy (show a notice).
        self.last_copy: ConflictCopy | None = None
        self.deleted = disk is None
        # Where another program moved the file out of the way (a backup or conflict
        # copy name), while nothing is at ``rel`` yet; None otherwise.
        self.set_aside_to: str | None = None
        self.disk_sha: str | None = None if disk is None else disk.sha
        self.fmt = TextFormat() if disk is None else disk.fmt
        self.lossless = True if disk is None else disk.lossless
        self._base = "" if disk is None else disk.text
        self._text = self._base

    @classmethod
    def open(
        cls,
        vault: Vault,
        rel: str,
        *,
        own_writes: OwnWrites | None = None,
        journal: Journal | None = None,
    ) -> Document:
        """Load ``rel`` from the vault; raises VaultError if it cannot be read, and
        BinaryFileError if it is binary (the index has no text for it either)."""
        disk = read_disk(vault.abspath(rel))
        if disk is None:
            raise VaultError(f"{rel} does not exist")
        if disk.binary:
            raise BinaryFileError(binary_message(rel))
        return cls(vault, rel, disk, own_writes=own_writes, journal=journal)

    # -- state ---------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.vault.abspath(self.rel)

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    @property
    def saved_text(self) -> str:
        """The text as last loaded from or saved to disk."""
        return self._base

    @property
    def dirty(self) -> bool:
        """The buffer holds text that is not on disk (a deleted file is always dirty)."""
        return self.deleted or self._text != self._base

    @property
    def read_only(self) -> bool:
        """Invalid UTF-8 was replaced on load: saving needs ``allow_lossy``."""
        return not self.lossless

    @property
    def autosave_paused(self) -> bool:
        return self.conflict is not None or self.deleted or self.read_only

    @property
    def wants_autosave(self) -> bool:
        return self.dirty and not self.autosave_paused

    # -- saving --------------------------------------------------------------

    def save(self, *, allow_lossy: bool = False) -> Outcome:
        """Write the buffer (also recreates a file deleted on disk).

        Returns SAVED, UNCHANGED (nothing to write), or CONFLICT/CONVERGED/MERGED
        when the disk changed behind our back. After MERGED the merge has been
        written too, unless the disk changed yet again (then the buffer stays
        dirty). Raises SaveError (buffer stays dirty).
        """
        if self.conflict is not None:
            raise ConflictPendingError(
                0, f"{self.rel} changed on disk: reload theirs or keep mine first"
            )
        self._check_lossy(allow_lossy)
        if not self.dirty and self.lossless:  # not valid UTF-8: written when asked to
            return Outcome.UNCHANGED
        try:
            self._write(self.disk_sha)
        except ChangedOnDiskError:
            outcome = self.external_change()
            if outcome == Outcome.MERGED:
                # Same check again: a version written since then is merged or
                # conflicts when its change is noticed, never overwritten. If
                # this write fails the merge stays dirty, and the next save
                # (autosave retries) reports why.
                with contextlib.suppress(ChangedOnDiskError, OSError):
                    self._write(self.disk_sha)
            return outcome
        return Outcome.SAVED

    def _check_lossy(self, allow_lossy: bool) -> None:
        if self.read_only and not allow_lossy:
            raise LossySaveError(
                0,
                f"{self.rel} is not valid UTF-8; saving would replace the unreadable bytes. "
                "Save a copy elsewhere, or confirm to overwrite.",
            )

    def _write(self, expected_sha: str | None) -> None:
        """Atomic save + own-write record, if the disk still holds ``expected_sha``.

        Raises ChangedOnDiskError (nothing written) if it does not.
        """
        if self.rel.split("/", 1)[0] == ".obsidian":
            raise SaveError(0, "notedesk never writes into .obsidian/")
        path = self.path
        data = encode_text(self._text, self.fmt)
        ours = sha256(data)

        def expect(current: bytes | None) -> bool:
            return (None if current is None else sha256(current)) in (expected_sha, ours)

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SaveError(exc.errno, f"Cannot save {self.rel}: {exc.strerror}") from exc
        displaced = self.own_writes.write(path, data, expect=expect)
        self._base, self.disk_sha, self.deleted = self._text, ours, False
        self.lossless = True  # the file holds exactly the text now
        self.set_aside_to = None
        self.last_copy = None
        if self.journal is not None:
            self.journal.discard(self.vault.root, self.rel)
        if displaced is not None:
            # Another program saved in the very instant of ours: keep both.
            try:
                self.last_copy = write_conflict_copy(path, displaced, vault_root=self.vault.root)
            except SaveError:
                self.conflict = DiskVersion.from_bytes(displaced)
                raise

    # -- changes on disk -----------------------------------------------------

    def external_change(self, new_disk_text: str | None = None) -> Outcome:
        """Apply the rules to what is on disk now (or to ``new_disk_text`` if given)."""
        if new_disk_text is not None:
            disk: DiskVersion | None = DiskVersion.from_bytes(encode_text(new_disk_text, self.fmt))
        else:
            disk = read_disk(self.path)
        set_aside = self.set_aside_to
        if disk is None:
            outcome = self.external_delete()
            self.set_aside_to = set_aside  # still waiting for the new version
            return outcome
        was_deleted, self.deleted, self.set_aside_to = self.deleted, False, None
        if self.conflict is None and disk.sha == self.disk_sha:
            return Outcome.UNCHANGED
        if disk.text == self._text:
            self._adopt(disk)
            return Outcome.CONVERGED
        if self.conflict is None and self._text == self._base:
            self._text = disk.text
            self._adopt(disk)
            return Outcome.RELOADED
        if was_deleted and self.conflict is None and disk.text == self._base:
            # Back as it was (a restore, a backup copied into place): nothing of
            # theirs to keep, the edits stay and autosave writes them.
            self._adopt(disk)
            return Outcome.RESTORED
        # After a real delete the file that appears is a new one; after the old
        # version was set aside, the new one is the next version of the note.
        merge = self.conflict is None and (set_aside is not None or not was_deleted)
        merged = self._merge(disk) if merge else None
        if merged is not None:
            self._text = merged
            self._adopt(disk)
            return Outcome.MERGED
        self.conflict = disk
        return Outcome.CONFLICT

    def _merge(self, theirs: DiskVersion) -> str | None:
        """The buffer with the disk's change merged in, or None where that is not safe.

        Only between versions read without loss and stored alike (line ends, BOM,
        encoding): a change of the whole file's format is the user's to decide.
        The base is the text the buffer last agreed with the disk on; a disk
        version with that very text (only the bytes differ) is no change to merge.
        """
        if not (self.lossless and theirs.lossless) or theirs.fmt != self.fmt:
            return None
        if theirs.text == self._base:
            return None
        merged = merge3(self._base, self._text, theirs.text)
        if merged is None:
            return None
        try:
            encode_text(merged, theirs.fmt)
        except UnicodeError:
            return None
        return merged

    def _adopt(self, disk: DiskVersion) -> None:
        self._base, self.fmt, self.lossless = disk.text, disk.fmt, disk.lossless
        self.disk_sha, self.conflict = disk.sha, None

    def external_delete(self) -> Outcome:
        # Nothing of theirs is left to preserve; ours stays in the buffer.
        self.deleted, self.disk_sha, self.conflict = True, None, None
        self.set_aside_to = None
        return Outcome.DELETED

    def external_move(self, new_rel: str) -> Outcome:
        if self.journal is not None and self.dirty:
            self.journal.discard(self.vault.root, self.rel)
        self.rel = new_rel
        self.journal_record()
        return Outcome.MOVED

    def on_file_event(self, ev: FileEvent, *, own: bool = False) -> Outcome | None:
        """Route a watcher event to the rule it triggers; None if it is not about us.

        ``own``: the event is notedesk's own file operation (a rename the user
        made), which the buffer always follows.
        """
        if ev.kind == "moved" and ev.dest is not None:
            if ev.path == self.rel:
                if own:
                    return self.external_move(ev.dest)
                return self._moved_away(ev.dest)
            if ev.is_dir and self.rel.startswith(ev.path + "/"):
                return self.external_move(ev.dest + self.rel[len(ev.path) :])
            if ev.dest == self.rel:  # something else was moved over our file
                return self.external_change()
            return None
        if ev.path == self.rel or (ev.is_dir and self.rel.startswith(ev.path + "/")):
            return self.external_change()
        return None

    def _moved_away(self, dest: str) -> Outcome:
        """Another program renamed the file to ``dest``: follow it, unless the old
        version was only set aside for a new one (see the module's rules)."""
        try:
            replaced = os.path.lexists(self.path) and not same_file(
                self.path, self.vault.abspath(dest)
            )
        except VaultError:
            replaced = False
        if not replaced and not is_set_aside_name(dest):
            return self.external_move(dest)
        outcome = self.external_change()
        if outcome == Outcome.DELETED:
            self.set_aside_to = dest
        return outcome

    # -- resolving a conflict ------------------------------------------------

    def keep_mine(self, *, allow_lossy: bool = False) -> ConflictCopy | None:
        """Save ours; the disk version is first kept as a conflict copy (returned).

        Raises SaveError if either write fails; then nothing has changed.
        """
        self._check_lossy(allow_lossy)
        ours = sha256(encode_text(self._text, self.fmt))
        copy: ConflictCopy | None = None
        for _attempt in range(_KEEP_MINE_ATTEMPTS):
            theirs = read_disk(self.path)
            if (
                theirs is not None
                and theirs.sha not in (ours, self.disk_sha)
                and (copy is None or theirs.sha != sha256(copy.path.read_bytes()))
            ):
                copy = write_conflict_copy(self.path, theirs.data, vault_root=self.vault.root)
            try:
                self._write(None if theirs is None else theirs.sha)
            except ChangedOnDiskError:
                continue
            self.conflict = None
            return self.last_copy or copy
        raise SaveError(0, f"{self.rel} keeps changing on disk; try again")

    def reload_theirs(self) -> str:
        """Take the disk version; returns the discarded buffer text (for undo)."""
        mine = self._text
        disk = read_disk(self.path)
        if disk is None:
            self.external_delete()
            return mine
        self._text = disk.text
        self._adopt(disk)
        self.deleted = False
        if self.journal is not None:
            self.journal.discard(self.vault.root, self.rel)
        return mine

    def compare(self) -> list[DiffRow]:
        """Side-by-side rows, mine on the left, the disk version on the right."""
        theirs = self.conflict.text if self.conflict is not None else self._base
        return side_by_side(self._text, theirs)

    # -- crash journal -------------------------------------------------------

    def journal_record(self) -> bool:
        """Journal the buffer if it is dirty; returns True if something was written."""
        if self.journal is None or not self.dirty:
            return False
        return self.journal.record(self.vault.root, self.rel, self._text, self.disk_sha)

    def close(self) -> None:
        """The tab closed (after a save or an explicit discard)."""
        if self.journal is not None:
            self.journal.discard(self.vault.root, self.rel)
