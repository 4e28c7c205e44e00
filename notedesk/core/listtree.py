"""Which lines belong to a list item: the item and the deeper lines under it.

Tab and Shift+Tab move a list item together with its children, as Obsidian does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notedesk.core.editing import parse_list_item

__all__ = ["subtree_end"]

_QUOTE = re.compile(r"(?:[ \t]*>[ \t]?)*")


def subtree_end(lines: Sequence[str], index: int) -> int:
    """The index of the last line of the list item on ``lines[index]`` with its
    children: the following lines indented deeper than the item (in the same quote),
    blank lines between them included. ``index`` itself when the line is no list
    item or has no children."""
    item = parse_list_item(lines[index])
    if item is None:
        return index
    quotes = item.quote.count(">")
    own = len(item.indent.expandtabs(4))
    end = index
    for number in range(index + 1, len(lines)):
        line = lines[number]
        quote = _QUOTE.match(line)
        assert quote is not None  # the pattern matches the empty string
        if quote.group().count(">") != quotes:
            break
        body = line[quote.end() :]
        if not body.strip():
            continue  # a blank line inside the subtree, or after it
        depth = len(body[: len(body) - len(body.lstrip(" \t"))].expandtabs(4))
        if depth <= own:
            break
        end = number
    return end
