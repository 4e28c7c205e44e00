"""Offsets between Python strings (code points) and Qt text positions (UTF-16 units).

Emoji and other characters outside the Basic Multilingual Plane take two UTF-16
units, so a tag like ``#🌱`` shifts every later Qt column by one.
"""

from __future__ import annotations

import re

__all__ = ["has_astral", "to_index", "to_utf16"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    return _ASTRAL.search(text) is not None


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of string index ``index``."""
    head = text[:index]
    if _ASTRAL.search(head) is None:
        return index
    return index + len(head.encode("utf-16-le", "surrogatepass")) // 2 - len(head)


def to_index(text: str, offset: int) -> int:
    """The string index at UTF-16 offset ``offset`` (clamped to the text)."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)
