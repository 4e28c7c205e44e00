"""Where a ``%%comment%%`` ends, as the preview's parser sees it.

A ``%%`` that opens a block (nothing but indentation, quote and list markers before
it on its line) runs on to the next ``%%`` across blocks and hides the rest of that
line too, or runs to the end of the note; inside a quote, at most to the quote's
end. Any other ``%%`` is inline: it ends at
the next ``%%`` in its paragraph, heading, list item or table cell, or where that
text ends. Every search is bounded by the closing ``%%`` and the scan moves past
what it searched, so a note full of ``%%`` stays linear.
"""

from __future__ import annotations

import re

__all__ = ["CommentLines", "comment_end", "escaped", "line_end"]

# What may stand before a "%%" that opens a block comment: indentation, quote markers,
# a list marker. Anywhere else "%%" opens an inline comment.
_BLOCK_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")
# A line that ends the paragraph above it: blank, heading, quote, list item, fence,
# "%%" block, HTML, table row, thematic break or setext underline.
_BLOCK_START = re.compile(
    r"[ \t>]*(?:$|#{1,6}(?:[ \t]|$)|>|[-*+][ \t]|\d{1,9}[.)](?:[ \t]|$)|`{3}|~{3}|%%|<|\||"
    r"(?:[-=*_][ \t]*)+$)",
    re.MULTILINE,
)
_ATX_HEADING = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?#{1,6}(?:[ \t]|$)")
_TABLE_ROW = re.compile(r"[ \t>]*\|")
_QUOTE_LINE = re.compile(r"[ \t]*>")


def line_end(text: str, pos: int) -> int:
    """The offset of the newline ending ``pos``'s line (the text's length on the last)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def escaped(text: str, pos: int) -> bool:
    """Whether an odd run of backslashes stands right before ``pos``."""
    backslashes = 0
    while pos - backslashes - 1 >= 0 and text[pos - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def comment_end(text: str, at: int, close: int, lines: CommentLines) -> int:
    """The end of the comment opened by the ``%%`` at ``at``; ``close``: the next ``%%``
    after it (-1: none)."""
    size = len(text)
    limit = size if close < 0 else close
    if lines.prefix_end(at) != at:
        stop = _inline_end(text, at, limit, lines)
        return close + 2 if 0 <= close < stop else stop
    if ">" in text[lines.start(at) : at]:
        stop = _quote_end(text, at, limit)
        if not 0 <= close < stop:
            return stop
    elif close < 0:
        return size
    # Closed on its own line: what follows on that line stays (an inline comment to the
    # preview). Closed on a later line: the block ends with that line, all of it hidden.
    return close + 2 if text.find("\n", at, close) < 0 else line_end(text, close + 2)


class CommentLines:
    """Line starts, ends and block prefixes for offsets that only grow (one scan's ``%%``s):
    each part of the text is searched once, so a long line of ``%%`` stays linear."""

    __slots__ = ("_end", "_end_from", "_kind", "_prefix", "_scanned", "_start", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._start = 0  # start of the line holding _scanned
        self._scanned = 0
        self._end_from = 0  # no newline in [_end_from, _end)
        self._end = -1
        self._prefix = (-1, -1)  # (line start, end of its block prefix)
        self._kind = (-1, -1, False)  # (line start, end of a table row's "|" or -1, heading)

    def start(self, pos: int) -> int:
        if pos < self._scanned:
            return self.text.rfind("\n", 0, pos) + 1
        newline = self.text.rfind("\n", self._scanned, pos)
        if newline >= 0:
            self._start = newline + 1
        self._scanned = pos
        return self._start

    def end(self, pos: int) -> int:
        if not self._end_from <= pos <= self._end:
            self._end_from, self._end = pos, line_end(self.text, pos)
        return self._end

    def prefix_end(self, pos: int) -> int:
        """Where the block prefix (indentation, quote and list markers) of ``pos``'s line ends."""
        line_start = self.start(pos)
        if self._prefix[0] != line_start:
            prefix = _BLOCK_PREFIX.match(self.text, line_start)
            self._prefix = (line_start, line_start if prefix is None else prefix.end())
        return self._prefix[1]

    def kind(self, line_start: int) -> tuple[int, bool]:
        """For the line at ``line_start``: where a table row's first ``|`` ends (-1: no
        table row), and whether it is an ATX heading."""
        if self._kind[0] != line_start:
            row = _TABLE_ROW.match(self.text, line_start)
            heading = _ATX_HEADING.match(self.text, line_start) is not None
            self._kind = (line_start, -1 if row is None else row.end(), heading)
        return self._kind[1], self._kind[2]


def _inline_end(text: str, at: int, limit: int, lines: CommentLines) -> int:
    """Where the inline text holding ``at`` ends; any value past ``limit`` once it is
    known to reach it (the scan stops there, so it stays linear)."""
    line_start = lines.start(at)
    end = lines.end(at)
    row_end, heading = lines.kind(line_start)
    if 0 <= row_end <= at:
        cell = at + 2
        bound = min(end, limit + 1)
        while True:  # a table cell ends at the next unescaped pipe
            cell = text.find("|", cell, bound)
            if cell < 0 or not escaped(text, cell):
                break
            cell += 1
        return bound if cell < 0 else cell
    if heading:
        return end
    size = len(text)
    while end < size and end <= limit:
        if _BLOCK_START.match(text, end + 1):
            return end
        end = line_end(text, end + 1)
    return end


def _quote_end(text: str, at: int, limit: int) -> int:
    """Where the quote holding ``at`` ends: before a blank line or a line that starts
    another block outside it (lazy paragraph lines stay in); past ``limit`` once it is
    known to reach it."""
    end = line_end(text, at)
    size = len(text)
    while end < size and end <= limit:
        if not _QUOTE_LINE.match(text, end + 1) and _BLOCK_START.match(text, end + 1):
            return end
        end = line_end(text, end + 1)
    return end
