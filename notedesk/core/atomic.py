"""The one place where notedesk writes a file.

Every save goes through :func:`atomic_write`: the data goes to a temporary
file in the target's folder, is flushed to disk, and replaces the target in
one ``os.replace``, so a crash leaves either the old or the new content.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from notedesk.core import _exchange

BOM = "\ufeff"


class SaveError(OSError):
    """A save failed; the target file is unchanged. ``str()`` is the message for the
    user, without OSError's "[Errno 13]" prefix."""

    def __str__(self) -> str:
        return str(self.strerror) if self.strerror else super().__str__()


@dataclass(frozen=True)
class TextFormat:
    """How a text file was stored on disk, so a save writes it back the same way."""

    newline: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"  # or "utf-16-le"/"utf-16-be", from a UTF-16 byte order mark

    @classmethod
    def detect(cls, raw: str) -> TextFormat:
        """The newline of the first line break (CRLF, LF, or CR alone as old Mac files
        have it), and whether the text starts with a byte order mark."""
        bom = raw.startswith(BOM)
        first = raw.find("\n")
        if first < 0:
            newline = "\r" if "\r" in raw else "\n"
        else:
            newline = "\r\n" if first > 0 and raw[first - 1] == "\r" else "\n"
        return cls(newline=newline, bom=bom)


def decode_text(data: bytes) -> tuple[str, TextFormat, bool]:
    """Decode file bytes to editor text with LF newlines.

    Returns ``(text, format, lossless)``; ``lossless`` is False when invalid
    UTF-8 was replaced, so callers can refuse to write such a file back.
    """
    encoding = utf16_encoding(data)
    if encoding is not None:  # Windows' "Unicode" text files; the BOM is written back
        data = data[2:]
    try:
        raw = data.decode(encoding or "utf-8")
        lossless = True
    except UnicodeDecodeError:
        raw = data.decode(encoding or "utf-8", errors="replace")
        lossless = False
    fmt = TextFormat.detect(raw)
    if encoding is not None:
        fmt = TextFormat(fmt.newline, bom=True, encoding=encoding)
    elif fmt.bom:
        raw = raw[1:]
    if fmt.newline == "\r\n":
        text = raw.replace("\r\n", "\n")
    elif fmt.newline == "\r":
        text = raw.replace("\r", "\n")
    else:
        text = raw
    return text, fmt, lossless


def encode_text(text: str, fmt: TextFormat = TextFormat()) -> bytes:
    """Encode editor text (LF newlines) back to bytes in the file's own format."""
    if fmt.newline != "\n":
        text = text.replace("\r\n", "\n").replace("\n", fmt.newline)
    if fmt.bom:
        text = BOM + text
    return text.encode(fmt.encoding, "surrogatepass" if fmt.encoding != "utf-8" else "strict")


def utf16_encoding(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` for bytes starting with that byte order mark, else None."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    return None


# A hook for tests that simulate a crash at a given step of the save.
_step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if _step_hook is not None:
        _step_hook(name)


class ChangedOnDiskError(Exception):
    """``expect`` refused what is on disk now; nothing was written."""


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | Callable[[BinaryIO], object],
    *,
    expect: Callable[[bytes | None], bool] | None = None,
) -> bytes | None:
    """Write ``data`` to ``path`` atomically, keeping the file's permission bits.

    ``data`` may be a function that writes the content into the file object it is
    given (a large copy, streamed); whatever it raises leaves no file behind.

    Raises :class:`SaveError` with a readable message; the target is untouched
    on any failure and no temporary file is left behind.

    ``expect(current)`` (current bytes, None if absent) is asked just before
    the rename, after the slow fsync; False raises :class:`ChangedOnDiskError`.
    Where the system can swap files atomically, a version another program
    wrote in the instant after that check is not destroyed but returned:
    the caller must keep it. Otherwise the result is None.
    """
    target = Path(path)
    if target.is_symlink():  # write the file the link points to; the link stays a link
        target = Path(os.path.realpath(target))
    folder = target.parent
    try:
        st = os.stat(target)
        mode: int | None = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise SaveError(exc.errno, f"Cannot save {target}: {exc.strerror}") from exc
    if mode is not None and not stat.S_ISREG(st.st_mode):  # a device, a pipe, a folder
        raise SaveError(21, f"Cannot save {target}: it is not a regular file")
    if mode is not None and not os.access(target, os.W_OK):
        raise SaveError(13, f"Cannot save {target}: the file is read-only")
    try:
        # A cut name: ".<255-byte name>.<random>.tmp" would exceed the file system's limit.
        prefix = f".{os.fsdecode(os.fsencode(target.name)[:120])}."
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveError(exc.errno, f"Cannot save {target}: {exc.strerror}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            _step("open")
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            _step("write")
            handle.flush()
            os.fsync(handle.fileno())
            _step("fsync")
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        else:
            os.chmod(tmp, mode)
        _step("chmod")
        if expect is None:
            os.replace(tmp, target)
            displaced = None
        else:
            displaced = _checked_replace(tmp, target, expect)
        _step("replace")
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, SaveError):
            raise SaveError(exc.errno, f"Cannot save {target}: {exc.strerror or exc}") from exc
        raise
    _fsync_dir(folder)
    return displaced


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _checked_replace(
    tmp: Path, target: Path, expect: Callable[[bytes | None], bool]
) -> bytes | None:
    # On return, ``tmp`` no longer exists (or holds nothing worth keeping).
    current = _read_or_none(target)
    if not expect(current):
        raise ChangedOnDiskError(str(target))
    try:
        if current is None:
            if not _exchange.rename_noreplace(tmp, target):
                os.replace(tmp, target)
            return None
        if not _exchange.exchange(tmp, target):
            os.replace(tmp, target)
            return None
    except (FileExistsError, FileNotFoundError) as exc:
        raise ChangedOnDiskError(str(target)) from exc
    # ``tmp`` now holds what sat at ``target`` an instant ago.
    displaced = tmp.read_bytes()
    tmp.unlink()
    return None if expect(displaced) else displaced


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform or file system allows it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_text(path: str | os.PathLike[str], text: str, fmt: TextFormat = TextFormat()) -> bytes:
    """Save editor text atomically in the given format; returns the bytes written."""
    data = encode_text(text, fmt)
    atomic_write(path, data)
    return data
