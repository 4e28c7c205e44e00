"""The whole text of a task, for ``task:`` searches: its line and the lines continuing it.

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
(every scan stops at the next list item, and every task is one), so finding the text
of every task of a note is linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from notedesk.core.note_types import Task

__all__ = ["TaskText", "task_texts"]

_QUOTE_MARK = re.compile(r" {0,3}> ?")
_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])([ \t]+)")
# What ends a paragraph (and so a task's text) when it starts a line (after 0-3 spaces).
_BLOCK = re.compile(r"(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|#{1,6}(?:[ \t]|$)|`{3}|~{3}|>)")
_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_CODE_INDENT = 4  # this much deeper than the content is indented code


class TaskText(NamedTuple):
    start: int  # 0-based line of the checkbox
    end: int  # the line after its last line
    text: str  # the task's text on each of its lines, without markers or indentation
    columns: tuple[int, ...]  # where the text starts on each line (its end on a blank one)


def task_texts(lines: Sequence[str], tasks: Sequence[Task]) -> list[TaskText]:
    """The lines and text of each of ``tasks`` (parsed from the note ``lines`` are of)."""
    return [_task_text(lines, task) for task in tasks]


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


def _task_text(lines: Sequence[str], task: Task) -> TaskText:
    first = task.line - 1
    if not 0 <= first < len(lines):  # the text is not the one the task was parsed from
        return TaskText(first, first + 1, task.text, (0,))
    line = lines[first]
    box = line.find("[")
    after = box + 3  # "[x]"
    depth = line.count(">", 0, max(box, 0))
    rest, found = _unquote(line, depth)
    marker = _MARKER.match(rest)
    if box < 0 or found != depth or marker is None or line[after:].strip() != task.text:
        return TaskText(first, first + 1, task.text, (0,))
    columns = [len(line) - len(line[after:].lstrip())]
    content = _width(rest[: marker.end()])
    if content - _width(rest[: marker.start(1)]) > 4:  # code after the marker: 1 space counts
        content = _width(rest[: marker.start(1)]) + 1
    pieces = [task.text]
    end = first + 1
    blank = False  # blank lines since the last line of the task
    for j in range(first + 1, len(lines)):
        line = lines[j]
        rest, found = _unquote(line, depth)
        body = rest.lstrip(" \t")
        if not body.strip():
            if found < depth:
                break  # a blank line outside the blockquote ends it
            blank = True
            columns.append(len(line))
            continue
        indent = _width(rest[: len(rest) - len(body)])
        if found == depth and indent >= content:
            # Inside the item: a paragraph line, unless it starts a block of its own
            # (a sub-item, a fence, a heading) or is indented code after a blank line.
            if (blank and indent >= content + _CODE_INDENT) or (
                indent < content + _CODE_INDENT and _starts_block(body)
            ):
                break
        elif blank or (indent < _CODE_INDENT and _starts_block(body)):
            break  # not a lazy continuation of the task's paragraph
        pieces.append(body.rstrip())
        columns.append(len(line) - len(body))
        end = j + 1
        blank = False
    return TaskText(first, end, "\n".join(pieces), tuple(columns[: end - first]))
