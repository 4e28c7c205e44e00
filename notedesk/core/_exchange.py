"""Renames that cannot silently destroy a file another program just wrote.

``os.replace`` over a path unlinks whatever is there at that instant. When a
save has checked the target first, another program can still replace the
target between the check and the rename, and its version is gone. Linux's
``renameat2`` closes that gap: ``RENAME_EXCHANGE`` swaps the two names
atomically, so the displaced file is still in hand, and ``RENAME_NOREPLACE``
refuses to overwrite a file that appeared meanwhile.

Both functions return False where the call is unavailable (other systems,
old C libraries, file systems without support); callers fall back to
``os.replace``.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Callable

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


def _load() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_renameat2 = _load()


def _call(src: str | os.PathLike[str], dst: str | os.PathLike[str], flags: int) -> bool:
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), os.fspath(dst))


def exchange(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> bool:
    """Swap two existing paths atomically; False if not supported here."""
    return _call(src, dst, _RENAME_EXCHANGE)


def rename_noreplace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> bool:
    """Rename unless ``dst`` exists (FileExistsError); False if not supported here."""
    return _call(src, dst, _RENAME_NOREPLACE)
