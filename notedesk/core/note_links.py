"""The link passes of the note parser (note.py): wikilinks, Markdown links, link reference
definitions (linkrefs.py), local paths in raw HTML (htmllinks.py), property links.

Also the parser's shared helpers: ``Lines`` (offsets to line numbers) and
``outside`` (regex matches outside code, math and comments).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from notedesk.core.codespans import ExcludedSpans
from notedesk.core.frontmatter import FrontmatterBlock
from notedesk.core.htmllinks import find_html_links, html_target
from notedesk.core.linkrefs import find_definitions
from notedesk.core.links import is_external_url
from notedesk.core.note_types import Link, NoteMeta

_WIKILINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_MDLINK = re.compile(
    r"\[([^\[\]\n]*)\]\([ \t]*(<[^<>\n]*>|[^()\s]*)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
)
_new = tuple.__new__


class Lines:
    """Offsets to 1-based lines and columns by counting newlines forward from the last query.

    Each parsing pass asks in increasing order, so counting is linear per pass;
    ``str.count`` runs at memchr speed, far cheaper than a line table for a small note.
    """

    __slots__ = ("_line", "_line_start", "_pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._pos = 0
        self._line = 1
        self._line_start = 0

    def line(self, pos: int) -> int:
        text = self.text
        if pos >= self._pos:
            newlines = text.count("\n", self._pos, pos)
            if newlines:
                self._line += newlines
                self._line_start = text.rfind("\n", self._pos, pos) + 1
        else:
            self._line = text.count("\n", 0, pos) + 1
            self._line_start = text.rfind("\n", 0, pos) + 1
        self._pos = pos
        return self._line

    def col(self, pos: int, line: int) -> int:
        """Column of ``pos``, which must be the offset last passed to ``line``."""
        return pos - self._line_start + 1


def outside(
    pattern: re.Pattern[str], text: str, pos: int, excluded: ExcludedSpans
) -> Iterator[re.Match[str]]:
    """Matches that do not start in code, math or a comment; jumps over whole spans."""
    if not excluded:
        yield from pattern.finditer(text, pos)
        return
    search = pattern.search
    starts, ends = excluded.starts, excluded.ends
    while True:
        m = search(text, pos)
        if m is None:
            return
        at = m.start()
        i = bisect_right(starts, at) - 1
        if i >= 0 and at < ends[i]:
            pos = ends[i]
            continue
        yield m
        pos = m.end() if m.end() > at else at + 1


def link_position(link: Link) -> tuple[int, int]:
    return link.line, link.col


def parse_wikilinks(
    text: str,
    body: int,
    excluded: ExcludedSpans,
    lines: Lines,
    meta: NoteMeta,
    spans: ExcludedSpans,
) -> None:
    if "[[" not in text:
        return
    # The most frequent construct: outside(), the embed/escape checks and the fragment
    # split are inlined here.
    starts, ends = excluded.starts, excluded.ends
    search = _WIKILINK.search
    append = meta.links.append
    span_starts, span_ends = spans.starts, spans.ends
    pos = body
    line, line_pos, line_start = 1, 0, 0
    while True:
        m = search(text, pos)
        if m is None:
            return
        at, end = m.span()
        if starts:
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < ends[i]:
                pos = ends[i]
                continue
        pos = end
        start = at
        before = text[at - 1] if at else ""
        if before == "!":
            start = at - 1
            if starts:
                i = bisect_right(starts, start) - 1
                if i >= 0 and start < ends[i]:
                    continue
            before = text[start - 1] if start else ""
        if before == "\\":
            continue
        inner = m.group(1)
        if "\\|" in inner:
            inner = inner.replace("\\|", "|")
        target_part, bar, alias = inner.partition("|")
        cut = target_part.find("#")
        if cut < 0:
            target, fragment = target_part.strip(), None
        else:
            target, fragment = target_part[:cut].strip(), target_part[cut + 1 :].strip()
        if not target and not fragment:
            continue
        # lines.line(start), inlined: offsets only grow within this pass
        if start >= line_pos:
            newlines = text.count("\n", line_pos, start)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", line_pos, start) + 1
            line_pos = start
        else:
            line = lines.line(start)
            line_start = start - lines.col(start, line) + 1
            line_pos = start
        link = (
            target,
            fragment,
            alias.strip() if bar else None,
            line,
            start - line_start + 1,
            start != at,
            "wiki",
            text[start:end],
        )
        append(_new(Link, link))  # tuple.__new__: a NamedTuple without its Python __new__
        span_starts.append(start)
        span_ends.append(end)


def parse_markdown_links(
    text: str,
    body: int,
    excluded: ExcludedSpans,
    lines: Lines,
    meta: NoteMeta,
    spans: ExcludedSpans,
) -> None:
    if "](" not in text:
        return
    wiki_spans = ExcludedSpans()
    wiki_spans.starts, wiki_spans.ends = list(spans.starts), list(spans.ends)
    for m in outside(_MDLINK, text, body, excluded):
        start = m.start()
        embed = start > 0 and text[start - 1] == "!"
        if embed:
            start -= 1
        if start in excluded or m.start() in wiki_spans or (start > 0 and text[start - 1] == "\\"):
            continue
        url = m.group(2)
        if url.startswith("<"):
            url = url[1:-1]
        if not url or is_external_url(url):
            spans.add(start, m.end())
            continue
        raw_target, hash_, raw_fragment = url.partition("#")
        target = unquote(raw_target).strip()
        fragment = unquote(raw_fragment).strip() if hash_ else None
        if not target and not fragment:
            continue
        line = lines.line(start)
        shown = m.group(1).strip() or None
        raw = text[start : m.end()]
        link = (target, fragment, shown, line, lines.col(start, line), embed, "markdown", raw)
        meta.links.append(_new(Link, link))
        spans.add(start, m.end())


def parse_reference_definitions(
    text: str,
    body: int,
    excluded: ExcludedSpans,
    lines: Lines,
    meta: NoteMeta,
    spans: ExcludedSpans,
) -> None:
    """``[id]: destination "title"`` lines: Markdown links (kind ``markdown``) to their
    destination, shown as their label; ``raw`` runs from ``[`` to the title's end."""
    for found in find_definitions(text, body, excluded):
        url = found.url
        if not url or is_external_url(url):
            spans.add(found.start, found.end)
            continue
        raw_target, hash_, raw_fragment = url.partition("#")
        target = unquote(raw_target).strip()
        fragment = unquote(raw_fragment).strip() if hash_ else None
        if not target and not fragment:
            continue  # Foam's "[//begin]: #" markers
        line = lines.line(found.start)
        raw = text[found.start : found.end]
        link = (target, fragment, found.label, line, lines.col(found.start, line), False)
        meta.links.append(_new(Link, (*link, "markdown", raw)))
        spans.add(found.start, found.end)


def parse_html_links(
    text: str,
    body: int,
    excluded: ExcludedSpans,
    lines: Lines,
    meta: NoteMeta,
    spans: ExcludedSpans,
) -> None:
    """``<a href="path">`` and ``<img src="path">`` with a local path: Markdown links (an
    ``<img>`` an embed); ``raw`` is the whole tag. ``excluded`` must not hold HTML blocks.

    The fragment is not kept: in HTML it names an element's ``id`` at least as often
    as a heading, so ``check`` would report anchors that exist.
    """
    for found in find_html_links(text, body, excluded):
        url = html_target(found.url)
        if not url or url.startswith("#") or is_external_url(url):
            continue
        target = unquote(url.partition("#")[0]).strip()
        if not target:
            continue
        line = lines.line(found.start)
        raw = text[found.start : found.end]
        link = (target, None, None, line, lines.col(found.start, line), found.embed)
        meta.links.append(_new(Link, (*link, "markdown", raw)))
        spans.add(found.start, found.end)


# How YAML writes a quote or backslash inside a quoted string, and what it stands for.
_YAML_ESCAPES = (("''", "'"), ('\\"', '"'), ("\\\\", "\\"))


def _property_link_texts(data: dict[str, Any]) -> dict[str, int]:
    """``[[...]]`` texts in the text and list-of-text properties, with how often each occurs."""
    wanted: dict[str, int] = {}
    for value in data.values():
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, str) and "[[" in item:
                for m in _WIKILINK.finditer(item):
                    wanted[m.group(0)] = wanted.get(m.group(0), 0) + 1
    return wanted


