"""The matching lines of one hit, with the matched ranges to highlight.

Plain words and phrases are found in the note's folded text in one pass
(``str.find`` over the whole text, then the line of each occurrence), so only
the lines that match are folded again to map ranges back to the original
characters; regular expressions are tried line by line. A term inside a line,
block, section or task operator shows only on the lines that operator accepts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import suppress
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, overload

from notedesk.core.query import COMBINING_MARKS, Field, Text, fold
from notedesk.core.search_doc import find_word
from notedesk.core.search_eval import accepted_lines, accepted_parts
from notedesk.core.userregex import RegexTooSlow

if TYPE_CHECKING:
    from notedesk.core.search_doc import Doc
    from notedesk.core.search_eval import Term

__all__ = [
    "MAX_LINE_MATCHES",
    "LazyLineMatches",
    "LineMatch",
    "Needle",
    "count_lines",
    "line_matches",
    "needles",
]

MAX_LINE_MATCHES = 20
_SNIPPET = 240

# a term, the string looked for (folded unless case-sensitive) and the operators around it
Needle = tuple[Text, str, tuple[Field, ...]]
Mask = set[int] | None  # the lines a needle may show on (0-based), None: any


class LineMatch(NamedTuple):
    line: int  # 1-based
    text: str  # the line (trimmed to a snippet around the first match)
    ranges: list[tuple[int, int]]  # [start, end) offsets into ``text``
    offset: int = 0  # where ``text`` starts in the line (a long line's snippet starts inside)


def needles(terms: list[Term]) -> list[Needle]:
    return [(t, t.value if t.case or t.kind == "regex" else fold(t.value), w) for t, w in terms]


def _masks(doc: Doc, terms: list[Needle]) -> list[Mask]:
    """For each needle, the lines its operators accept (intersected), or None: any line."""
    out: list[Mask] = []
    for _term, _needle, within in terms:
        mask: Mask = None
        for node in within:
            lines = accepted_lines(node, doc)
            if lines is not None:
                mask = lines if mask is None else mask & lines
        out.append(mask)
    return out


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class _Offsets:
    """Maps offsets in a line's folded form back to the line: ASCII runs keep their length,
    each other character folds on its own (to zero, one or more characters)."""

    __slots__ = ("folded_at", "run", "source_at")

    def __init__(self) -> None:
        self.folded_at: list[int] = []  # where each piece starts in the folded text
        self.source_at: list[int] = []  # ... and in the line
        self.run: list[bool] = []  # an ASCII run (offsets shift 1:1) or one folded character

    def source(self, folded: int) -> int:
        k = bisect_right(self.folded_at, folded) - 1
        start = self.source_at[k]
        return start + (folded - self.folded_at[k]) if self.run[k] else start


def _fold_with_map(text: str) -> tuple[str, _Offsets | None]:
    """``fold(text)`` plus, when offsets differ, the map back to ``text``."""
    if text.isascii():
        return text.lower(), None
    folded = fold(text)
    if len(folded) == len(text) and COMBINING_MARKS.search(text) is None:
        return folded, None  # every character folded to exactly one: offsets unchanged
    parts: list[str] = []
    offsets = _Offsets()
    at = 0  # length of the folded text so far
    last = 0
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if i > last:
            offsets.folded_at.append(at)
            offsets.source_at.append(last)
            offsets.run.append(True)
            parts.append(text[last:i].lower())
            at += i - last
        piece = _fold_char(text[i])
        offsets.folded_at.append(at)
        offsets.source_at.append(i)
        offsets.run.append(False)
        parts.append(piece)
        at += len(piece)
        last = i + 1
    if last < len(text):
        offsets.folded_at.append(at)
        offsets.source_at.append(last)
        offsets.run.append(True)
        parts.append(text[last:].lower())
    return "".join(parts), offsets


def _task_piece(doc: Doc, n: int) -> str:
    """The part of line ``n`` that is a task's text (a task: operator's regex looks at it)."""
    return doc.lines[n][max(doc.task_text_at(n), 0) :].rstrip()


def _line_ranges(
    line: str, folded_line: str, terms: list[Needle], task_at: int = -1
) -> list[tuple[int, int]]:
    """Match ranges in ``line``; ``folded_line`` is ``fold(line)``, already known.
    ``task_at``: where a task's text starts on the line (-1: in no task), for a regex
    inside a task operator."""
    ranges: list[tuple[int, int]] = []
    if line.isascii() or (len(folded_line) == len(line) and COMBINING_MARKS.search(line) is None):
        folded, offsets = folded_line, None  # offsets unchanged
    else:
        folded, offsets = _fold_with_map(line)
    for term, needle, _within in terms:
        if term.kind == "regex":
            assert term.pattern is not None
            at = task_at if task_at >= 0 and _in_tasks(_within) else 0
            piece = line[at:].rstrip() if at else line
            # too slow on this line: the note matched; the line is shown without its ranges
            with suppress(RegexTooSlow):
                ranges.extend(
                    (at + m.start(), at + m.end())
                    for m in term.pattern.finditer(piece)
                    if m.end() > m.start()
                )
            continue
        hay = line if term.case else folded
        mapping = None if term.case else offsets
        i = find_word(hay, needle, True)
        while i >= 0:
            end = i + len(needle)
            if mapping is None:
                ranges.append((i, end))
            else:
                stop = mapping.source(end - 1) + 1
                while stop < len(line) and COMBINING_MARKS.match(line, stop):
                    stop += 1  # "e" of a decomposed "é": its accent too
                ranges.append((mapping.source(i), stop))
            i = find_word(hay, needle, True, end)
    ranges.sort()
    return ranges


def _in_tasks(within: tuple[Field, ...]) -> bool:
    return any(field.op.startswith("task") for field in within)


def _task_heads(doc: Doc, terms: list[Needle], masks: list[Mask]) -> dict[int, int]:
    """The first line of each task a task operator accepted (for a term inside it), and
    the line after its last: a task none of whose lines shows a match is listed there
    (``task:""``, or ``task:/^call/``, which matches the task's text after "- [ ] ")."""
    heads: dict[int, int] = {}
    for (_term, _needle, within), mask in zip(terms, masks, strict=True):
        for field in within:
            if mask is not None and field.op.startswith("task"):
                heads.update((a, b) for a, b in accepted_parts(field, doc) if a in mask)
    return heads


def _candidate_lines(
    doc: Doc, terms: list[Needle], masks: list[Mask], heads: dict[int, int]
) -> list[int]:
    """0-based numbers of lines where some term may match, in order (the first ones only)."""
    found: set[int] = set(sorted(heads)[:MAX_LINE_MATCHES])
    for (term, needle, within), mask in zip(terms, masks, strict=True):
        if term.kind == "regex":
            assert term.pattern is not None
            search = term.pattern.search
            lines = doc.lines
            numbers = range(len(lines)) if mask is None else sorted(mask)
            in_tasks = mask is not None and _in_tasks(within)
            mine = []
            for n in numbers:
                try:
                    if lines[n] and search(_task_piece(doc, n) if in_tasks else lines[n]):
                        mine.append(n)
                except RegexTooSlow:
                    continue  # a line too slow to check is not listed
        elif mask is None:
            mine = doc.lines_with(needle, term.case, MAX_LINE_MATCHES)
        else:
            mine = [n for n in doc.lines_with(needle, term.case) if n in mask]
        found.update(mine[:MAX_LINE_MATCHES])
    return sorted(found)


class LazyLineMatches(Sequence[LineMatch]):
    """``line_matches`` of a hit, worked out when first read; its length is known at once.

    The matching lines are found when the hit is (cheap: one pass over the folded
    text); cutting and highlighting them waits until someone shows them.
    """

    __slots__ = ("_doc", "_heads", "_items", "_lines", "_masks", "_terms")

    def __init__(self, doc: Doc, terms: list[Needle]) -> None:
        self._doc: Doc | None = doc
        self._terms = terms
        self._items: list[LineMatch] | None = None
        self._masks = _masks(doc, terms)
        self._heads = _task_heads(doc, terms, self._masks)
        self._lines = _candidate_lines(doc, terms, self._masks, self._heads)
        if self._heads or any(term.kind == "regex" for term, _n, _w in terms):
            # A regex's zero-width matches leave a line out, a task is listed on its first
            # line only when no other line of it shows a match: no count in advance.
            self._get()

    def _get(self) -> list[LineMatch]:
        if self._items is None:
            assert self._doc is not None
            self._items = _build(self._doc, self._terms, self._lines, self._masks, self._heads)
            self._doc = None  # the text is no longer needed
        return self._items

    def __len__(self) -> int:
        if self._items is not None:
            return len(self._items)
        return min(len(self._lines), MAX_LINE_MATCHES)

    @overload
    def __getitem__(self, i: int) -> LineMatch: ...
    @overload
    def __getitem__(self, i: slice) -> list[LineMatch]: ...
    def __getitem__(self, i: int | slice) -> LineMatch | list[LineMatch]:
        return self._get()[i]

    def __iter__(self) -> Iterator[LineMatch]:
        return iter(self._get())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyLineMatches):
            other = other._get()
        return self._get() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._get())


