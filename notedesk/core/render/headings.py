"""Heading ids (so ``[[#Heading]]`` lands) and the outline of the rendered note."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notedesk.core.render.api import Heading
from notedesk.core.render.context import ctx_of
from notedesk.core.render.slug import slugify, unique_slug


def plain_text(inline: Token) -> str:
    """The visible text of an inline token, markup dropped."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type == "nd_wikilink":
            parts.append(child.meta["target"].shown)
    return "".join(parts) if parts else inline.content


def _headings(state: StateCore) -> None:
    ctx = ctx_of(state.env)
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or i + 1 >= len(tokens):
            continue
        text = plain_text(tokens[i + 1]).strip()
        slug = unique_slug(text, ctx.slugs)
        tok.meta["slug_base"] = slugify(text)
        if tok.attrGet("id") is None:
            tok.attrSet("id", slug)
        line = tok.map[0] if tok.map else 0
        ctx.headings.append(Heading(int(tok.tag[1]), text, slug, line))


def headings_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "nd_headings", _headings)
