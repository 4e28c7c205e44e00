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

from notedesk.core.commentspans import CommentLines, comment_end, escaped, line_end

_FENCE_PREFIX = re.compile(r"[ \t>]*")
_TICK_RUN = re.compile(r"`+")
_TILDE_RUN = re.compile(r"~+")
_BLANK_BEFORE_INDENT = re.compile(r"\n([ \t]*\n)(?=(?: {4}|\t)[ \t]*\S)")
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
        stop = line_end(text, pos)
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


class _Openers:
    """Next position of each opener kind, found with ``str.find`` (far faster than a regex
    alternation in CPython) and refreshed only once the scan has moved past it."""

    __slots__ = ("next", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.next = {
            "`": -2 if "`" in text else -1,
            # A one-character test first: it runs at memchr speed, the longer one does not.
            "~": -2 if "~" in text and "~~~" in text else -1,
            "$": -2 if "$" in text else -1,
            "%": -2 if "%" in text and "%%" in text else -1,
            "b": -2 if (("\t" in text and "\n\t" in text) or "\n    " in text) else -1,
        }

    def first(self, pos: int) -> tuple[str, int] | None:
        text = self.text
        best: tuple[str, int] | None = None
        for kind, at in self.next.items():
            if at == -1:
                continue
            if at < pos:
                if kind == "b":
                    m = _BLANK_BEFORE_INDENT.search(text, max(pos - 1, 0))
                    at = -1 if m is None else m.start(1)
                else:
                    at = text.find(_NEEDLE[kind], pos)
                self.next[kind] = at
                if at == -1:
                    continue
            if best is None or at < best[1]:
                best = (kind, at)
        return best


_NEEDLE = {"`": "`", "~": "~~~", "$": "$", "%": "%%"}


def _fence_at(text: str, at: int, run: str) -> int | None:
    """The line start if the run at ``at`` opens a fenced code block, else None."""
    if len(run) < 3:
        return None
    line_start = text.rfind("\n", 0, at) + 1
    prefix = _FENCE_PREFIX.match(text, line_start, at)
    if prefix is None or prefix.end() != at:
        return None
    if run[0] == "`" and "`" in text[at + len(run) : line_end(text, at)]:
        return None  # backticks in the info string: inline code, not a fence
    return line_start


def find_excluded(text: str, start: int = 0) -> ExcludedSpans:
    """Code (fenced, indented, inline), math (``$..$``, ``$$..$$``) and ``%%comments%%``."""
    spans = ExcludedSpans()
    size = len(text)
    no_closer_until: dict[int, int] = {}  # backtick run length -> paragraph end already searched
    para_end = -1
    no_more_dmath = False
    pos = start
    openers = _Openers(text)
    last_fence_line = -1
    lines: CommentLines | None = None  # made at the first "%%"
    while pos < size:
        found = openers.first(pos)
        if found is None:
            break
        kind, at = found
        if kind in "`~":
            run_match = (_TICK_RUN if kind == "`" else _TILDE_RUN).match(text, at)
            assert run_match is not None
            run = run_match.group()
            # A fence only opens at a line start: check once per line so a long line of
            # backtick runs stays linear.
            line_start = None
            if len(run) >= 3 and at > last_fence_line:
                line_start = _fence_at(text, at, run)
                last_fence_line = line_end(text, at)
            if line_start is not None:
                line_stop = line_end(text, at)
                closer = _fence_closer(run[0], len(run)).search(text, line_stop + 1)
                end = size if closer is None else closer.end()
                spans.add(line_start, end)
                pos = end + 1
                continue
            if kind == "~" or escaped(text, at):
                pos = at + len(run)
                continue
            if at >= para_end:
                blank = text.find("\n\n", at)
                para_end = size if blank < 0 else blank
            pos = _inline_ticks(text, at, run, spans, no_closer_until, para_end)
        elif kind == "b":
            code_start = text.find("\n", at) + 1
            prev = _prev_nonblank_line(text, at)
            if prev is not None and _LIST_OR_INDENTED.match(prev):
                pos = code_start
                continue
            end = _indented_block_end(text, code_start)
            spans.add(code_start, end)
            pos = end + 1
        elif kind == "$":
            if text.startswith("$$", at):
                if no_more_dmath or escaped(text, at):
                    pos = at + 2
                    continue
                close = text.find("$$", at + 2)
                if close < 0:
                    no_more_dmath = True
                    pos = at + 2
                    continue
                spans.add(at, close + 2)
                pos = close + 2
                continue
            inline = None if escaped(text, at) else _INLINE_MATH.match(text, at)
            if inline is None:
                pos = at + 1
                continue
            spans.add(at, inline.end())
            pos = inline.end()
        else:  # %% comment
            if lines is None:
                lines = CommentLines(text)
            end = comment_end(text, at, text.find("%%", at + 2), lines)
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