def line_matches(doc: Doc, terms: list[Needle]) -> list[LineMatch]:
    """The first MAX_LINE_MATCHES lines of ``doc`` (text loaded) where a term matches."""
    masks = _masks(doc, terms)
    heads = _task_heads(doc, terms, masks)
    return _build(doc, terms, _candidate_lines(doc, terms, masks, heads), masks, heads)


def _build(
    doc: Doc, terms: list[Needle], numbers: list[int], masks: list[Mask], heads: dict[int, int]
) -> list[LineMatch]:
    """The lines ``numbers`` that show a match, and the first line of each task in
    ``heads`` none of whose lines does (each task listed once at least)."""
    out: list[LineMatch] = []
    lines = doc.lines
    folded = doc.folded_lines
    masked = any(m is not None for m in masks)
    unlisted: list[int] = []  # task heads with nothing highlighted on them
    head, head_end, head_shown = -1, -1, True  # the task the lines looked at are in
    for number in numbers:
        if number >= head_end and not head_shown:
            unlisted.append(head)
            head_shown = True
        if number in heads:
            head, head_end, head_shown = number, heads[number], False
        line = lines[number]
        mine = terms
        if masked:
            mine = [t for t, m in zip(terms, masks, strict=True) if m is None or number in m]
        ranges = _line_ranges(line, folded[number], mine, doc.task_text_at(number) if heads else -1)
        if not ranges:
            continue
        if number < head_end:
            head_shown = True
        offset, text, ranges = snippet_around(line, ranges)
        out.append(LineMatch(number + 1, text, ranges, offset))
    if not head_shown:
        unlisted.append(head)
    if unlisted:
        for n in unlisted:
            offset, text, ranges = snippet_around(lines[n], [])
            out.append(LineMatch(n + 1, text, ranges, offset))
        out.sort(key=lambda m: m.line)
    return out[:MAX_LINE_MATCHES]


