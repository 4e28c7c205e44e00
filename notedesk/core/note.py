"""parse_note(text) -> NoteMeta: frontmatter, aliases, tags, headings, block ids, links, tasks.

One code-aware pass: first the spans of code, math and comments are found
(``codespans``), then a handful of anchored regexes run over the whole text and
every hit inside such a span is dropped. All patterns are free of nested
quantifiers, so even a 20 MB note or 100k ``[[`` in a row parse in linear time.
Lines are 1-based lines of the whole file (frontmatter included); columns are
1-based. The link passes live in note_links.py, the records in note_types.py.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from notedesk.core.codespans import ExcludedSpans, find_excluded
from notedesk.core.frontmatter import (
    FrontmatterBlock,
    key_line,
    load_frontmatter,
    split_frontmatter,
    string_list,
)
from notedesk.core.links import slugify
from notedesk.core.note_html import with_html, with_html_comments
from notedesk.core.note_links import (
    Lines,
    link_position,
    outside,
    parse_html_links,
    parse_markdown_links,
    parse_property_links,
    parse_reference_definitions,
    parse_wikilinks,
)
from notedesk.core.note_types import BlockId, Heading, Link, NoteMeta, Problem, Tag, Task
from notedesk.core.task_text import continuation, lines_from, task_item

__all__ = [
    "PARSER_VERSION",
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

# Changes whenever parse_note gives other results for the same text: the index cache
# parses every note again when it was filled by another version.
# 2: property links; no tags or links in raw HTML blocks. 3: an inline %% comment ends
# with its paragraph, heading, list item or table cell. 4: a %% comment in a quote ends
# with the quote at the latest. 5: a block comment closed on a later line hides the
# rest of that line. 9: a note with a stray NUL or a few is parsed (filekinds.looks_binary);
# a file starting as a PNG, PDF, zip... is binary. 10: a task's text takes the lines
# continuing its list item (Task.more). 11: a nested sibling item ends a task's text.
# 12: link reference definitions ([id]: destination) are Markdown links. 13: so are
# local paths in <a href> and <img src>.
PARSER_VERSION = "13"

# Every pattern starts with a literal so re can skip ahead fast; "!" and the
# character before a tag are checked in Python.
_HASH = re.compile(r"#([^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]*)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)(.*)$", re.MULTILINE)
_SETEXT = re.compile(r"\n {0,3}(=+|-{2,})[ \t]*$", re.MULTILINE)
_SETEXT_LINE = re.compile(r" {0,3}(?:=+|-{2,})[ \t]*")
_NOT_PARAGRAPH = re.compile(r"[ \t>]*(?:$|#|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\||`{3}|~{3}|<)")
# The task's text is read up to the line's end only for a task that counts: matched
# with the pattern, every "[x]" in code or mid-line would scan to the end of its line
# (quadratic on a long line full of them).
_TASK = re.compile(r"\[(.)\](?=[ \t]|$)", re.MULTILINE)
_TASK_LOOKBACK = 80
_TASK_PREFIX = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+$")
_ITEM_START = re.compile(r"( *)(?:[-*+]|\d{1,9}[.)])[ \t]")  # a list item, not quoted
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE)
_TAG_KEEP = frozenset("_-/")
_new = tuple.__new__  # builds a NamedTuple without its Python-level __new__
_ASCII_TAG = re.compile(r"[A-Za-z0-9_/$+<=>^`|~-]*")
_NO_TAG = re.compile(r"[0-9_/-]*")  # digits and "_-/" only: not a tag (``#1984``)


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


def parse_note(text: str) -> NoteMeta:
    """Parse one note's text (LF newlines) into its metadata."""
    meta = NoteMeta()
    lines = Lines(text)
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
        parse_property_links(block, meta.frontmatter, meta)
    code = find_excluded(text, body)
    excluded = with_html(text, body, code)
    link_spans = ExcludedSpans()
    parse_wikilinks(text, body, excluded, lines, meta, link_spans)
    wiki_count = len(meta.links)
    parse_markdown_links(text, body, excluded, lines, meta, link_spans)
    markdown_count = len(meta.links)
    parse_reference_definitions(text, body, excluded, lines, meta, link_spans)
    definition_count = len(meta.links)
    if "<" in text:  # links in raw HTML, HTML blocks included
        in_html = with_html_comments(text, body, code) if "<!--" in text else code
        parse_html_links(text, body, in_html, Lines(text), meta, link_spans)
    passes = (
        (wiki_count > 0)
        + (markdown_count > wiki_count)
        + (definition_count > markdown_count)
        + (len(meta.links) > definition_count)
    )
    if passes > 1:  # each pass is in order; merge them
        pairs = sorted(zip(link_spans.starts, link_spans.ends, strict=True))
        link_spans.starts = [a for a, _ in pairs]
        link_spans.ends = [b for _, b in pairs]
        meta.links.sort(key=link_position)
    _parse_hashes(text, body, excluded, link_spans, lines, meta)
    _parse_setext(text, body, excluded, lines, meta)
    _parse_tasks_and_blocks(text, body, excluded, lines, meta)
    return meta


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
    lines: Lines,
    meta: NoteMeta,
) -> None:
    """ATX headings and inline tags: both start at a ``#``."""
    if "#" not in text:
        return
    heading_end = -1
    link_starts, link_ends = link_spans.starts, link_spans.ends
    for m in outside(_HASH, text, body, excluded):
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
            meta.tags.append(_new(Tag, (tag, lines.line(start), "inline")))


def _parse_setext(
    text: str, body: int, excluded: ExcludedSpans, lines: Lines, meta: NoteMeta
) -> None:
    # No "=" and no "--" after the frontmatter: no underline (a cheap test; the regex is not).
    if "=" not in text and text.find("--", body) < 0:
        return
    added = False
    for m in outside(_SETEXT, text, max(body - 1, 0), excluded):
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
    text: str, body: int, excluded: ExcludedSpans, lines: Lines, meta: NoteMeta
) -> None:
    if "[" in text:
        for m in outside(_TASK, text, body, excluded):
            start = m.start()
            # The list marker is a few characters before "[": look back a bounded distance.
            line_start = text.rfind("\n", max(0, start - _TASK_LOOKBACK), start) + 1
            if line_start == 0 and start > _TASK_LOOKBACK:
                continue
            if _TASK_PREFIX.match(text, line_start, start) is None:
                continue
            line_end = text.find("\n", m.end())
            if line_end < 0:
                line_end = len(text)
            task_text = text[m.end() : line_end].strip()
            more: list[tuple[int, str]] = []
            # The lines continuing it (linear: see task_text.py). A list item on the next
            # line (the next task, most often) ends it, unless indented as deep as the
            # task's text and 4 more (then it is text): told without reading the item.
            after = _ITEM_START.match(text, line_end + 1) if line_end < len(text) else None
            prefix = text[line_start:start]
            if line_end < len(text) and (
                after is None or len(after.group(1)) > len(prefix) - len(prefix.lstrip(" ")) + 5
            ):
                item = task_item(text[line_start:line_end])
                if item is not None:
                    more = continuation(*item, lines_from(text, line_end + 1))
            if more:
                task_text = "\n".join([task_text, *(piece for _col, piece in more if piece)])
            task = (m.group(1), task_text, lines.line(start), len(more))
            meta.tasks.append(_new(Task, task))
    if "^" in text:
        for m in outside(_BLOCK_ID, text, body, excluded):
            at = m.start()
            if at > 0 and text[at - 1] not in " \t\n":
                continue
            if at in excluded:
                continue
            meta.block_ids.append(_new(BlockId, (m.group(1), lines.line(at))))
