"""A file's version on disk as an open note sees it: its bytes, their text and format."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from notedesk.core.atomic import TextFormat, decode_text
from notedesk.core.filekinds import looks_binary
from notedesk.core.ownwrites import sha256
from notedesk.core.vault import VaultError

__all__ = ["DiskVersion", "read_disk", "same_file"]


@dataclass(frozen=True)
class DiskVersion:
    """A file's bytes as read, and the editor text they decode to."""

    data: bytes
    text: str
    fmt: TextFormat
    lossless: bool
    sha: str
    binary: bool = False  # not text (filekinds.looks_binary), as the index has it

    @classmethod
    def from_bytes(cls, data: bytes) -> DiskVersion:
        text, fmt, lossless = decode_text(data)
        return cls(data, text, fmt, lossless, sha256(data), looks_binary(data))


def read_disk(path: str | os.PathLike[str]) -> DiskVersion | None:
    """The file's current version, or None if it does not exist."""
    try:
        data = Path(path).read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as exc:
        raise VaultError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    return DiskVersion.from_bytes(data)


def same_file(a: Path, b: Path) -> bool:
    """True if both paths name one file (a rename only changing letter case, on a
    file system that ignores it)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
