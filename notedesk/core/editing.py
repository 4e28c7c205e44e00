"""Pure text rules of the Markdown editor: list continuation, indentation, tasks.

Functions work on one line (or a few) and return what to change, so the
editor applies them through its cursor and every change stays one undo step.
Columns are Python string indices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = [
    "LineEdit",
    "ListItem",
    "enter_edit",
    "indent_line",
    "outdent_line",
    "parse_list_item",
    "renumber_following",
    "toggle_task_in_line",
    "toggle_task_line",
]

_ITEM = re.compile(
    r"(?P<quote>(?:[ \t]*>[ \t]?)*)"
    r"(?P<indent>[ \t]*)"
    r"(?:(?P<bullet>[-*+])|(?P<number>\d{1,9})(?P<delim>[.)]))"
    r"(?P<space>[ \t]+|$)"
    r"(?P<task>\[.\](?:[ \t]+|$))?"
)
_QUOTE_ONLY = re.compile(r"(?:[ \t]*>[ \t]?)+")


class ListItem(NamedTuple):
    quote: str  # the ``> `` prefix, possibly empty
    indent: str
    marker: str  # "-", "*", "+", "3." or "3)"
    task: bool
    prefix_end: int  # column where the item's text starts

    @property
    def ordered(self) -> bool:
        return self.marker[:-1].isdigit()


class LineEdit(NamedTuple):
    """Replace columns [start, end) of the current line with text; cursor goes to start+cursor."""

    start: int
    end: int
    text: str
    cursor: int


def parse_list_item(line: str) -> ListItem | None:
    """The list item (bullet, number or task, possibly inside a quote) a line starts with."""
    m = _ITEM.match(line)
    if m is None:
        return None
    marker = m.group("bullet") or (m.group("number") + m.group("delim"))
    return ListItem(m.group("quote"), m.group("indent"), marker, bool(m.group("task")), m.end())


def _next_prefix(item: ListItem) -> str:
    marker = item.marker
    if item.ordered:
        marker = f"{int(marker[:-1]) + 1}{marker[-1]}"
    return f"{item.quote}{item.indent}{marker} " + ("[ ] " if item.task else "")


def enter_edit(line: str, col: int, indent_unit: str = "\t") -> LineEdit | None:
    """What Enter at ``col`` does on a list or quote line; None for a plain newline.

    A non-empty item continues on the next line with the next marker (numbers
    count up, tasks start unchecked); the text after the cursor moves with it.
    An empty item ends the list: nested items move out one level first.
    """
    item = parse_list_item(line)
    if item is not None:
        if col < item.prefix_end:
            return None
        if not line[item.prefix_end :].strip():
            if item.indent:
                outdented = outdent_line(line, indent_unit)
                return LineEdit(0, len(line), outdented, len(outdented))
            return LineEdit(0, len(line), item.quote.rstrip(), len(item.quote.rstrip()))
        rest = line[col:].lstrip(" \t")
        prefix = _next_prefix(item)
        text = "\n" + prefix + rest
        return LineEdit(col, len(line), text, 1 + len(prefix))
    quote = _QUOTE_ONLY.match(line)
    if quote is None or col < quote.end():
        return None
    if not line[quote.end() :].strip():
        return LineEdit(0, len(line), "", 0)
    prefix = quote.group()
    if not prefix.endswith((" ", "\t")):
        prefix += " "
    rest = line[col:].lstrip(" \t")
    return LineEdit(col, len(line), "\n" + prefix + rest, 1 + len(prefix))


def renumber_following(item_line: str, following: Iterable[str]) -> list[tuple[int, str]]:
    """Renumber the rest of an ordered list after ``item_line`` (as Obsidian does on Enter).

    ``following`` are the lines after it, in order; it is read only as far as the
    list goes. Items of the same list (same quote, indent and delimiter) count up
    from the item's number; blank lines, nested items and continuation text
    (indented deeper) are passed over. Returns (index into ``following``, new
    line) for the lines whose number changes.
    """
    item = parse_list_item(item_line)
    if item is None or not item.ordered:
        return []
    number, delim = int(item.marker[:-1]), item.marker[-1]
    depth = len(item.indent.expandtabs(4))
    changes: list[tuple[int, str]] = []
    for index, line in enumerate(following):
        quote = _QUOTE_ONLY.match(line)
        body = line[quote.end() :] if quote else line
        if (quote.group() if quote else "").replace(" ", "") != item.quote.replace(" ", ""):
            break  # left the quote the list is in
        if not body.strip():
            continue
        other = parse_list_item(line)
        if other is not None and len(other.indent.expandtabs(4)) == depth:
            if not other.ordered or other.marker[-1] != delim:
                break
            number += 1
            marker = f"{number}{delim}"
            if other.marker != marker:
                at = len(other.quote) + len(other.indent)
                changes.append((index, line[:at] + marker + line[at + len(other.marker) :]))
            continue
        lead = body[: len(body) - len(body.lstrip(" \t"))]
        if len(lead.expandtabs(4)) > depth:
            continue  # nested content of an item
        break
    return changes


def indent_line(line: str, indent_unit: str = "\t") -> str:
    """One level deeper; a list item inside a quote is indented after the ``>``."""
    item = parse_list_item(line)
    cut = len(item.quote) if item is not None else 0
    return line[:cut] + indent_unit + line[cut:]


def outdent_line(line: str, indent_unit: str = "\t") -> str:
    """One level shallower: a leading tab, or up to one indent unit's width of spaces."""
    item = parse_list_item(line)
    cut = len(item.quote) if item is not None else 0
    head, body = line[:cut], line[cut:]
    if body.startswith("\t"):
        return head + body[1:]
    width = len(indent_unit.expandtabs(4)) if indent_unit != "\t" else 4
    spaces = len(body) - len(body.lstrip(" "))
    return head + body[min(spaces, width) :]


def toggle_task_in_line(line: str) -> str | None:
    """The line with its task box toggled (``[ ]`` -> ``[x]``, any other -> ``[ ]``), or None."""
    m = _ITEM.match(line)
    if m is None or not m.group("task"):
        return None
    pos = m.start("task") + 1
    new = "x" if line[pos] == " " else " "
    return line[:pos] + new + line[pos + 1 :]


def toggle_task_line(text: str, line: int) -> str:
    """``text`` with the task on 1-based ``line`` toggled; unchanged when that is no task."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return text
    toggled = toggle_task_in_line(lines[line - 1])
    if toggled is None:
        return text
    lines[line - 1] = toggled
    return "\n".join(lines)
