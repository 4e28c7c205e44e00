"""Obsidian's auto-pairing while typing, as pure rules on one line of text.

"Auto-pair brackets" (on by default): typing ``(``, ``[``, ``{`` or ``"`` also
inserts the closing character after the cursor when what follows is the end of
the line, a space or a closing bracket (a quote not right after a letter or
digit); typing the closing character just before one it inserted steps over it;
Backspace between an empty pair deletes both; with a selection, an opening
character wraps the selection instead of replacing it.

"Auto-pair Markdown syntax" (on by default): with a selection, typing ``*``,
``_``, ``~``, ``=`` or a backtick wraps the selection in that character.
"""

from __future__ import annotations

__all__ = ["BRACKETS", "MARKDOWN_WRAPS", "closing_for", "deletes_pair", "wrap_for"]

BRACKETS = {"(": ")", "[": "]", "{": "}", '"': '"'}
MARKDOWN_WRAPS = frozenset("*_~=`")
# What may follow the cursor for an opening bracket to get its pair.
_BEFORE_CLOSERS = frozenset(")]}:;>")


def closing_for(char: str, before: str, after: str) -> str | None:
    """The character to insert after the cursor when ``char`` is typed between
    ``before`` and ``after`` (the rest of the line on either side), or None."""
    close = BRACKETS.get(char)
    if close is None:
        return None
    nxt = after[:1]
    if nxt and not nxt.isspace() and nxt not in _BEFORE_CLOSERS:
        return None
    if char == '"':
        prev = before[-1:]
        if prev and (prev.isalnum() or prev == "_" or prev == '"'):
            return None
    return close


def wrap_for(char: str) -> tuple[str, str] | None:
    """(opening, closing) to put around a selection when ``char`` is typed over it."""
    if char in BRACKETS:
        return char, BRACKETS[char]
    if char in MARKDOWN_WRAPS:
        return char, char
    return None


def deletes_pair(before: str, after: str) -> bool:
    """Backspace with the cursor between ``before`` and ``after`` deletes the
    opening character and the closing one right after it (``(|)``, ``[[|]]``)."""
    if not before:
        return False
    close = BRACKETS.get(before[-1])
    return close is not None and after.startswith(close)
