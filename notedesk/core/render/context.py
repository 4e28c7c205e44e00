"""Per-render state shared by the plugins through markdown-it's ``env``."""

from __future__ import annotations

import re
import secrets
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from notedesk.core.note_types import Heading as NoteHeading
from notedesk.core.render.api import Heading, LinkStyle, RenderHost, RenderOptions


@dataclass
class Shared:
    """State of one top-level render, shared by every transcluded document in it."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    trusted: list[str] = field(default_factory=list)
    uses_math: bool = False
    uses_mermaid: bool = False
    embed_count: int = 0
    embed_chars: int = 0  # text transcluded so far, all embeds together
    raw_html_depth: int = 0
    embeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # other notes' headings, read for links to them (slug.note_anchor)
    headings: dict[str, Sequence[NoteHeading]] = field(default_factory=dict)

    def trust(self, html: str) -> str:
        """A text placeholder for markup we built ourselves; swapped in after sanitising.

        The nonce is random per render, so note text cannot forge a placeholder.
        """
        self.trusted.append(html)
        return f"ndT{self.nonce}x{len(self.trusted) - 1}z"

    def restore(self, html: str) -> str:
        if not self.trusted:
            return html
        pattern = re.compile(f"ndT{self.nonce}x(\\d+)z")
        return pattern.sub(lambda m: self.trusted[int(m.group(1))], html)


@dataclass
class RenderContext:
    """One document being rendered: the note itself or a transcluded part of another."""

    source: str
    host: RenderHost
    links: LinkStyle
    options: RenderOptions
    shared: Shared
    depth: int = 0
    stack: tuple[str, ...] = ()
    line_map: bool = True
    # False for a block rendered on its own (blocks.py) that does not open the note.
    allow_frontmatter: bool = True
    slugs: dict[str, int] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)
    frontmatter: dict[str, object] | None = None
    frontmatter_error: str | None = None

    def child(self, source: str, key: str) -> RenderContext:
        """Context for a note transcluded into this one: no line map, one level deeper.

        ``key`` (``path#sub``) joins the chain of embeds, so the same embed inside itself
        is caught as a cycle.
        """
        return RenderContext(
            source=source,
            host=self.host,
            links=self.links,
            options=self.options,
            shared=self.shared,
            depth=self.depth + 1,
            stack=(*self.stack, key),
            line_map=False,
        )


ENV_KEY = "notedesk"


def ctx_of(env: MutableMapping[str, Any]) -> RenderContext:
    ctx = env.get(ENV_KEY)
    if not isinstance(ctx, RenderContext):
        raise RuntimeError("the notedesk renderer was called without its context")
    return ctx
