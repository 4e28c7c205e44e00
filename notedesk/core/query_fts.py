"""A parsed query as an FTS5 MATCH expression: the notes worth reading to verify it.

The word index narrows a search to candidates; every candidate is then checked in
Python (``search_eval``) against the whole query, so an expression may let through
more notes than match, never fewer.
"""

from __future__ import annotations

import re
import unicodedata

from notedesk.core.query import COMBINING_MARKS, And, Field, Node, Not, Or, Text

__all__ = ["fts_expression"]

_FTS_TOKEN = re.compile(r"[^\W_]+")


def _fts_text(node: Text) -> str | None:
    if node.kind == "regex":
        return None
    tokens = _FTS_TOKEN.findall(
        COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", node.value)).lower()
    )
    # Narrow only with tokens FTS5 folds exactly like ``fold``: plain ASCII, and no "ss",
    # which Python's casefold also produces from "ß" (FTS5 keeps "ß").
    if not tokens or not all(tok.isascii() and "ss" not in tok for tok in tokens):
        return None  # no safe narrowing: verified in Python only
    # Any column, though words are looked for in the text only: a note whose name has the
    # word ranks first (the name weighs more in bm25), and one phrase ranks faster than a
    # body-only one; the few notes with the word only in their name are dropped on checking.
    return '"' + " ".join(tokens) + '"*'


def _exact_exclusion(node: Node) -> str | None:
    """The word of ``-word`` when FTS5 and Python agree exactly on what it excludes."""
    if not isinstance(node, Not) or not isinstance(node.child, Text):
        return None
    text = node.child
    if text.kind != "word" or text.case:
        return None
    word = text.value.lower()
    if not (word.isascii() and word.isalnum()) or "ss" in word:
        return None
    return word


def fts_expression(node: Node, scoped: bool = False) -> str | None:
    """An FTS5 MATCH expression selecting a superset of the notes ``node`` matches.

    None means "no narrowing possible": every note is a candidate. ``scoped``: ``node``
    is looked for within one line, block, section or task, not the whole note.
    """
    if isinstance(node, Text):
        return _fts_text(node)
    if isinstance(node, Field):
        if node.op in ("file", "path"):
            return None
        return fts_expression(node.child, scoped or node.op != "content")
    if isinstance(node, And):
        parts = [p for p in (fts_expression(c, scoped) for c in node.children) if p is not None]
        if not parts:
            return None
        positive = " AND ".join(f"({p})" for p in parts)
        if scoped:  # `line:(mix -sugar)`: another line of the note may hold "sugar"
            return positive
        # A plain-word exclusion is exact in FTS5 too (same tokens, same folding, looked
        # for in the body only), so "coffee -time" need not load every note with both.
        excluded = [w for c in node.children if (w := _exact_exclusion(c)) is not None]
        return positive + "".join(f' NOT body:"{w}"*' for w in excluded)
    if isinstance(node, Or):
        ors = [fts_expression(c, scoped) for c in node.children]
        if any(p is None for p in ors):
            return None
        return " OR ".join(f"({p})" for p in ors if p is not None)
    return None  # Not, TagTerm, Prop: decided from the index
