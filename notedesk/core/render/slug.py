"""Heading anchors: the shared ``slugify``, per-document de-duplication, and where a link's
``#fragment`` lands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notedesk.core.links import fragment_parts, heading_anchor, slugify

if TYPE_CHECKING:
    from notedesk.core.render.context import RenderContext

__all__ = ["note_anchor", "slugify", "unique_slug"]


def unique_slug(text: str, seen: dict[str, int]) -> str:
    """``slugify(text)``, suffixed ``-1``, ``-2`` ... when a document repeats a heading."""
    base = slugify(text)
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def note_anchor(ctx: RenderContext, path: str, fragment: str) -> str:
    """The anchor in note ``path`` that a link's ``#fragment`` lands on (``links.heading_anchor``):
    the id of the heading it names, as written (``#What is it?``), as Obsidian writes it
    (``#D D`` for ``D&D``) or GitHub style (``#what-is-it``); ``^id`` as is.

    The document being rendered knows its headings; another note's are read once per render.
    """
    parts = fragment_parts(fragment)
    if not parts or parts[-1].startswith("^"):
        return parts[-1] if parts else ""
    if path == ctx.source:
        return heading_anchor(fragment, ctx.headings)
    headings = ctx.shared.headings.get(path)
    if headings is None:
        from notedesk.core.note import parse_note

        text = ctx.host.read_text(path)
        headings = parse_note(text).headings if text is not None else []
        ctx.shared.headings[path] = headings
    return heading_anchor(fragment, headings)
