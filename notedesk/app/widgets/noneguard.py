"""Keeps ``None`` alive under a reference-counting bug of PySide6 on CPython < 3.12.

Observed with PySide6 6.12 on CPython 3.11.7: every call of a Qt method that
returns void (``QTextCursor.setPosition``, ``QSyntaxHighlighter.setFormat``,
``QPlainTextEdit.setExtraSelections`` ...) drops one reference to ``None``.
``None`` starts with about 4,500 references, so a few thousand such calls (one
highlight of a long note) bring it to zero and the interpreter aborts with
"none_dealloc: deallocating None". From CPython 3.12 ``None`` is immortal and
the bug is harmless. Reproduce: ``sys.getrefcount(None)`` before and after
1,000 ``QTextCursor.setPosition`` calls.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40


def protect_none() -> None:
    """Give ``None`` so many references that the leak can never reach zero (idempotent)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    # ob_refcnt is the first field of every CPython object, and id() is its address.
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < _BOOST // 2:
        refcount.value += _BOOST
