"""Word and character counts of a note, as the status bar shows them."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


def count_words(text: str) -> tuple[int, int]:
    """(words, characters) of the note body; frontmatter is not counted."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[
                text.find("\n", end + 1) + 1 if text.find("\n", end + 1) != -1 else len(text) :
            ]
    return len(_WORD.findall(text)), len(text)
