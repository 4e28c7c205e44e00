"""Heading anchors: the shared ``slugify`` plus per-document de-duplication."""

from __future__ import annotations

from notedesk.core.links import slugify

__all__ = ["slugify", "unique_slug"]


def unique_slug(text: str, seen: dict[str, int]) -> str:
    """``slugify(text)``, suffixed ``-1``, ``-2`` ... when a document repeats a heading."""
    base = slugify(text)
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"
