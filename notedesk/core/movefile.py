"""Renaming a file or folder without ever overwriting what is at the destination."""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import uuid
from pathlib import Path

_RENAME_NOREPLACE = 1  # linux/fs.h
_RENAME_EXCL = 4  # macOS stdio.h, renamex_np


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - every POSIX libc loads
        return None


def _rename_excl(src: str, dst: str) -> bool:
    """An atomic no-overwrite rename where the OS has one; False if it has none."""
    libc = _libc() if sys.platform in ("linux", "darwin") else None
    if libc is None:
        return False
    if sys.platform == "linux":
        fn = getattr(libc, "renameat2", None)
        args: tuple[object, ...] = (-100, src.encode(), -100, dst.encode(), _RENAME_NOREPLACE)
    else:
        fn = getattr(libc, "renamex_np", None)
        args = (src.encode(), dst.encode(), _RENAME_EXCL)
    if fn is None:
        return False
    if fn(*args) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # the file system cannot do it: fall back to check-then-rename
    raise OSError(err, os.strerror(err), dst)


def move_noreplace(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``; raises ``FileExistsError`` rather than overwrite."""
    same_entry = os.path.lexists(dst) and os.path.samefile(src, dst)
    if same_entry:
        # A case-only rename on a case-insensitive file system: go through a free name.
        tmp = src.with_name(f".{src.name}.{uuid.uuid4().hex[:8]}.tmp")
        os.rename(src, tmp)
        try:
            move_noreplace(tmp, dst)
        except BaseException:
            os.rename(tmp, src)
            raise
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    if _rename_excl(str(src), str(dst)):
        return
    if os.path.lexists(dst):
        raise FileExistsError(errno.EEXIST, "File exists", str(dst))
    os.rename(src, dst)  # Windows refuses to overwrite by itself
