"""Crash-recovery journal: unsaved buffers, kept in the per-user data dir.

Each dirty buffer is one small JSON file, written through the atomic save,
so a crash mid-write leaves the previous journal entry intact. A clean
shutdown removes this session's entries; whatever is left at the next start
was unsaved when the app died and is offered back with the disk version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from notedesk.core.atomic import atomic_write, decode_text
from notedesk.core.locations import data_dir as default_data_dir
from notedesk.core.ownwrites import sha256

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


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
        self._lock = threading.Lock()
        self._mine: dict[str, str] = {}  # key -> sha of the text last written, this session

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

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
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
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
        """Entries left by an earlier session (a crash), oldest first."""
        with self._lock:
            mine = set(self._mine)
        entries = []
        try:
            files = sorted(self.folder.glob("*.json"))
        except OSError:
            return []
        for file in files:
            if file.stem in mine:
                continue
            entry = _read_entry(file)
            if entry is not None:
                entries.append(entry)
        return sorted(entries, key=lambda e: e.saved_at)

    def close(self) -> None:
        """Clean shutdown: drop this session's entries (everything was saved or declined)."""
        with self._lock:
            keys, self._mine = list(self._mine), {}
        for key in keys:
            with contextlib.suppress(FileNotFoundError):
                self._path(key).unlink()


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
