"""Markdown ``[text](url)`` links and ``![alt](src)`` images that point into the vault."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from notedesk.core.links import normalize_markdown_target
from notedesk.core.render.context import RenderContext, ctx_of
from notedesk.core.render.media import parse_size
from notedesk.core.render.sanitize import web_page_placeholder
from notedesk.core.render.slug import note_anchor
from notedesk.core.vault import is_note_path

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
# Pages written as images (`![](https://www.youtube.com/watch?v=...)`): videos and posts.
_WEB_PAGE = re.compile(
    r"^https?://(?:[a-z0-9-]+\.)*(?:youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com)"
    r"(?:[/?#]|$)",
    re.IGNORECASE,
)


def is_external(url: str) -> bool:
    return bool(_SCHEME.match(url)) or url.startswith("//")


def resolve_relative(ctx: RenderContext, raw_path: str) -> str | None:
    """A markdown link path: relative to the note's folder, then from the vault root or by name."""
    joined = normalize_markdown_target(raw_path, ctx.source)
    if joined is None:
        return None
    found = ctx.host.resolve_link(joined, ctx.source)
    if found is None:
        # Obsidian also writes vault-absolute paths and bare attachment names without a "/".
        found = ctx.host.resolve_link(unquote(raw_path).strip().lstrip("/"), ctx.source)
    return found


def folder_url(ctx: RenderContext, raw_path: str) -> str | None:
    """The URL of the vault folder a Markdown link path names ('': show the link as text),
    or None when it names no folder (a file at the path wins, as in ``links.resolve_markdown``)."""
    folder = ctx.host.folder_link(unquote(raw_path).strip(), ctx.source)
    return None if folder is None else ctx.links.folder_url(folder.folder, folder.note)


def _as_text(tokens: Sequence[Token], idx: int) -> None:
    """Show the link at ``tokens[idx]`` as a ``<span>`` (a folder the output has no page for)."""
    token = tokens[idx]
    token.tag = "span"
    token.attrs = {"class": "folder-link", "data-href": str(token.attrGet("data-href") or "")}
    for close in tokens[idx + 1 :]:
        if close.type == "link_close" and close.level == token.level:
            close.tag = "span"
            break


def _fragment(ctx: RenderContext, path: str, raw: str) -> str:
    return note_anchor(ctx, path, unquote(raw))


def _link_open(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    ctx = ctx_of(env)
    if href[:11].lower() == "obsidian://":
        note = _obsidian_uri_note(ctx, href)
        if note is not None:  # `obsidian://open?vault=V&file=Note`, a note of this vault
            token.attrJoin("class", "internal-link")
            token.attrSet("data-href", unquote(href))
            token.attrSet("href", ctx.links.note_url(note, ""))
            return str(self.renderToken(tokens, idx, options, env))
        token.attrSet("title", unquote(href))  # shown on hover; the sanitiser drops the href
    if token.markup == "linkify" or is_external(href):
        token.attrJoin("class", "external-link")
    elif href.startswith("#"):
        fragment = _fragment(ctx, ctx.source, href[1:])
        if ctx.depth == 0:
            token.attrSet("href", "#" + fragment)
        else:
            token.attrSet("href", ctx.links.note_url(ctx.source, fragment))
    elif href:
        raw_path, _hash, frag = href.partition("#")
        token.attrSet("data-href", unquote(href))
        folder = folder_url(ctx, raw_path)
        resolved = resolve_relative(ctx, raw_path) if folder is None else None
        if folder == "":
            _as_text(tokens, idx)
        elif folder is not None:
            token.attrJoin("class", "internal-link")
            token.attrSet("href", folder)
        elif resolved is None:
            token.attrJoin("class", "internal-link is-unresolved")
            token.attrSet("href", ctx.links.new_note_url(unquote(raw_path), ctx.source))
        elif is_note_path(resolved):
            token.attrJoin("class", "internal-link")
            token.attrSet("href", ctx.links.note_url(resolved, _fragment(ctx, resolved, frag)))
        else:
            token.attrJoin("class", "internal-link")
            token.attrSet("href", ctx.links.asset_url(resolved))
        ctx.shared.links.append(unquote(raw_path))
    return str(self.renderToken(tokens, idx, options, env))


def _obsidian_uri_note(ctx: RenderContext, uri: str) -> str | None:
    """The note of this vault an Obsidian ``open`` URI names by ``file=``, or None."""
    parts = urlsplit(uri)
    if parts.netloc.lower() != "open":
        return None
    wanted = parse_qs(parts.query).get("file")
    if not wanted:
        return None
    found = ctx.host.resolve_link(wanted[0], ctx.source)
    return found if found is not None and is_note_path(found) else None


def _image(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    ctx = ctx_of(env)
    alt = self.renderInlineAsText(token.children, options, env)
    head, _bar, last = alt.rpartition("|")
    size = parse_size(last)  # `![alt|300](src)`, or a size alone: `![300](src)`
    if size is not None:
        alt = head
    src = str(token.attrGet("src") or "")
    if _WEB_PAGE.match(src):  # Obsidian embeds these as players; never loaded here
        return web_page_placeholder(src)
    if src and not is_external(src):
        resolved = resolve_relative(ctx, src.partition("#")[0])
        if resolved is not None:
            src = ctx.links.asset_url(resolved)
        else:
            return (
                f'<span class="internal-embed is-unresolved image-missing">'
                f"Image not found: {escapeHtml(unquote(src))}</span>"
            )
    attrs = f'src="{escapeHtml(src)}" alt="{escapeHtml(alt)}"'
    title = token.attrGet("title")
    if title:
        attrs += f' title="{escapeHtml(str(title))}"'
    if size is not None:
        attrs += f' width="{size[0]}"' + (f' height="{size[1]}"' if size[1] is not None else "")
    return f"<img {attrs}>"


def mdlinks_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