def parse_property_links(block: FrontmatterBlock, data: dict[str, Any], meta: NoteMeta) -> None:
    """Wikilinks in frontmatter property values (``related: "[[Note]]"``), as Obsidian has them.

    A link counts when its text is in a text property or an item of a list
    property (``related: [[Note]]`` without quotes is a YAML list, no link; a
    ``# [[Note]]`` YAML comment is none either). Line and column are those of the
    link in the file, ``raw`` the text there (``[[Bob''s]]`` in a single-quoted
    value, whose target is ``Bob's``).
    """
    fm = block.text
    if "[[" not in fm:
        return
    wanted = _property_link_texts(data)
    if not wanted:
        return
    for m in _WIKILINK.finditer(fm):
        value = m.group(0)
        if value not in wanted:
            for escaped, char in _YAML_ESCAPES:
                if escaped in value and value.replace(escaped, char) in wanted:
                    value = value.replace(escaped, char)
                    break
            else:
                continue
        wanted[value] -= 1
        if not wanted[value]:
            del wanted[value]
        target_part, bar, alias = value[2:-2].replace("\\|", "|").partition("|")
        target, hash_, fragment = target_part.partition("#")
        if not target.strip() and not fragment.strip():
            continue
        start = m.start()
        embed = start > 0 and fm[start - 1] == "!"
        if embed:
            start -= 1
        line = block.first_line + fm.count("\n", 0, start)
        col = start - fm.rfind("\n", 0, start)
        link = (
            target.strip(),
            fragment.strip() if hash_ else None,
            alias.strip() if bar else None,
            line,
            col,
            embed,
            "wiki",
            fm[start : m.end()],
        )
        meta.links.append(_new(Link, link))
