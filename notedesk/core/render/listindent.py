"""Lenient list nesting: an item indented past its parent's marker nests under it.

CommonMark nests an item only when it is indented to the parent's content column, so
``1. one`` followed by ``  1. two`` (two spaces, the parent's text starts at column 3)
gives one flat list. Vaults mix tab, 2, 3 and 4 space indents, and Obsidian nests such
items; here their indent is widened to the parent's content column before parsing.
Lines are only widened, never added or removed, so line numbers stay exact.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_ITEM = re.compile(r"([-+*]|\d{1,9}[.)])([ \t]+|$)")
_FENCE = re.compile(r"(`{3,}|~{3,})")
_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TAB = 4


def _indent(line: str) -> tuple[int, int]:
    """(characters, columns) of the line's leading whitespace."""
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)]
    return len(lead), len(lead.expandtabs(_TAB))


def _frontmatter_end(lines: list[str]) -> int:
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0


def nest_short_indents(src: str) -> str:
    """``src`` with list items indented past their parent's marker moved under its text."""
    if "\n" not in src:
        return src
    lines = src.split("\n")
    changed = False
    open_items: list[tuple[int, int]] = []  # (marker column, content column), outermost first
    fence = ""
    blank_before = False
    for i in range(_frontmatter_end(lines), len(lines)):
        line = lines[i]
        chars, width = _indent(line)
        rest = line[chars:]
        if fence:
            if rest.startswith(fence) and not rest.strip(fence[0]).strip():
                fence = ""
            continue
        if not rest.strip():
            blank_before = True
            continue
        opened = _FENCE.match(rest)
        item = None if _BREAK.match(rest) else _ITEM.match(rest)
        if item is None:
            if blank_before or opened:
                while open_items and width < open_items[-1][1]:
                    open_items.pop()
            if opened:
                fence = opened.group(1)
            blank_before = False
            continue
        blank_before = False
        while open_items and open_items[-1][0] >= width:
            open_items.pop()
        if open_items and width < open_items[-1][1]:
            pad = open_items[-1][1] - width
            lines[i] = " " * (open_items[-1][1]) + rest
            chars, width = open_items[-1][1], width + pad
            changed = True
        marker, gap = item.group(1), item.group(2)
        gap_width = len(gap.expandtabs(_TAB))
        text_col = width + len(marker) + (1 if not gap or gap_width > 4 else gap_width)
        open_items.append((width, text_col))
    return "\n".join(lines) if changed else src


def _rule(state: StateCore) -> None:
    if "\n " in state.src:
        state.src = nest_short_indents(state.src)


def listindent_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("normalize", "nd_list_indent", _rule)
