"""Heading anchors: the shared ``slugify``, per-document de-duplication, and where a link's
``#fragment`` lands."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from notedesk.core.links import heading_anchor, names_heading, slugify
from notedesk.core.note_types import Heading as NoteHeading

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
    if not names_heading(fragment):  # nothing to look up (and no note to read)
        return heading_anchor(fragment, ())
    if path == ctx.source:
        return heading_anchor(fragment, ctx.headings)
    headings = ctx.shared.headings.get(path)
    if headings is None:
        text = ctx.host.read_text(path)
        headings = _headings_of(path, text) if text is not None else []
        ctx.shared.headings[path] = headings
    return heading_anchor(fragment, headings)


# Notes' headings by (path, length, hash of the text): the preview renders again on every
# edit, and parsing a long linked note each time would cost more than reading it.
_HEADINGS: OrderedDict[tuple[str, int, int], list[NoteHeading]] = OrderedDict()
_HEADINGS_KEPT = 256


def _headings_of(path: str, text: str) -> list[NoteHeading]:
    key = (path, len(text), hash(text))
    headings = _HEADINGS.get(key)
    if headings is not None:
        _HEADINGS.move_to_end(key)
    else:
        from notedesk.core.note import parse_note

        headings = parse_note(text).headings
        _HEADINGS[key] = headings
        if len(_HEADINGS) > _HEADINGS_KEPT:
            _HEADINGS.popitem(last=False)
    return headings
