"""Case- and diacritics-insensitive text for matching names as they are typed.

``fold`` works character by character, so a position in the folded text can be
taken back to the original one, which is what highlighting a match needs.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_mapped", "to_text"]

_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding one character, filled as characters turn up."""

    def __missing__(self, code: int) -> str:
        folded = _MARKS.sub("", unicodedata.normalize("NFKD", chr(code))).casefold()
        if len(folded) != 1:
            _UNEVEN.add(chr(code))
        self[code] = folded
        return folded


_UNEVEN: set[str] = set()  # characters that fold to none or several ("ß" -> "ss")
_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` as matching compares it: lower case, no diacritics (``Café`` -> ``cafe``)."""
    return text.lower() if text.isascii() else text.translate(_TABLE)


def fold_mapped(text: str) -> tuple[str, tuple[tuple[int, ...], ...] | None]:
    """``fold(text)`` and, when folding moved characters, the characters of ``text`` that
    each folded one stands for (an accent dropped by folding goes with its letter)."""
    if text.isascii():
        return text.lower(), None
    key = text.translate(_TABLE)
    if _UNEVEN.isdisjoint(text):
        return key, None
    spans: list[list[int]] = []
    for i, ch in enumerate(text):
        part = _TABLE[ord(ch)]
        if part:
            group = [i]
            spans.extend([group] * len(part))  # "ß" -> "ss": both stand for the one letter
        elif spans:
            spans[-1].append(i)
    return key, tuple(tuple(span) for span in spans)


def to_text(
    positions: tuple[int, ...], spans: tuple[tuple[int, ...], ...] | None
) -> tuple[int, ...]:
    """Positions in a folded text as positions in the text it came from."""
    if spans is None:
        return positions
    return tuple(dict.fromkeys(i for p in positions for i in spans[p]))
