"""Where a note's code, math and comments are: the text no tag, link or heading may come from.

One left-to-right scan over "opener" tokens (fences, indented code after a
blank line, backtick runs, ``$$``, ``$``, ``%%``). Whichever starts first wins,
so ``%%`` inside inline code is literal and a backtick inside a comment is too.
Every search is bounded so pathological input (thousands of unmatched
backticks or dollars) stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_OPENER_PARTS = (
    ("fence", r"^(?P<findent>[ \t>]*)(?P<fence>`{3,}|~{3,})"),
    ("blank", r"^(?P<blank>[ \t]*\n)(?=(?: {4}|\t)[ \t]*\S)"),
    ("ticks", r"(?P<ticks>`+)"),
    ("dmath", r"(?P<dmath>\$\$)"),
    ("imath", r"(?P<imath>\$)"),
    ("comment", r"(?P<comment>%%)"),
)
_OPENERS: dict[tuple[bool, ...], re.Pattern[str] | None] = {}
_INDENTED_AFTER_BLANK = re.compile(r"\n[ \t]*\n(?: {4}|\t)[ \t]*\S")


def _openers(text: str, start: int) -> re.Pattern[str] | None:
    """Only the opener kinds present in the note: Python's re scans a literal far faster."""
    present = (
        "```" in text or "~~~" in text,
        _INDENTED_AFTER_BLANK.search(text, max(0, start - 1)) is not None,
        "`" in text,
        "$$" in text,
        "$" in text,
        "%%" in text,
    )
    if present not in _OPENERS:
        parts = [part for (_, part), on in zip(_OPENER_PARTS, present, strict=True) if on]
        _OPENERS[present] = re.compile("|".join(parts), re.MULTILINE) if parts else None
    return _OPENERS[present]


_INLINE_MATH = re.compile(r"\$(?=[^\s$])[^$\n]*?(?<=[^\s\\])\$(?!\d)")
_LIST_OR_INDENTED = re.compile(r"[ \t]|[>]*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_FENCE_CLOSERS: dict[tuple[str, int], re.Pattern[str]] = {}


def _fence_closer(char: str, length: int) -> re.Pattern[str]:
    key = (char, length)
    pattern = _FENCE_CLOSERS.get(key)
    if pattern is None:
        pattern = re.compile(rf"^[ \t>]*{re.escape(char)}{{{length},}}[ \t]*$", re.MULTILINE)
        _FENCE_CLOSERS[key] = pattern
    return pattern


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _escaped(text: str, pos: int) -> bool:
    backslashes = 0
    while pos - backslashes - 1 >= 0 and text[pos - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _prev_nonblank_line(text: str, blank_start: int) -> str | None:
    end = blank_start - 1  # the newline ending the previous line
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            return line
        end = start - 1
    return None


def _indented_block_end(text: str, start: int) -> int:
    pos = start
    end = start
    size = len(text)
    while pos < size:
        stop = _line_end(text, pos)
        line = text[pos:stop]
        if line.strip():
            if not (line.startswith("    ") or line.startswith("\t")):
                break
            end = stop
        pos = stop + 1
    return end


class ExcludedSpans:
    """Sorted, disjoint ``[start, end)`` character spans of code, math and comments."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def __contains__(self, pos: int) -> bool:
        if not self.starts:
            return False
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def __bool__(self) -> bool:
        return bool(self.starts)


def find_excluded(text: str, start: int = 0) -> ExcludedSpans:
    """Code (fenced, indented, inline), math (``$..$``, ``$$..$$``) and ``%%comments%%``."""
    spans = ExcludedSpans()
    size = len(text)
    no_closer_until: dict[int, int] = {}  # backtick run length -> paragraph end already searched
    para_end = -1
    no_more_dmath = False
    pos = start
    openers = _openers(text, start)
    if openers is None:
        return spans
    search = openers.search
    while pos < size:
        m = search(text, pos)
        if m is None:
            break
        at = m.start()
        kind = m.lastgroup
        if kind == "fence":
            fence = m.group("fence")
            line_stop = _line_end(text, m.end())
            if fence[0] == "`" and "`" in text[m.end() : line_stop]:
                # backticks in the info string: an inline code span, not a fence
                if m.start("fence") >= para_end:
                    found = text.find("\n\n", m.end())
                    para_end = size if found < 0 else found
                pos = _inline_ticks(text, m.start("fence"), fence, spans, no_closer_until, para_end)
                continue
            closer = _fence_closer(fence[0], len(fence)).search(text, line_stop + 1)
            end = size if closer is None else closer.end()
            spans.add(at, end)
            pos = end + 1
        elif kind == "blank":
            code_start = m.end()
            prev = _prev_nonblank_line(text, m.start())
            if prev is not None and _LIST_OR_INDENTED.match(prev):
                pos = code_start
                continue
            end = _indented_block_end(text, code_start)
            spans.add(code_start, end)
            pos = end + 1
        elif kind == "ticks":
            ticks = m.group("ticks")
            if _escaped(text, at):
                pos = at + 1
                continue
            if at >= para_end:
                found = text.find("\n\n", m.end())
                para_end = size if found < 0 else found
            pos = _inline_ticks(text, at, ticks, spans, no_closer_until, para_end)
        elif kind == "dmath":
            if no_more_dmath or _escaped(text, at):
                pos = at + 2
                continue
            close = text.find("$$", m.end())
            if close < 0:
                no_more_dmath = True
                pos = at + 2
                continue
            spans.add(at, close + 2)
            pos = close + 2
        elif kind == "imath":
            inline = None if _escaped(text, at) else _INLINE_MATH.match(text, at)
            if inline is None:
                pos = at + 1
                continue
            spans.add(at, inline.end())
            pos = inline.end()
        else:  # %% comment; an unclosed one runs to the end of the note
            close = text.find("%%", m.end())
            end = size if close < 0 else close + 2
            spans.add(at, end)
            pos = end
    return spans


def _inline_ticks(
    text: str,
    at: int,
    ticks: str,
    spans: ExcludedSpans,
    no_closer_until: dict[int, int],
    limit: int,
) -> int:
    """Close a backtick run with one of the same length before ``limit``; returns the next pos."""
    n = len(ticks)
    after = at + n
    if limit <= after or no_closer_until.get(n, -1) >= limit:
        return after
    closer = re.compile(rf"(?<!`)`{{{n}}}(?!`)").search(text, after, limit)
    if closer is None:
        no_closer_until[n] = limit
        return after
    spans.add(at, closer.end())
    return closer.end()
