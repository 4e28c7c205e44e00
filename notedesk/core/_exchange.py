"""Renames that cannot silently destroy a file another program just wrote.

``os.replace`` over a path unlinks whatever is there at that instant. When a
save has checked the target first, another program can still replace the
target between the check and the rename, and its version is gone. Linux's
``renameat2`` closes that gap: ``RENAME_EXCHANGE`` swaps the two names
atomically, so the displaced file is still in hand, and ``RENAME_NOREPLACE``
refuses to overwrite a file that appeared meanwhile. macOS has the same two
operations in ``renamex_np`` (``RENAME_SWAP`` and ``RENAME_EXCL``, APFS and
HFS+).

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
from typing import Any

_AT_FDCWD = -100
NOREPLACE = "noreplace"
EXCHANGE = "exchange"
# The flag values of each system's call for the two operations.
_LINUX_FLAGS = {NOREPLACE: 1, EXCHANGE: 2}  # RENAME_NOREPLACE, RENAME_EXCHANGE
_DARWIN_FLAGS = {NOREPLACE: 4, EXCHANGE: 2}  # RENAME_EXCL, RENAME_SWAP
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}

Rename = Callable[[bytes, bytes, str], int]


def bind(libc: Any, platform: str) -> Rename | None:
    """The system's atomic rename with flags from ``libc``, as ``(src, dst, operation)``."""
    if platform.startswith("linux"):
        renameat2: Any = getattr(libc, "renameat2", None)
        if renameat2 is None:
            return None
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p] * 2 + [ctypes.c_uint]
        renameat2.restype = ctypes.c_int
        return lambda src, dst, op: int(renameat2(_AT_FDCWD, src, _AT_FDCWD, dst, _LINUX_FLAGS[op]))
    if platform == "darwin":
        renamex_np: Any = getattr(libc, "renamex_np", None)
        if renamex_np is None:
            return None
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int
        return lambda src, dst, op: int(renamex_np(src, dst, _DARWIN_FLAGS[op]))
    return None


def _load() -> Rename | None:
    if not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    return bind(libc, sys.platform)


_renameat2 = _load()


def _call(src: str | os.PathLike[str], dst: str | os.PathLike[str], op: str) -> bool:
    if _renameat2 is None:
        return False
    result = _renameat2(os.fsencode(src), os.fsencode(dst), op)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), os.fspath(dst))


def exchange(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> bool:
    """Swap two existing paths atomically; False if not supported here."""
    return _call(src, dst, EXCHANGE)


def rename_noreplace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> bool:
    """Rename unless ``dst`` exists (FileExistsError); False if not supported here."""
    return _call(src, dst, NOREPLACE)
