"""Keeps ``True``, ``False`` and ``None`` alive under reference-counting bugs of PySide6 6.12.

On CPython 3.11, every ``SignalInstance.emit()`` returns ``True`` without
taking a reference, so each emit from Python drops one reference to ``True``
(reproduce: ``sys.getrefcount(True)`` before and after 100 ``emit`` calls).
``True`` starts with a few thousand references: a few hundred keystrokes
(each emits several signals) or a burst of file events bring it to zero, and
the interpreter aborts with "bool_dealloc: deallocating True or False".
Void Qt methods do the same to ``None`` (see widgets/noneguard.py). From
CPython 3.12 these objects are immortal and the bugs are harmless, and
PySide6 6.11 (the version pinned now) returns a new reference; this stays as
a cheap safety net should 6.12 come back on CPython 3.11.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40


def protect_singletons() -> None:
    """Give True, False and None so many references that the leaks never reach zero.

    Idempotent, and compatible with ``noneguard.protect_none`` (same threshold).
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (True, False, None):
        # ob_refcnt is the first field of every CPython object, and id() is its address.
        refcount = ctypes.c_ssize_t.from_address(id(obj))
        if refcount.value < _BOOST // 2:
            refcount.value += _BOOST
