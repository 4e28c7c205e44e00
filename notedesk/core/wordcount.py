"""Word and character counts of a note, as the status bar shows them, and counts said
with their noun."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


def counted(n: int, noun: str) -> str:
    """``n`` things as said to a person: "1 note", "2,048 notes"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def count_words(text: str) -> tuple[int, int]:
    """(words, characters) of the note body; frontmatter is not counted."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[
                text.find("\n", end + 1) + 1 if text.find("\n", end + 1) != -1 else len(text) :
            ]
    return len(_WORD.findall(text)), len(text)
