"""What is at the editor's cursor: a completion context, or a link/tag to follow.

Pure functions over one line of text; columns are Python string indices.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

from notedesk.core.note import normalize_tag

__all__ = [
    "CompletionContext",
    "LinkHit",
    "completion_context",
    "link_at",
    "rank_candidates",
]

_TAG_BEFORE = re.compile(r"(?:^|(?<=\s))#([^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]+)$")
_WIKILINK = re.compile(r"!?\[\[([^\[\]\n]*)\]\]")
_MDLINK = re.compile(r"!?\[[^\[\]\n]*\]\(((?:[^()\n]|\([^()\n]*\))*)\)")
_URL = re.compile(r"(?:https?|mailto|ftp):[^\s<>()\[\]]+")
_TAG = re.compile(r"(?<!\S)#[^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]+")


class CompletionContext(NamedTuple):
    kind: str  # "note" | "heading" | "block" | "tag"
    query: str  # what the user typed so far
    start: int  # column where the completed text begins (the query's start)
    note: str = ""  # heading/block: the link's note part ("" = this note)


class LinkHit(NamedTuple):
    kind: str  # "wikilink" | "markdown" | "url" | "tag"
    target: str  # wikilink target with fragment (no alias), the URL, or the tag without "#"
    start: int
    end: int


def _in_code(before: str) -> bool:
    return before.count("`") % 2 == 1


def completion_context(before: str) -> CompletionContext | None:
    """The completion the text before the cursor on its line asks for, if any."""
    opened = before.rfind("[[")
    if opened >= 0 and "]]" not in before[opened:] and not _in_code(before[:opened]):
        inner = before[opened + 2 :]
        if "|" in inner:
            return None
        hashed = inner.find("#")
        if hashed < 0:
            return CompletionContext("note", inner, opened + 2)
        note = inner[:hashed]
        rest = inner[hashed + 1 :]
        if rest.startswith("^"):
            return CompletionContext("block", rest[1:], opened + hashed + 4, note)
        last = inner.rfind("#")
        return CompletionContext("heading", inner[last + 1 :], opened + last + 3, note)
    tag = _TAG_BEFORE.search(before)
    if tag is not None and not _in_code(before[: tag.start()]):
        return CompletionContext("tag", tag.group(1), tag.start(1))
    return None


def link_at(line: str, col: int) -> LinkHit | None:
    """The wikilink, Markdown link, bare URL or tag under column ``col``, if any."""
    for m in _WIKILINK.finditer(line):
        if m.start() <= col < m.end():
            target = m.group(1).split("|", 1)[0].rstrip("\\").strip()
            return LinkHit("wikilink", target, m.start(), m.end())
    for m in _MDLINK.finditer(line):
        if m.start() <= col < m.end():
            url = m.group(1).strip().split(" ", 1)[0].strip("<>")
            return LinkHit("markdown", url, m.start(), m.end())
    for m in _URL.finditer(line):
        if m.start() <= col < m.end():
            return LinkHit("url", m.group().rstrip(".,;:!?'\""), m.start(), m.end())
    for m in _TAG.finditer(line):
        if m.start() <= col < m.end():
            name = normalize_tag(m.group()[1:])
            if name is not None:
                return LinkHit("tag", name, m.start(), m.start() + 1 + len(name))
    return None


def rank_candidates(
    query: str, items: list[tuple[str, str]], limit: int = 50
) -> list[tuple[str, str]]:
    """Items (display, insert) best first; an empty query keeps the given order.

    Prefix matches come first, then substrings, then abbreviations (the query's
    characters in order, ``mkdn`` -> ``Markdown``, tightest first), then typo-
    tolerant fuzzy matches from rapidfuzz.
    """
    if not query:
        return items[:limit]
    q = query.casefold()
    abbreviation = re.compile(".*?".join(re.escape(ch) for ch in q))
    prefix: list[tuple[str, str]] = []
    inside: list[tuple[int, tuple[str, str]]] = []
    spread: list[tuple[int, tuple[str, str]]] = []
    rest: list[int] = []
    for i, item in enumerate(items):
        low = item[0].casefold()
        if low.startswith(q):
            prefix.append(item)
            continue
        at = low.find(q)
        if at >= 0:
            inside.append((at, item))
            continue
        m = abbreviation.search(low)
        if m is not None:
            spread.append((m.end() - m.start(), item))
        else:
            rest.append(i)
    prefix.sort(key=lambda it: (len(it[0]), it[0].casefold()))
    inside.sort(key=lambda pair: (pair[0], len(pair[1][0])))
    spread.sort(key=lambda pair: (pair[0], len(pair[1][0])))
    out = prefix + [it for _, it in inside] + [it for _, it in spread]
    if len(out) < limit and rest and len(q) >= 3:
        choices = [items[i][0] for i in rest]
        fuzzy = process.extract(
            query,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit - len(out),
            score_cutoff=70,
        )
        out.extend(items[rest[index]] for _choice, _score, index in fuzzy)
    return out[:limit]
