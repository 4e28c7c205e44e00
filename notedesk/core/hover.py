"""The text shown when the pointer rests on a link: the start of the note, or the linked part.

The excerpt is rendered to the small HTML a tooltip shows (headings, paragraphs,
lists, emphasis, code, quotes): CommonMark with raw HTML escaped, wikilinks shown
as their text, embeds and pictures as their names, block ids left out. A heading
link shows that heading's section, up to the next heading of its level or above.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from notedesk.core.links import slugify
from notedesk.core.note import parse_note

MAX_LINES = 14
MAX_CHARS = 900

_EMBED = re.compile(r"!\[\[([^\]|#^]*)[^\]]*\]\]")
_WIKILINK = re.compile(r"\[\[([^\]|]*)\|?([^\]]*)\]\]")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_BLOCK_ID = re.compile(r"[ \t]\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
_md: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
    global _md
    if _md is None:
        _md = MarkdownIt("commonmark", {"html": False}).disable("image")
    return _md


def _plain_links(text: str) -> str:
    """Wikilinks as the text they show, embeds and pictures as their names: a tooltip
    neither follows links nor loads files."""
    text = _EMBED.sub(lambda m: f"[{m.group(1).strip() or 'embed'}]", text)
    text = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    text = _IMAGE.sub(lambda m: f"[{m.group(1) or 'picture'}]", text)
    return _BLOCK_ID.sub("", text)


def hover_excerpt(path: str, text: str, fragment: str = "") -> str:
    """Rich text for a tooltip: the note's name, then the section or block the link names
    (the note's start without one), rendered."""
    lines = text.split("\n")
    meta = parse_note(text[:200_000])
    start = meta.frontmatter_end_line if meta.frontmatter_end_line else 0
    end = len(lines)
    if fragment.startswith("^"):
        block = next((b for b in meta.block_ids if b.id == fragment[1:]), None)
        if block is not None:
            start = max(0, block.line - 1)
            end = start + 1
    elif fragment:
        heading = next((h for h in meta.headings if slugify(h.text) == fragment), None)
        if heading is not None:
            start = heading.line - 1
            end = next(
                (
                    h.line - 1
                    for h in meta.headings
                    if h.line > heading.line and h.level <= heading.level
                ),
                end,
            )
    body = "\n".join(lines[start : min(end, start + MAX_LINES)]).strip()
    cut = len(body) > MAX_CHARS or end > start + MAX_LINES
    if len(body) > MAX_CHARS:
        body = body[:MAX_CHARS].rstrip()
    rendered = _markdown().render(_plain_links(body)) if body else ""
    more = "<p>…</p>" if cut else ""
    name = path.rsplit("/", 1)[-1]
    name = name[:-3] if name.lower().endswith(".md") else name
    return f"<b>{html.escape(name)}</b><div>{rendered}{more}</div>"