def snippet_around(
    line: str, ranges: list[tuple[int, int]]
) -> tuple[int, str, list[tuple[int, int]]]:
    """Cut a long line to a snippet around its first match: where it starts in the line,
    the snippet, and the ranges shifted into it."""
    if len(line) <= _SNIPPET:
        return 0, line, ranges
    start = max(0, ranges[0][0] - _SNIPPET // 3) if ranges else 0
    end = min(len(line), start + _SNIPPET)
    shifted = [(a - start, b - start) for a, b in ranges if a >= start and b <= end]
    return start, line[start:end], shifted


def count_lines(doc: Doc, terms: list[Needle]) -> int | None:
    """How many lines of ``doc`` (text loaded) hold a term, with no cap (the lines
    ``line_matches`` would list if it listed them all); None when a term is a /regex/
    (trying it on every line is not cheap)."""
    if any(term.kind == "regex" for term, _n, _w in terms):
        return None
    masks = _masks(doc, terms)
    cases = {term.case for term, _n, _w in terms}
    if all(m is None for m in masks) and len(cases) == 1:  # one text to look in: no line numbers
        hay = doc.content.raw if cases.pop() else doc.content.folded
        starts: set[int] = set()
        for _term, needle, _within in terms:
            starts |= _line_starts_holding(hay, needle)
        return len(starts)
    found: set[int] = set()
    for (term, needle, within), mask in zip(terms, masks, strict=True):
        if mask is not None and _in_tasks(within):
            found |= mask  # listed whether or not the term is highlighted in them
        lines = doc.lines_with(needle, term.case)
        found.update(lines if mask is None else (n for n in lines if n in mask))
    return len(found)


def _line_starts_holding(hay: str, needle: str) -> set[int]:
    """Where each line of ``hay`` that holds ``needle`` at a word start begins."""
    out: set[int] = set()
    if not needle or "\n" in needle:  # a line never holds a newline
        return out
    i = find_word(hay, needle, True)
    while i >= 0:
        out.add(hay.rfind("\n", 0, i) + 1)
        end = hay.find("\n", i)
        if end < 0:
            break
        i = find_word(hay, needle, True, end + 1)  # on to the next line
    return out
