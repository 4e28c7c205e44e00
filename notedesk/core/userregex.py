"""Regular expressions typed by the user, matched with a time limit.

``re`` holds the GIL for the whole of a match, so a pattern that backtracks
without end (``/(a|aa)+$/`` on a long run of "a") would freeze every thread of
the app, the window included, with no way to stop it. The ``regex`` module
matches the same syntax (its version 0 follows ``re``), lets other threads run
while it matches, and gives up after a time limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import regex

__all__ = ["TIME_LIMIT", "RegexTooSlow", "UserPattern", "compile_user"]

TIME_LIMIT = 2.0  # seconds for one search of one text

_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE


class RegexTooSlow(Exception):
    """A match took longer than ``TIME_LIMIT``."""

    def __init__(self, source: str) -> None:
        super().__init__(
            f"the regular expression /{source}/ takes too long on this text "
            f"(over {TIME_LIMIT:g} s); nested repeats such as (a+)+ are the usual cause"
        )


class UserPattern:
    """A compiled user pattern: ``search`` and ``finditer`` as ``re`` has them, time-limited."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, source: str, flags: int) -> None:
        self._compiled: Any = regex.compile(source, flags | regex.VERSION0)
        self.pattern = source
        self.flags = flags & _RE_FLAGS  # as ``re`` spells them (search_fragments reads them)

    def search(self, text: str, pos: int = 0) -> Any:
        """The first match in ``text`` from ``pos``, or None; raises RegexTooSlow."""
        try:
            return self._compiled.search(text, pos, concurrent=True, timeout=TIME_LIMIT)
        except TimeoutError:
            raise RegexTooSlow(self.pattern) from None

    def finditer(self, text: str, pos: int = 0) -> Iterator[Any]:
        """Every match in ``text`` from ``pos``; raises RegexTooSlow."""
        try:
            yield from self._compiled.finditer(text, pos, concurrent=True, timeout=TIME_LIMIT)
        except TimeoutError:
            raise RegexTooSlow(self.pattern) from None

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r}, {self.flags})"


def compile_user(source: str, flags: int) -> UserPattern:
    """``source`` compiled; raises ValueError (with ``regex``'s message) when invalid."""
    try:
        return UserPattern(source, flags)
    except (regex.error, OverflowError, RecursionError, MemoryError) as exc:
        raise ValueError(str(exc)) from None
