"""Crash-recovery journal: unsaved buffers, kept in the per-user data dir.

Each dirty buffer is one small JSON file, written through the atomic save,
so a crash mid-write leaves the previous journal entry intact. A clean
shutdown removes this session's entries; whatever is left at the next start
was unsaved when the app died and is offered back with the disk version.

Several notedesk processes may run at once. Each keeps its entries in a
folder of its own, held by an advisory lock on ``<session>.lock`` for as long
as the process lives; the operating system drops the lock when the process
ends, however it ends. So a folder whose lock can be taken belongs to a
process that died, and the process that takes the lock (only one can) offers
those entries; another running instance's unsaved text is never mistaken for
crash leftovers. Entries written before sessions had folders (``*.json``
directly in the journal folder) are claimed the same way through
``legacy.lock``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from notedesk.core.atomic import atomic_write, decode_text
from notedesk.core.locations import data_dir as default_data_dir
from notedesk.core.ownwrites import sha256

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
LEGACY = "legacy"


def _try_lock(handle: BinaryIO) -> bool:
    """Take an exclusive advisory lock on ``handle`` without waiting."""
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _open_lock(path: Path) -> BinaryIO | None:
    try:
        return open(path, "a+b")
    except OSError as exc:
        log.warning("Cannot open journal lock %s: %s", path, exc)
        return None


@dataclass(frozen=True)
class JournalEntry:
    """An unsaved buffer found at start, with what the disk holds now."""

    vault_root: str
    rel: str
    text: str
    base_sha: str | None  # disk content the buffer was based on (None: a new file)
    saved_at: datetime
    disk_text: str | None  # None: the file is gone or unreadable
    disk_sha: str | None
    file: Path

    @property
    def disk_changed(self) -> bool:
        """The file changed on disk after the buffer was loaded (restore = conflict)."""
        return self.disk_sha != self.base_sha

    @property
    def differs_from_disk(self) -> bool:
        return self.text != self.disk_text


def _key(vault_root: str | os.PathLike[str], rel: str) -> str:
    root = os.path.normcase(os.path.realpath(vault_root))
    return hashlib.sha256(f"{root}\0{rel}".encode()).hexdigest()[:32]


class Journal:
    """``record`` dirty buffers every few seconds; ``discard`` on save or close."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        base = Path(data_dir) if data_dir is not None else default_data_dir()
        self.folder = base / "journal"
        self.session = f"s{os.getpid()}-{secrets.token_hex(4)}"
        self._lock = threading.Lock()
        self._mine: dict[str, str] = {}  # key -> sha of the text last written, this session
        self._held: dict[str, BinaryIO] = {}  # session name -> its lock file, held open

    def _path(self, key: str) -> Path:
        return self.folder / self.session / f"{key}.json"

    def _lock_path(self, session: str) -> Path:
        return self.folder / f"{session}.lock"

    def _own_folder(self) -> None:
        """Lock, then create, this session's folder (the lock first: see the module doc)."""
        with self._lock:
            if self.session in self._held:
                return
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle = open(self._lock_path(self.session), "a+b")  # noqa: SIM115
            if not _try_lock(handle):  # pragma: no cover - a random name is never taken
                handle.close()
                raise OSError(f"journal session {self.session} is locked by another process")
            (self.folder / self.session).mkdir(exist_ok=True, mode=0o700)
            self._held[self.session] = handle

    def _claim(self, session: str) -> bool:
        """Hold ``session``'s lock if its process is gone; False while it still runs."""
        with self._lock:
            if session in self._held:
                return True
        handle = _open_lock(self._lock_path(session))
        if handle is None:
            return True  # cannot lock here (read-only data dir): better offered twice than lost
        if not _try_lock(handle):
            handle.close()
            return False
        with self._lock:
            self._held[session] = handle
        return True

    def record(
        self, vault_root: str | os.PathLike[str], rel: str, text: str, base_sha: str | None
    ) -> bool:
        """Journal one buffer; returns False when it was already journaled as is."""
        key = _key(vault_root, rel)
        digest = sha256(f"{base_sha}\0{rel}\0{text}".encode())
        with self._lock:
            if self._mine.get(key) == digest:
                return False
        payload = {
            "version": FORMAT_VERSION,
            "vault": os.path.abspath(vault_root),
            "rel": rel,
            "base_sha": base_sha,
            "saved_at": datetime.now(UTC).isoformat(),
            "text": text,
        }
        self._own_folder()
        atomic_write(self._path(key), json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        with self._lock:
            self._mine[key] = digest
        return True

    def discard(self, vault_root: str | os.PathLike[str], rel: str) -> None:
        """Forget a buffer (saved, closed without saving, or restored)."""
        key = _key(vault_root, rel)
        with self._lock:
            self._mine.pop(key, None)
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def discard_entry(self, entry: JournalEntry) -> None:
        with contextlib.suppress(FileNotFoundError):
            entry.file.unlink()

    def pending(self) -> list[JournalEntry]:
        """Entries left by sessions that died (a crash), oldest first.

        The folders of those sessions stay claimed by this journal until
        ``close``, so a second notedesk starting meanwhile does not offer them too.
        """
        try:
            children = sorted(self.folder.iterdir())
        except OSError:
            return []
        files: list[Path] = []
        legacy = [c for c in children if c.suffix == ".json" and c.is_file()]
        if legacy and self._claim(LEGACY):
            files += legacy
        for child in children:
            if child.name == self.session or not child.is_dir() or child.is_symlink():
                continue
            if self._claim(child.name):
                with contextlib.suppress(OSError):
                    files += sorted(child.glob("*.json"))
        entries = [e for e in map(_read_entry, files) if e is not None]
        return sorted(entries, key=lambda e: e.saved_at)

    def close(self) -> None:
        """Clean shutdown: drop this session's entries (everything was saved or declined).

        Claimed folders of dead sessions that are now empty go too; what is
        left in them (entries set aside for later) is offered at the next start.
        """
        with self._lock:
            keys, self._mine = list(self._mine), {}
            held, self._held = self._held, {}
        for key in keys:
            with contextlib.suppress(FileNotFoundError):
                self._path(key).unlink()
        for session, handle in held.items():
            folder = self.folder if session == LEGACY else self.folder / session
            try:
                emptied = session != LEGACY and not any(folder.iterdir())
            except OSError:
                emptied = session != LEGACY
            if emptied:
                with contextlib.suppress(OSError):
                    folder.rmdir()
            if emptied or session == LEGACY:
                # Unlinked while still held, so no one can claim a folder being removed.
                with contextlib.suppress(OSError):
                    self._lock_path(session).unlink()
            handle.close()


def _read_entry(file: Path) -> JournalEntry | None:
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
        vault_root, rel, text = payload["vault"], payload["rel"], payload["text"]
        base_sha = payload.get("base_sha")
        saved_at = datetime.fromisoformat(payload["saved_at"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # Left in place: a newer notedesk may understand it; never delete user text.
        log.warning("Unreadable journal entry %s: %s", file, exc)
        return None
    disk_text: str | None = None
    disk_sha: str | None = None
    try:
        data = (Path(vault_root) / Path(*rel.split("/"))).read_bytes()
    except OSError:
        pass
    else:
        disk_text, disk_sha = decode_text(data)[0], sha256(data)
    return JournalEntry(vault_root, rel, text, base_sha, saved_at, disk_text, disk_sha, file)
