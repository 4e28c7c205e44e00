"""The text shown when the pointer rests on a link: the start of the note, or the linked part."""

from __future__ import annotations

import html

from notedesk.core.links import slugify
from notedesk.core.note import parse_note

MAX_LINES = 14
MAX_CHARS = 900


def hover_excerpt(path: str, text: str, fragment: str = "") -> str:
    """Rich text (escaped) for a tooltip: title, then the section or block the link names."""
    lines = text.split("\n")
    meta = parse_note(text[:200_000])
    start = meta.frontmatter_end_line if meta.frontmatter_end_line else 0
    if fragment.startswith("^"):
        block = next((b for b in meta.block_ids if b.id == fragment[1:]), None)
        if block is not None:
            start = max(0, block.line - 1)
            lines = [lines[start]]
            start = 0
    elif fragment:
        heading = next((h for h in meta.headings if slugify(h.text) == fragment), None)
        if heading is not None:
            start = heading.line - 1
    body = "\n".join(line for line in lines[start : start + MAX_LINES]).strip()
    if len(body) > MAX_CHARS:
        body = body[:MAX_CHARS].rstrip() + " …"
    name = path.rsplit("/", 1)[-1]
    name = name[:-3] if name.lower().endswith(".md") else name
    return f"<b>{html.escape(name)}</b><pre style='white-space: pre-wrap'>{html.escape(body)}</pre>"
