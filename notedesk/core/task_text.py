"""The lines that continue a task: its text is more than the line of its checkbox.

A task item can go on over the lines after its checkbox, as any list item's paragraph
does in CommonMark::

    - [ ] call the plumber
      about the kitchen sink      (indented to the item's content: continues)
    lazy line                     (a paragraph's lazy continuation: continues)

    - [ ] one
      - [ ] a sub-task            (its own task, not the text of "one")

A task's text ends at a new list item (a sibling or a sub-item), a heading, a code
fence, a blockquote marker, a thematic break or the end of its blockquote, and at a
blank line unless the line after the blank ones is indented to the item's content
(a second paragraph of the same item). Each line is looked at by one task at most
(every scan stops at the next list item, and every task is one), so following every
task of a note is linear in its length. The parser (note.py) gives each Task its
whole text this way; the search lists a task's lines with ``task_columns``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from notedesk.core.note_types import Task

__all__ = ["continuation", "lines_from", "task_columns", "task_item"]

_QUOTE_MARK = re.compile(r" {0,3}> ?")
_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])([ \t]+)")
# What ends a paragraph (and so a task's text) when it starts a line (after 0-3 spaces).
_BLOCK = re.compile(r"(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|#{1,6}(?:[ \t]|$)|`{3}|~{3}|>)")
_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_CODE_INDENT = 4  # this much deeper than the content is indented code


def _width(text: str) -> int:
    return len(text.expandtabs(4))


def _unquote(line: str, depth: int) -> tuple[str, int]:
    """``line`` without its first ``depth`` blockquote markers at most, and how many it had."""
    found = 0
    at = 0
    while found < depth:
        m = _QUOTE_MARK.match(line, at)
        if m is None:
            break
        at = m.end()
        found += 1
    return line[at:], found


def _starts_block(body: str) -> bool:
    """Whether ``body`` (a line without its indentation) starts a block of its own."""
    return _BLOCK.match(body) is not None or _BREAK.match(body) is not None


def task_item(line: str) -> tuple[int, int] | None:
    """For the line of a task's checkbox: how many blockquotes it is in and the column
    its item's content starts at (where the lines continuing it are indented to); None
    when the line is no list item with a checkbox."""
    box = line.find("[")
    if box < 0:
        return None
    depth = line.count(">", 0, box)
    rest, found = _unquote(line, depth)
    marker = _MARKER.match(rest)
    if found != depth or marker is None:
        return None
    content = _width(rest[: marker.end()])
    if content - _width(rest[: marker.start(1)]) > 4:  # code after the marker: 1 space counts
        content = _width(rest[: marker.start(1)]) + 1
    return depth, content


def continuation(depth: int, content: int, following: Iterable[str]) -> list[tuple[int, str]]:
    """The lines after a task's line (``following``, read only as far as needed) that
    continue its text, as ``task_item`` describes the task: for each, the column the
    text starts at and the text (``""`` for a blank line between two paragraphs)."""
    out: list[tuple[int, str]] = []
    kept = 0  # lines of ``out`` up to the last that is not blank
    blank = False  # blank lines since the last line of the task
    for line in following:
        rest, found = _unquote(line, depth)
        body = rest.lstrip(" \t")
        if not body.strip():
            if found < depth:
                break  # a blank line outside the blockquote ends it
            blank = True
            out.append((len(line), ""))
            continue
        indent = _width(rest[: len(rest) - len(body)])
        if found == depth and indent >= content:
            # Inside the item: a paragraph line, unless it starts a block of its own
            # (a sub-item, a fence, a heading) or is indented code after a blank line.
            if (blank and indent >= content + _CODE_INDENT) or (
                indent < content + _CODE_INDENT and _starts_block(body)
            ):
                break
        elif blank or _starts_block(body):
            break  # not a lazy continuation of the task's paragraph (a sibling item, ...)
        out.append((len(line) - len(body), body.rstrip()))
        kept = len(out)
        blank = False
    del out[kept:]
    return out


def lines_from(text: str, pos: int) -> Iterator[str]:
    """The lines of ``text`` from offset ``pos`` (a line's start) on, one at a time."""
    end = len(text)
    while pos <= end:
        nl = text.find("\n", pos)
        if nl < 0:
            yield text[pos:]
            return
        yield text[pos:nl]
        pos = nl + 1


def task_columns(lines: Sequence[str], tasks: Sequence[Task]) -> dict[int, int]:
    """Each line (0-based) of ``tasks`` in the note ``lines`` are of -> the column where
    the task's text starts on it, after its list marker, checkbox, quote markers and
    indentation (on a blank line inside a task: the line's end)."""
    out: dict[int, int] = {}
    for task in tasks:
        first = task.line - 1
        if not 0 <= first < len(lines):
            continue  # the text is not the one the task was parsed from
        line = lines[first]
        after = line.find("[") + 3  # after "[x]"
        out[first] = len(line) - len(line[after:].lstrip())
        item = task_item(line)
        if item is None or not task.more:
            continue
        last = min(first + 1 + task.more, len(lines))
        following = (lines[j] for j in range(first + 1, last))
        for k, (column, _text) in enumerate(continuation(*item, following), first + 1):
            out[k] = column
    return out
