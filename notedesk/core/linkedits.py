"""Applying link edits to a note's text: each where the index saw the link, quoted as the
frontmatter string holding it needs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from notedesk.core.frontmatter import split_frontmatter

__all__ = ["LinkEdit", "apply_edits", "line_starts", "link_offset"]


class LinkEdit(NamedTuple):
    """One link whose text changes: where it is and its text before and after."""

    line: int
    col: int
    old: str
    new: str


def line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def link_offset(starts: list[int], line: int, col: int) -> int:
    """The character offset of a 1-based line and column."""
    return starts[line - 1] + col - 1


def _quote_at(line: str, col: int) -> str:
    """The quote (``"`` or ``'``) of the YAML/JSON string holding ``line[col]``, or ``""``.

    A quote opens a string only where a value starts (after ``:``, ``-``, ``[``, ``,``,
    ``{`` or at the line's start): the ``'`` in ``title: it's [[Note]]`` is text.
    """
    quote = ""
    i = 0
    while i < col:
        ch = line[i]
        if not quote:
            if ch in "\"'":
                before = line[:i].rstrip()
                if not before or before[-1] in ":-[,{?":
                    quote = ch
        elif quote == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = ""
        elif ch == "'":
            if line[i + 1 : i + 2] == "'":
                i += 1
            else:
                quote = ""
        i += 1
    return quote


def _quoted(raw: str, quote: str) -> str:
    """A link's text as it must be written inside a string with ``quote``.

    The rewritten part of ``raw`` is plain, the rest still written as in the file:
    undoing the escapes first escapes each character exactly once.
    """
    if quote == "'":
        return raw.replace("''", "'").replace("'", "''")
    plain = re.sub(r'\\([\\"])', r"\1", raw)
    return plain.replace("\\", "\\\\").replace('"', '\\"')


def apply_edits(text: str, edits: Iterable[LinkEdit]) -> str:
    """``text`` with every edit applied; each edit's old text must be where it says.

    A link in a quoted frontmatter value (``related: "[[Note]]"``) is written with
    that string's escapes, so a new name holding a quote keeps the YAML valid.
    """
    starts = line_starts(text)
    placed = sorted((link_offset(starts, e.line, e.col), e) for e in edits)
    block = split_frontmatter(text) if placed else None
    fm_end = block.end_line if block is not None else 0
    out: list[str] = []
    pos = 0
    for offset, edit in placed:
        if offset < pos or text[offset : offset + len(edit.old)] != edit.old:
            raise ValueError(f"link {edit.old!r} not found at line {edit.line}")
        out.append(text[pos:offset])
        new = edit.new
        if edit.line < fm_end:
            line_start = starts[edit.line - 1]
            quote = _quote_at(text[line_start:offset], offset - line_start)
            if quote:
                new = _quoted(new, quote)
        out.append(new)
        pos = offset + len(edit.old)
    out.append(text[pos:])
    return "".join(out)
