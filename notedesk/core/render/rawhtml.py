"""Raw HTML in notes: media sources written as vault paths point at the vault file,
``<a href>`` to a vault path goes where the same Markdown link goes, and unclosed tags
are bounded (the sanitiser's parser is quadratic in element depth)."""

from __future__ import annotations

import html
import re
from collections.abc import MutableMapping, Sequence
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from notedesk.core.render.context import RenderContext, ctx_of
from notedesk.core.render.mdlinks import folder_url, is_external, resolve_relative
from notedesk.core.render.slug import note_anchor
from notedesk.core.vault import is_note_path

# Runs before sanitising, so a loose match can only produce markup nh3 then cleans.
_TAG = re.compile(r"<(?:img|audio|video|source)\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(
    r"(\s(?:src|poster)\s*=\s*)(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE
)
_A_TAG = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"(\shref\s*=\s*)(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)


# Elements that close themselves or are closed implicitly do not deepen the tree.
_OPEN = re.compile(
    r"<(?!(?:area|base|br|col|colgroup|embed|hr|img|input|link|meta|source|track|wbr|p|li|dt|dd"
    r"|tr|td|th|thead|tbody|tfoot|option|optgroup|rb|rp|rt|rtc|caption)\b)[a-zA-Z][^>]*(?<!/)>",
    re.IGNORECASE,
)
_CLOSE = re.compile(r"</[a-zA-Z]")
# About 0.2 s of sanitising at this depth; real notes stay far below it.
MAX_RAW_HTML_DEPTH = 3000
TOO_DEEP = "raw HTML nests too deeply; the rest of it shows as text"


def _bounded(ctx: RenderContext, raw: str) -> bool:
    """Count the unclosed tags ``raw`` adds; False once the note has too many."""
    depth = ctx.shared.raw_html_depth + len(_OPEN.findall(raw)) - len(_CLOSE.findall(raw))
    if depth > MAX_RAW_HTML_DEPTH:
        if TOO_DEEP not in ctx.shared.warnings:
            ctx.shared.warnings.append(TOO_DEEP)
        return False
    ctx.shared.raw_html_depth = max(0, depth)
    return True


def _rewrite(ctx: RenderContext, raw: str) -> str:
    def fix(match: re.Match[str]) -> str:
        value = next(v for v in match.groups()[1:] if v is not None)
        if not value or is_external(value) or value.startswith("#"):
            return match.group(0)
        found = resolve_relative(ctx, value)
        if found is None:
            return match.group(0)
        return f'{match.group(1)}"{escapeHtml(ctx.links.asset_url(found))}"'

    return _TAG.sub(lambda tag: _SRC.sub(fix, tag.group(0)), raw)


def _link_url(ctx: RenderContext, href: str) -> str | None:
    """The URL a Markdown link with ``href`` gets (None: leave it as written; '': none)."""
    if not href or is_external(href) or href.startswith("#"):
        return None
    raw_path, _hash, frag = href.partition("#")
    folder = folder_url(ctx, raw_path)
    if folder is not None:
        return folder
    resolved = resolve_relative(ctx, raw_path)
    if resolved is None:
        return ctx.links.new_note_url(unquote(raw_path), ctx.source)
    if is_note_path(resolved):
        return ctx.links.note_url(resolved, note_anchor(ctx, resolved, unquote(frag)))
    return ctx.links.asset_url(resolved)


def _rewrite_links(ctx: RenderContext, raw: str) -> str:
    def fix(match: re.Match[str]) -> str:
        value = next(v for v in match.groups()[1:] if v is not None)
        url = _link_url(ctx, html.unescape(value).strip())
        if url == "":
            return ""  # a folder the output has no page for: the tag links nowhere
        return match.group(0) if url is None else f'{match.group(1)}"{escapeHtml(url)}"'

    return _A_TAG.sub(lambda tag: _HREF.sub(fix, tag.group(0)), raw)


def _html(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    content = tokens[idx].content
    ctx = ctx_of(env)
    anchor = _anchor(tokens[idx])
    if not _bounded(ctx, content):
        return anchor + escapeHtml(content)
    if "href" in content.lower():
        content = _rewrite_links(ctx, content)
    if "src" not in content and "poster" not in content:
        return anchor + content
    return anchor + _rewrite(ctx, content)


def _anchor(token: Token) -> str:
    """An empty element carrying the ``^block-id`` written under a raw HTML block: the
    HTML has no attribute of ours to hold it, and links to the block land here."""
    block_id = token.meta.get("block_id") if token.type == "html_block" else None
    if not block_id:
        return ""
    return f'<div class="block-anchor" id="{escapeHtml(str(block_id))}"></div>\n'


def rawhtml_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("html_block", _html)
    md.add_render_rule("html_inline", _html)
