"""parse_note(text) -> NoteMeta: frontmatter, aliases, tags, headings, block ids, links, tasks.

One code-aware pass: first the spans of code, math and comments are found
(``codespans``), then a handful of anchored regexes run over the whole text and
every hit inside such a span is dropped. All patterns are free of nested
quantifiers, so even a 20 MB note or 100k ``[[`` in a row parse in linear time.
Lines are 1-based lines of the whole file (frontmatter included); columns are
1-based.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import unquote

from notedesk.core.codespans import ExcludedSpans, find_excluded
from notedesk.core.frontmatter import (
    FrontmatterBlock,
    key_line,
    load_frontmatter,
    split_frontmatter,
    string_list,
)
from notedesk.core.links import is_external_url, slugify

__all__ = [
    "BlockId",
    "Heading",
    "Link",
    "NoteMeta",
    "Problem",
    "Tag",
    "Task",
    "normalize_tag",
    "parse_note",
]


class Tag(NamedTuple):
    name: str  # as written (display casing), without ``#``
    line: int
    source: str  # "frontmatter" | "inline"


class Heading(NamedTuple):
    level: int
    text: str
    line: int
    slug: str


class BlockId(NamedTuple):
    id: str
    line: int


class Link(NamedTuple):
    target: str  # as written, fragment removed; Markdown links URL-decoded
    fragment: str | None  # "Heading", "Heading#Sub" or "^block-id"
    alias: str | None  # shown text (or embed size such as "200x100")
    line: int
    col: int
    embed: bool
    kind: str  # "wiki" | "markdown"
    raw: str


class Task(NamedTuple):
    state: str  # the character between the brackets: " ", "x", "?", "-", "/", ">", ...
    text: str
    line: int


class Problem(NamedTuple):
    line: int
    message: str


@dataclass(slots=True)
class NoteMeta:
    """Everything the index needs to know about one note."""

    frontmatter: dict[str, Any] = field(default_factory=dict)
    frontmatter_error: str | None = None
    frontmatter_end_line: int = 0  # 0 when the note has no frontmatter
    aliases: list[str] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[BlockId] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def tag_names(self) -> list[str]:
        """Distinct tags, first-seen casing, in order of appearance."""
        seen: dict[str, str] = {}
        for tag in self.tags:
            seen.setdefault(tag.name.casefold(), tag.name)
        return list(seen.values())


# Every pattern starts with a literal so re can skip ahead fast; "!" and the
# character before a tag are checked in Python.
_WIKILINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_MDLINK = re.compile(
    r"\[([^\[\]\n]*)\]\([ \t]*(<[^<>\n]*>|[^()\s]*)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
)
_HASH = re.compile(r"#([^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]*)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)(.*)$", re.MULTILINE)
_SETEXT = re.compile(r"\n {0,3}(=+|-{2,})[ \t]*$", re.MULTILINE)
_SETEXT_LINE = re.compile(r" {0,3}(?:=+|-{2,})[ \t]*")
_NOT_PARAGRAPH = re.compile(r"[ \t>]*(?:$|#|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\||`{3}|~{3}|<)")
_TASK = re.compile(r"\[(.)\](?=[ \t]|$)(.*)$", re.MULTILINE)
_TASK_LOOKBACK = 80
_TASK_PREFIX = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+$")
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE)
_TAG_KEEP = frozenset("_-/")
_new = tuple.__new__
_ASCII_TAG = re.compile(r"[A-Za-z0-9_/$+<=>^`|~-]*")
_NO_TAG = re.compile(r"[0-9_/-]*")  # digits and "_-/" only: not a tag (``#1984``)
_HTML_COMMENT_BLOCK = re.compile(r" {0,3}<!--")


def normalize_tag(raw: str) -> str | None:
    """A tag's name as written, or None when it is not a tag (``#1984``, ``#``)."""
    name = raw.lstrip("#")
    if name.isascii():
        # ASCII: letters, digits, "_-/" and symbols (``+``, ``$``...) continue a tag;
        # other punctuation, spaces and control characters end it.
        cut = _ASCII_TAG.match(name)
        name = name[: cut.end()] if cut is not None else ""
        name = name.strip("/")
        if not name or _NO_TAG.fullmatch(name):
            return None
        return name
    for i, ch in enumerate(name):
        # Unicode punctuation and spaces end a tag (``#标签，`` is ``标签``); emoji are symbols.
        if ch not in _TAG_KEEP and not ch.isalnum() and unicodedata.category(ch)[0] in "PZC":
            name = name[:i]
            break
    name = name.strip("/")
    if not name or all(ch.isdigit() or ch in _TAG_KEEP for ch in name):
        return None
    return name


