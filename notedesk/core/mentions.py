"""Unlinked mentions: plain-text occurrences of a note's name or aliases in other notes.

A mention is a case-insensitive whole-word occurrence (``ML`` in "ML systems",
not in "HTML" or ``#ML``) outside frontmatter, code, math, comments (``%%`` and
``<!-- -->``), raw HTML blocks, inline HTML tags (their attributes), the text of an
inline ``<a>``, wikilinks and embeds, Markdown links (text and destination),
reference links (``[text][id]``, ``[id][]``, ``[id]`` where ``id`` is defined),
link reference definitions (their whole line), autolinks and bare URLs: linking
any of those would break it.
Multi-word names match across any run of spaces or tabs on one line. When terms
overlap the longest wins ("Machine learning" over "Machine").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from notedesk.core.codespans import ExcludedSpans, find_excluded
from notedesk.core.events import FileEvent
from notedesk.core.filekinds import looks_binary
from notedesk.core.frontmatter import split_frontmatter
from notedesk.core.linkrefs import find_definitions, reference_spans
from notedesk.core.note_html import merge_spans, with_html
from notedesk.core.vault import VaultError

__all__ = [
    "Mention",
    "changed_notes",
    "find_mentions",
    "mention_pattern",
    "mention_terms",
    "scan_unlinked",
    "word_index_expression",
]

_MIN_TERM = 2
_WIKILINK = re.compile(r"!?\[\[[^\[\]\n]*\]\]")
# A link's text may hold one level of brackets: [![badge](img.svg)](page.md).
_MDLINK = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\([^()\n]*\)"
    r"|<[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>"
)
# An inline HTML tag with its attributes (<a href="install.md">), bounded by its line.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[^<>\"'\n]|\"[^\"<>\n]*\"|'[^'<>\n]*')*>")
_ANCHOR_OPEN = re.compile(r"<a[ \t>]", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a[ \t]*>", re.IGNORECASE)
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+|\bwww\.\S+")


class Mention(NamedTuple):
    source: str  # vault path of the mentioning note
    line: int  # 1-based line in the source file
    start: int  # 0-based column of the first matched character
    end: int  # 0-based column after the last matched character
    context: str  # the whole line, as written


def mention_terms(path: str, aliases: Iterable[str] = ()) -> list[str]:
    """The note's name (file name without extension) and its aliases, de-duplicated."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    terms = [name[:dot] if dot > 0 else name, *aliases]
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        cleaned = " ".join(term.split())
        if len(cleaned) >= _MIN_TERM and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            out.append(cleaned)
    return out


