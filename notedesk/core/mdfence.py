"""Code fences for the Markdown tokenizer: the fence state and its lines.

A fence state is ``FENCE | 0x80 (for ~ fences) | the fence length (up to 127)``,
and for a fence inside a quote or callout also its quote depth (up to 7) shifted
by ``QUOTE_SHIFT``: its lines carry that many ``>`` and it ends with the quote.
"""

from __future__ import annotations

import re

__all__ = ["FENCE", "closes_fence", "fence_quotes", "fence_state", "opens_fence", "quote_prefix"]

FENCE = 0x100
QUOTE_SHIFT = 9
_MAX_QUOTES = 7

_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_ONE_QUOTE = re.compile(r" {0,3}>[ \t]?")


def fence_state(marker: str, quotes: int = 0) -> int:
    """The state after a line opening a fence with ``marker`` inside ``quotes`` ``>``."""
    kind = FENCE | (0x80 if marker[0] == "~" else 0) | min(len(marker), 0x7F)
    return kind | min(quotes, _MAX_QUOTES) << QUOTE_SHIFT


def fence_quotes(state: int) -> int:
    """How many ``>`` the lines of the fence of ``state`` start with."""
    return state >> QUOTE_SHIFT & _MAX_QUOTES


def quote_prefix(line: str, quotes: int) -> int | None:
    """Where the text after ``quotes`` levels of ``>`` starts; None with fewer levels."""
    pos = 0
    for _ in range(quotes):
        m = _ONE_QUOTE.match(line, pos)
        if m is None:
            return None
        pos = m.end()
    return pos


def opens_fence(line: str, pos: int) -> str | None:
    """The fence marker (a run of backticks or tildes) the line opens at ``pos``, if any."""
    fence = _FENCE_OPEN.match(line, pos)
    if fence is None or (fence.group(1)[0] == "`" and "`" in fence.group(2)):
        return None
    return fence.group(1)


def closes_fence(line: str, state: int) -> bool:
    """True when ``line`` (after any quote prefix) closes the fence of ``state``."""
    char = "~" if state & 0x80 else "`"
    length = state & 0x7F
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return False
    run = len(stripped) - len(stripped.lstrip(char))
    return run >= length and not stripped[run:].strip()