class _Lines:
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


def _outside(
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


def parse_note(text: str) -> NoteMeta:
    """Parse one note's text (LF newlines) into its metadata."""
    meta = NoteMeta()
    lines = _Lines(text)
    body = 0
    block = split_frontmatter(text)
    if block is not None:
        body = block.body_offset
        meta.frontmatter_end_line = block.end_line
        loaded = load_frontmatter(block)
        meta.frontmatter = loaded.data
        meta.frontmatter_error = loaded.error
        if loaded.error is not None:
            meta.problems.append(Problem(loaded.error_line or 1, loaded.error))
        _frontmatter_fields(meta, block)
    excluded = find_excluded(text, body)
    if "<!--" in text:
        excluded = _with_html_comments(text, body, excluded)
    link_spans = ExcludedSpans()
    _parse_wikilinks(text, body, excluded, lines, meta, link_spans)
    wiki_count = len(meta.links)
    _parse_markdown_links(text, body, excluded, lines, meta, link_spans)
    if 0 < wiki_count < len(meta.links):  # each pass is in order; merge the two
        pairs = sorted(zip(link_spans.starts, link_spans.ends, strict=True))
        link_spans.starts = [a for a, _ in pairs]
        link_spans.ends = [b for _, b in pairs]
        meta.links.sort(key=_link_position)
    _parse_hashes(text, body, excluded, link_spans, lines, meta)
    _parse_setext(text, body, excluded, lines, meta)
    _parse_tasks_and_blocks(text, body, excluded, lines, meta)
    return meta


def _link_position(link: Link) -> tuple[int, int]:
    return link.line, link.col


def _with_html_comments(text: str, body: int, excluded: ExcludedSpans) -> ExcludedSpans:
    """``excluded`` plus HTML comments (``<!-- ... -->``), which yield no tags or links.

    A comment starting in code or math is literal. An unclosed comment hides the
    rest of the note when it starts a line (an HTML block); inside a paragraph it
    is plain text.
    """
    found: list[tuple[int, int]] = []
    pos = body
    while True:
        at = text.find("<!--", pos)
        if at < 0:
            break
        i = bisect_right(excluded.starts, at) - 1
        if i >= 0 and at < excluded.ends[i]:
            pos = excluded.ends[i]
            continue
        close = text.find("-->", at + 2)  # "<!-->" and "<!--->" are (empty) comments too
        if close < 0:
            line_start = text.rfind("\n", 0, at) + 1
            if _HTML_COMMENT_BLOCK.match(text, line_start) and text.find("<!--", line_start) == at:
                found.append((at, len(text)))
            break
        found.append((at, close + 3))
        pos = close + 3
    if not found:
        return excluded
    merged = ExcludedSpans()
    for start, end in sorted([*zip(excluded.starts, excluded.ends, strict=True), *found]):
        if merged.starts and start < merged.ends[-1]:
            merged.ends[-1] = max(merged.ends[-1], end)
        else:
            merged.add(start, end)
    return merged


def _frontmatter_fields(meta: NoteMeta, block: FrontmatterBlock) -> None:
    data = meta.frontmatter
    for key in ("tags", "tag"):
        if key in data:
            line = key_line(block, key)
            for item in string_list(data[key], split_spaces=True):
                name = normalize_tag(item)
                if name is not None:
                    meta.tags.append(Tag(name, line, "frontmatter"))
    for key in ("aliases", "alias"):
        if key in data:
            meta.aliases.extend(string_list(data[key], split_spaces=False))


def _parse_wikilinks(
    text: str,
    body: int,
    excluded: ExcludedSpans,
    lines: _Lines,
    meta: NoteMeta,
    spans: ExcludedSpans,
) -> None:
    if "[[" not in text:
        return
    # The most frequent construct: _outside, the embed/escape checks and the fragment
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


def _parse_markdown_links(
    text: str,
    body: int,
    excluded: ExcludedSpans,
    lines: _Lines,
    meta: NoteMeta,
    spans: ExcludedSpans,
) -> None:
    if "](" not in text:
        return
    wiki_spans = ExcludedSpans()
    wiki_spans.starts, wiki_spans.ends = list(spans.starts), list(spans.ends)
    for m in _outside(_MDLINK, text, body, excluded):
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
        meta.links.append(
            Link(target, fragment, shown, line, lines.col(start, line), embed, "markdown", raw)
        )
        spans.add(start, m.end())


def _heading_text(raw: str) -> str:
    text = raw.strip()
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip()
    return text


def _parse_hashes(
    text: str,
    body: int,
    excluded: ExcludedSpans,
    link_spans: ExcludedSpans,
    lines: _Lines,
    meta: NoteMeta,
) -> None:
    """ATX headings and inline tags: both start at a ``#``."""
    if "#" not in text:
        return
    heading_end = -1
    link_starts, link_ends = link_spans.starts, link_spans.ends
    for m in _outside(_HASH, text, body, excluded):
        start = m.start()
        if start < heading_end:
            pass  # a tag inside a heading's text still counts; the markers do not
        elif start == 0 or text[start - 1] in " \n":
            line_start = start
            while line_start > 0 and text[line_start - 1] == " " and start - line_start < 3:
                line_start -= 1
            if line_start == 0 or text[line_start - 1] == "\n":
                heading = _HEADING.match(text, line_start)
                if heading is not None:
                    title = _heading_text(heading.group(2))
                    line = lines.line(start)
                    meta.headings.append(
                        Heading(len(heading.group(1)), title, line, slugify(title))
                    )
                    heading_end = heading.end()
                    continue
        name = m.group(1)
        if not name or (start > 0 and not text[start - 1].isspace()):
            continue
        if link_starts:
            i = bisect_right(link_starts, start) - 1
            if i >= 0 and start < link_ends[i]:
                continue
        tag = normalize_tag(name)
        if tag is not None:
            meta.tags.append(Tag(tag, lines.line(start), "inline"))


def _parse_setext(
    text: str, body: int, excluded: ExcludedSpans, lines: _Lines, meta: NoteMeta
) -> None:
    added = False
    for m in _outside(_SETEXT, text, max(body - 1, 0), excluded):
        if m.start() + 1 < body:
            continue
        line = lines.line(m.start() + 1)
        if line < 2 or m.start() + 1 in excluded:
            continue
        prev_start = text.rfind("\n", 0, m.start()) + 1
        if prev_start < body or prev_start in excluded:
            continue
        prev = text[prev_start : m.start()]
        if not prev.strip() or _NOT_PARAGRAPH.match(prev) or _SETEXT_LINE.fullmatch(prev):
            continue
        title = prev.strip()
        level = 1 if m.group(1)[0] == "=" else 2
        meta.headings.append(Heading(level, title, line - 1, slugify(title)))
        added = True
    if added:
        meta.headings.sort(key=lambda h: h.line)


def _parse_tasks_and_blocks(
    text: str, body: int, excluded: ExcludedSpans, lines: _Lines, meta: NoteMeta
) -> None:
    if "[" in text:
        for m in _outside(_TASK, text, body, excluded):
            start = m.start()
            # The list marker is a few characters before "[": look back a bounded distance.
            line_start = text.rfind("\n", max(0, start - _TASK_LOOKBACK), start) + 1
            if line_start == 0 and start > _TASK_LOOKBACK:
                continue
            if _TASK_PREFIX.match(text, line_start, start) is None:
                continue
            meta.tasks.append(Task(m.group(1), m.group(2).strip(), lines.line(start)))
    if "^" in text:
        for m in _outside(_BLOCK_ID, text, body, excluded):
            at = m.start()
            if at > 0 and text[at - 1] not in " \t\n":
                continue
            if at in excluded:
                continue
            meta.block_ids.append(BlockId(m.group(1), lines.line(at)))
