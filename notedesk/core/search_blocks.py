"""The blocks of a note for ``block:`` searches: the units a block id can name.

A block is a paragraph, one list item (its marker line and the lines that continue it,
up to the next item or a blank line), a heading, a whole blockquote or callout, a table,
a code fence or a thematic break, as in vault-format.md ("Block ids"). Lines are read
once, left to right; a line of its own such as ``^id`` or a lazy continuation stays in
the block above it.
"""

from __future__ import annotations

import re

__all__ = ["block_ranges"]

_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"[ \t>]*(`{3,}|~{3,})[ \t]*$")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_QUOTE = re.compile(r" {0,3}>")


def block_ranges(lines: list[str], first: int = 0) -> list[tuple[int, int]]:
    """``[start, end)`` line numbers (0-based) of each block, from line ``first`` on (the
    lines before it, such as the frontmatter, are in no block)."""
    out: list[tuple[int, int]] = []
    start = -1  # first line of the open block, or -1
    quoted = False  # the open block is a blockquote
    i = first
    count = len(lines)
    while i < count:
        line = lines[i]
        if not line.strip():
            if start >= 0:
                out.append((start, i))
                start = -1
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence is not None:
            if start >= 0:
                out.append((start, i))
            end = _fence_end(lines, i, fence.group(1))
            out.append((i, end))
            start, i = -1, end
            continue
        single = _HEADING.match(line) is not None or _BREAK.match(line) is not None
        is_quote = _QUOTE.match(line) is not None
        starts = (
            single
            or start < 0
            or (is_quote and not quoted)
            or (not quoted and _ITEM.match(line) is not None)
        )
        if starts:
            if start >= 0:
                out.append((start, i))
            start, quoted = i, is_quote
        if single:
            out.append((i, i + 1))
            start = -1
        i += 1
    if start >= 0:
        out.append((start, count))
    return out


def _fence_end(lines: list[str], at: int, opener: str) -> int:
    """The line after the fence opened at line ``at`` closes (the end of the note if never)."""
    char, length = opener[0], len(opener)
    for j in range(at + 1, len(lines)):
        close = _FENCE_CLOSE.match(lines[j])
        if close is not None and close.group(1)[0] == char and len(close.group(1)) >= length:
            return j + 1
    return len(lines)
