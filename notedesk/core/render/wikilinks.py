"""``[[wikilinks]]`` and ``![[embeds]]``: parsing both, rendering links."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from notedesk.core.render.context import RenderContext, ctx_of
from notedesk.core.render.slug import note_anchor
from notedesk.core.vault import is_note_path

# Longer "links" are text that happens to hold brackets; the bound keeps 100k-char lines linear.
_MAX_LINK = 1000


@dataclass(frozen=True)
class LinkTarget:
    """``[[path#sub|alias]]`` split into its parts, as written."""

    path: str
    sub: str
    alias: str | None

    @property
    def written(self) -> str:
        return f"{self.path}#{self.sub}" if self.sub else self.path

    @property
    def shown(self) -> str:
        if self.alias is not None and self.alias.strip():
            return self.alias
        parts = [p for p in self.sub.split("#") if p] if self.sub else []
        if not self.path:
            return " > ".join(parts)
        return " > ".join([self.path, *parts])


def parse_target(inner: str) -> LinkTarget:
    inner = inner.replace("\\|", "|")
    target, bar, alias = inner.partition("|")
    path, _hash, sub = target.partition("#")
    return LinkTarget(path.strip(), sub.strip(), alias if bar else None)


def _rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return False
    start = pos + (3 if embed else 2)
    end = src.find("]]", start, min(state.posMax, start + _MAX_LINK + 2))
    if end < 0:
        return False
    inner = src[start:end]
    if not inner.strip() or "\n" in inner or "[[" in inner:
        return False
    if not silent:
        token = state.push("nd_embed" if embed else "nd_wikilink", "", 0)
        token.meta = {"target": parse_target(inner)}
        token.markup = src[pos : end + 2]
    state.pos = end + 2
    return True


def _anchor(cls: str, data_href: str, href: str, shown_html: str) -> str:
    return f'<a class="{cls}" data-href="{data_href}" href="{escapeHtml(href)}">{shown_html}</a>'


def render_internal_link(ctx: RenderContext, target: LinkTarget, shown_html: str) -> str:
    """An ``<a>`` for a vault link: resolved, same-note anchor, or unresolved."""
    data_href = escapeHtml(target.written)
    ctx.shared.links.append(target.written)
    if not target.path:
        fragment = note_anchor(ctx, ctx.source, target.sub)
        if ctx.depth == 0:
            href = "#" + fragment if fragment else "#"
        else:
            href = ctx.links.note_url(ctx.source, fragment)
        return _anchor("internal-link", data_href, href, shown_html)
    resolved = ctx.host.resolve_link(target.path, ctx.source)
    if resolved is None:
        href = ctx.links.new_note_url(target.path, ctx.source)
        return _anchor("internal-link is-unresolved", data_href, href, shown_html)
    if is_note_path(resolved):
        href = ctx.links.note_url(resolved, note_anchor(ctx, resolved, target.sub))
    else:
        href = ctx.links.asset_url(resolved)
    return _anchor("internal-link", data_href, href, shown_html)


def _render_wikilink(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    target: LinkTarget = tokens[idx].meta["target"]
    return render_internal_link(ctx_of(env), target, escapeHtml(target.shown))


def wikilinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "nd_wikilink", _rule)
    md.add_render_rule("nd_wikilink", _render_wikilink)
