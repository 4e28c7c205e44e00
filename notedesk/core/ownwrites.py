"""Recognising our own saves when the watcher reports them.

Every write the app makes is recorded with the size and SHA-256 of the bytes
written. A later file event is ours only if the file *still holds exactly
those bytes*: recognition is by content, never by timing, so an external edit
that lands a millisecond after our save is still reported.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from notedesk.core.atomic import TextFormat, atomic_write, encode_text
from notedesk.core.vault import Vault

# Long enough for any watcher delay, short enough that stale entries never pile up.
DEFAULT_TTL = 60.0
_PLAIN = TextFormat()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class _Written:
    size: int
    digest: str
    at: float
    # While the save is still in flight the disk holds the old bytes; a
    # mismatch then means "not yet", not "someone else wrote".
    landed: bool = False


def _key(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.abspath(path))


class OwnWrites:
    """Thread-safe registry of what we last wrote to each path."""

    def __init__(self, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic):
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, _Written] = {}

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def record(self, path: str | os.PathLike[str], data: bytes, *, landed: bool = True) -> None:
        """Remember that we wrote (or are about to write) ``data`` to ``path``."""
        entry = _Written(len(data), sha256(data), self._clock(), landed)
        with self._lock:
            self._expire()
            self._entries[_key(path)] = entry

    def write(
        self,
        path: str | os.PathLike[str],
        data: bytes,
        *,
        expect: Callable[[bytes | None], bool] | None = None,
    ) -> bytes | None:
        """:func:`atomic_write`, recorded before it starts so no event can beat it.

        ``expect`` and the result are :func:`atomic_write`'s.
        """
        self.record(path, data, landed=False)
        try:
            displaced = atomic_write(path, data, expect=expect)
        except BaseException:
            self.forget(path)
            raise
        self.record(path, data)
        return displaced

    def save(self, vault: Vault, rel: str, text: str, fmt: TextFormat = _PLAIN) -> bytes:
        """:meth:`Vault.save`, recorded; returns the bytes written."""
        path = vault.abspath(rel)
        data = encode_text(text, fmt)
        self.record(path, data, landed=False)
        try:
            written = vault.save(rel, text, fmt)
        except BaseException:
            self.forget(path)
            raise
        self.record(path, written)
        return written

    def forget(self, path: str | os.PathLike[str]) -> None:
        with self._lock:
            self._entries.pop(_key(path), None)

    def is_own(self, path: str | os.PathLike[str]) -> bool:
        """True if ``path`` currently holds exactly the bytes we last wrote there.

        A mismatch drops the entry: the file has moved on, so a later return
        to our bytes (a revert, a sync) is someone else's change and must be
        reported.
        """
        key = _key(path)
        with self._lock:
            self._expire()
            entry = self._entries.get(key)
        if entry is None:
            return False
        try:
            if os.stat(key).st_size != entry.size:
                matches = False
            else:
                matches = sha256(Path(key).read_bytes()) == entry.digest
        except OSError:
            matches = False
        if not matches and entry.landed:
            with self._lock:
                if self._entries.get(key) is entry:
                    del self._entries[key]
        return matches

    def _expire(self) -> None:
        cutoff = self._clock() - self._ttl
        stale = [k for k, e in self._entries.items() if e.at < cutoff]
        for k in stale:
            del self._entries[k]


def save_and_record(vault: Vault, rel: str, text: str, fmt: TextFormat, own: OwnWrites) -> bytes:
    """Save through the one atomic save and record it in ``own``; returns the bytes written."""
    return own.save(vault, rel, text, fmt)