def mention_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for all terms, longest first; None when no usable term."""
    usable = sorted({t for t in terms if len(t.strip()) >= _MIN_TERM}, key=len, reverse=True)
    if not usable:
        return None
    parts = [r"[ \t]+".join(re.escape(word) for word in term.split()) for term in usable]
    # A word character or '#' before, or a word character after, means the term is part
    # of a longer word or a tag.
    return re.compile(r"(?<![\w#])(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _excluded(text: str, body: int) -> ExcludedSpans:
    spans = with_html(text, body, find_excluded(text, body))
    extra: list[tuple[int, int]] = []
    for pattern in (_WIKILINK, _MDLINK, _URL, _HTML_TAG):
        extra.extend(m.span() for m in pattern.finditer(text, body))
    definitions = find_definitions(text, body, spans)
    for found in definitions:  # the whole line: label, destination and title
        line_end = text.find("\n", found.end)
        line_start = text.rfind("\n", 0, found.start) + 1
        extra.append((line_start, len(text) if line_end < 0 else line_end))
    extra.extend(reference_spans(text, body, definitions))
    extra.extend(_anchor_texts(text, body))
    return merge_spans(spans, extra)


def _anchor_texts(text: str, body: int) -> list[tuple[int, int]]:
    """Each inline ``<a ...>...</a>`` on one line: a link in its text would nest in it.
    Every search starts past the last, so the scan is linear."""
    out: list[tuple[int, int]] = []
    pos = body
    while True:
        opened = _ANCHOR_OPEN.search(text, pos)
        if opened is None:
            return out
        line_end = text.find("\n", opened.end())
        if line_end < 0:
            line_end = len(text)
        closed = _ANCHOR_CLOSE.search(text, opened.end(), line_end)
        if closed is None:
            pos = line_end  # no later <a on this line is closed either
            continue
        out.append((opened.start(), closed.end()))
        pos = closed.end()


def _overlaps(spans: ExcludedSpans, start: int, end: int) -> bool:
    if start in spans or (end - 1) in spans:
        return True
    # A span strictly inside the match ("Machine [[x]] learning" cannot match anyway,
    # but a comment in the middle of a long name can).
    i = bisect_left(spans.starts, start)
    return i < len(spans.starts) and spans.starts[i] < end


def find_mentions(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int, int, str]]:
    """``(line, start_col, end_col, line_text)`` for each mention of ``pattern`` in ``text``."""
    block = split_frontmatter(text)
    body = block.body_offset if block is not None else 0
    first = pattern.search(text, body)
    if first is None:
        return []
    spans = _excluded(text, body)
    out: list[tuple[int, int, int, str]] = []
    line_no = text.count("\n", 0, first.start()) + 1
    counted_to = first.start()
    for m in pattern.finditer(text, first.start()):
        start, end = m.span()
        if _overlaps(spans, start, end):
            continue
        line_no += text.count("\n", counted_to, start)
        counted_to = start
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_text = text[line_start : len(text) if line_end < 0 else line_end]
        out.append((line_no, start - line_start, end - line_start, line_text.rstrip("\r")))
    return out


def scan_unlinked(
    target: str,
    terms: Sequence[str],
    paths: Iterable[str],
    read_text: Callable[[str], str],
    limit: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Mention]:
    """Unlinked mentions of note ``target`` in the notes ``paths`` (``target`` itself skipped).

    ``read_text(path)`` returns a note's text (``Vault.read_text``); unreadable notes are
    skipped.
    A cheap lowercase substring test rules most notes out before the regex runs.
    With ``limit``, the scan stops at the note that reaches that many mentions: a note
    with a common-word name can have thousands, and nobody links them one by one.
    It also stops (with what it found so far) once ``cancelled()`` is true.
    """
    pattern = mention_pattern(terms)
    if pattern is None:
        return []
    needles = [t.split()[0].lower() for t in terms if len(t.strip()) >= _MIN_TERM]
    out: list[Mention] = []
    for path in paths:
        if path == target:
            continue
        if cancelled is not None and cancelled():
            break
        try:
            text = read_text(path)
        except (OSError, UnicodeError, VaultError):
            continue
        if looks_binary(text):  # a binary file named .md, as the index has it
            continue
        low = text.lower()
        if not any(n in low for n in needles):
            continue
        for line, start, end, context in find_mentions(text, pattern):
            out.append(Mention(path, line, start, end, context))
        if limit is not None and len(out) >= limit:
            break
    return out


def word_index_expression(terms: Sequence[str]) -> str | None:
    """An FTS5 expression matching every note that may mention one of ``terms`` (a
    superset: the word index ignores case, accents, line ends and ``#``), or None when
    a term has no letters or digits for the index to look up."""
    usable = [t for t in terms if len(t.strip()) >= _MIN_TERM]
    if not usable or not all(any(ch.isalnum() for ch in t) for t in usable):
        return None
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in usable)


def changed_notes(events: Iterable[FileEvent]) -> set[str] | None:
    """The vault paths a batch of index events touched, for ``BacklinksPane.refresh``.

    None when a folder was involved: everything below it may have changed.
    """
    out: set[str] = set()
    for event in events:
        if event.is_dir:
            return None
        out.add(event.path)
        if event.dest is not None:
            out.add(event.dest)
    return out
