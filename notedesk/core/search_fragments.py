"""Text a note must contain for a query to match it: runs of plain characters in /regex/es.

A regular expression cannot be looked up in the word index, so a query like
``/zq+x/`` would otherwise read every note. The literal runs at the top level of
the pattern (``gar+lic`` needs "ga" and "lic") let the store pick the notes that
contain them all with a case-insensitive ``LIKE`` first. Only ASCII characters
are used: SQLite folds the case of ASCII letters only. With ``re.IGNORECASE``,
the letters i, s and k are left out too, as Python also matches them to "İ",
"ı", "ſ" and the Kelvin sign.
"""

from __future__ import annotations

import re

from notedesk.core.query import And, Field, Node, Text
from notedesk.core.userregex import UserPattern

__all__ = ["required_fragments"]

MIN_FRAGMENT = 2
_UNSAFE_FOLDED = set("iskISK")

try:  # the parser behind ``re``: private, so used only when it is there
    from re import _constants as _re_constants  # type: ignore[attr-defined]
    from re import _parser as _re_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    _re_parser = None
    _re_constants = None


def required_fragments(node: Node) -> list[str]:
    """ASCII strings every note matching ``node`` contains (case aside), longest first."""
    out: set[str] = set()
    _collect(node, out)
    return sorted(out, key=lambda f: (-len(f), f))


def _collect(node: Node, out: set[str]) -> None:
    if isinstance(node, Text):
        if node.kind == "regex" and node.pattern is not None:
            out.update(_regex_fragments(node.pattern))
    elif isinstance(node, And):
        for child in node.children:
            _collect(child, out)
    elif isinstance(node, Field) and node.op in ("content", "line", "block", "section"):
        _collect(node.child, out)  # lines and sections are parts of the text


def _regex_fragments(pattern: UserPattern) -> list[str]:
    if _re_parser is None or _re_constants is None:
        return []
    try:
        parsed = _re_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # the pattern compiled once already; be safe all the same
        return []
    folded = bool(pattern.flags & re.IGNORECASE)

    def safe(op: object, arg: object) -> str:
        if op is not _re_constants.LITERAL or not isinstance(arg, int):
            return ""
        ch = chr(arg)
        usable = ch.isascii() and ch.isprintable() and not (folded and ch in _UNSAFE_FOLDED)
        return ch if usable else ""

    repeats = (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT)
    runs: list[str] = []
    run: list[str] = []
    for op, arg in parsed:
        ch = safe(op, arg)
        if ch:
            run.append(ch)
            continue
        if op in repeats and arg[0] >= 1 and len(arg[2]) == 1:
            # "q+" holds at least one "q": it ends the run, as more may follow
            run.append(safe(*arg[2][0]))
        runs.append("".join(run))
        run = []
    runs.append("".join(run))
    return [r for r in runs if len(r) >= MIN_FRAGMENT]
