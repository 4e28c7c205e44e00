"""Heading slugs: the one place the renderer turns heading text into an anchor id."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_DROP = re.compile(r"[^\w\- ]+")
_SPACES = re.compile(r"[\s\-]+")


def _fallback_slugify(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = _DROP.sub("", text)
    return _SPACES.sub("-", text).strip("-")


def _pick() -> Callable[[str], str]:
    # The index owns link grammar; while its slugify is not there yet, ours stands in.
    try:
        from notedesk.core.links import slugify as shared  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return _fallback_slugify
    return shared  # type: ignore[no-any-return,unused-ignore]


slugify: Callable[[str], str] = _pick()


def unique_slug(text: str, seen: dict[str, int]) -> str:
    """``slugify(text)``, suffixed ``-1``, ``-2`` ... when a document repeats a heading."""
    base = slugify(text) or "section"
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"
