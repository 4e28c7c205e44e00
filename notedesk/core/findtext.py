"""Find and replace over a note's text: plain, whole-word or regex, with case options."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["FindOptions", "compile_query", "find_matches", "replace_plan", "replacement_at"]


class FindOptions(NamedTuple):
    regex: bool = False
    case_sensitive: bool = False
    whole_word: bool = False


def compile_query(query: str, options: FindOptions) -> re.Pattern[str]:
    """The pattern for a query; raises re.error for an invalid regex."""
    body = query if options.regex else re.escape(query)
    if options.whole_word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    flags = re.MULTILINE | (0 if options.case_sensitive else re.IGNORECASE)
    return re.compile(body, flags)


def find_matches(
    text: str, pattern: re.Pattern[str], limit: int = 100_000
) -> list[tuple[int, int]]:
    """Non-empty matches as (start, end) string indices, at most ``limit``."""
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        if m.end() > m.start():
            out.append((m.start(), m.end()))
            if len(out) >= limit:
                break
    return out


def replacement_at(
    text: str, start: int, end: int, pattern: re.Pattern[str], template: str, options: FindOptions
) -> str | None:
    """The text replacing the match at [start, end), or None when no match is there.

    Regex templates expand ``\\1`` and ``\\g<name>``; matching in the whole text keeps
    lookarounds and ``^``/``$`` right.
    """
    m = pattern.match(text, start)
    if m is None or m.end() != end:
        return None
    return m.expand(template) if options.regex else template


def replace_plan(
    text: str, pattern: re.Pattern[str], template: str, options: FindOptions
) -> list[tuple[int, int, str]]:
    """Every non-empty match with its replacement, in text order."""
    return [
        (m.start(), m.end(), m.expand(template) if options.regex else template)
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
