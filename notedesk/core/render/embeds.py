"""``![[embeds]]``: vault images, media players, PDFs, transcluded notes, canvases and bases."""

from __future__ import annotations

import posixpath
from collections.abc import MutableMapping, Sequence
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notedesk.core.links import find_heading
from notedesk.core.render.canvasembed import base_notice, canvas_cards_html
from notedesk.core.render.context import ENV_KEY, RenderContext, ctx_of
from notedesk.core.render.headings import plain_text
from notedesk.core.render.media import embed_kind, parse_size
from notedesk.core.render.wikilinks import LinkTarget, render_internal_link

# Transcluded text of one render, all embeds together: 100 embeds of a 4 MB note
# would otherwise take minutes and gigabytes (rendering costs ~2.5 s per MB).
MAX_EMBED_CHARS = 2_000_000


def _error(kind: str, message: str) -> str:
    return f'<span class="embed-error embed-{kind}" role="note">{escapeHtml(message)}</span>'


def _image(ctx: RenderContext, url: str, target: LinkTarget, name: str) -> str:
    alt = name
    size = None
    if target.alias is not None:
        head, _bar, last = target.alias.rpartition("|")
        size = parse_size(last)
        if size is None:
            alt = target.alias
        elif head:
            alt = head
    attrs = f'src="{escapeHtml(url)}" alt="{escapeHtml(alt)}"'
    if size is not None:
        attrs += f' width="{size[0]}"'
        if size[1] is not None:
            attrs += f' height="{size[1]}"'
    return (
        f'<img class="internal-embed image-embed" data-href="{escapeHtml(target.written)}" {attrs}>'
    )


class _TokenHeading(NamedTuple):
    level: int
    text: str
    slug: str
    at: int  # index of its heading_open token


def _section(tokens: list[Token], sub: str) -> list[Token] | None:
    """The tokens of a heading's section or of one ``^block``; None if it is not there."""
    if sub.startswith("^"):
        for i, tok in enumerate(tokens):
            if tok.type == "html_block" and tok.meta.get("block_id") == sub:
                return [tok]
            if tok.nesting == 1 and tok.attrGet("id") == sub:
                depth = 0
                for j in range(i, len(tokens)):
                    depth += tokens[j].nesting
                    if depth == 0:
                        part = tokens[i : j + 1]
                        if tok.type == "list_item_open":
                            ul = Token("bullet_list_open", "ul", 1, block=True)
                            return [ul, *part, Token("bullet_list_close", "ul", -1, block=True)]
                        return part
                return tokens[i:]
        return None
    headings = [
        _TokenHeading(int(tok.tag[1]), plain_text(tokens[i + 1]).strip(), tok.meta["slug_base"], i)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.level == 0 and "slug_base" in tok.meta
    ]
    found = find_heading(sub, headings)
    if found is None:
        return None
    for heading in headings:
        if heading.at > found.at and heading.level <= found.level:
            return tokens[found.at : heading.at]
    return tokens[found.at :]


def _footnotes_of(section: list[Token], tail: list[Token]) -> list[Token]:
    """The footnotes (from the note's footnote block ``tail``) that ``section`` refers to."""
    used = {
        kid.meta["id"]
        for tok in section
        for kid in tok.children or ()
        if kid.type == "footnote_ref"
    }
    kept: list[Token] = []
    keep = False
    for tok in tail[1:-1]:  # between footnote_block_open and footnote_block_close
        if tok.type == "footnote_open":
            keep = tok.meta.get("id") in used
            tok.meta["number"] = tok.meta.get("id", 0) + 1  # kept though others are not
        if keep:
            kept.append(tok)
    return [tail[0], *kept, tail[-1]] if kept else []


def _drop_anchor_ids(tokens: list[Token]) -> None:
    """Headings and ``^blocks`` of a transcluded copy get no ``id``.

    Links to them already point at the embedded note's own page; the same ids in the host
    would be duplicates that ``#heading`` and ``#^block`` anchors could land on instead.
    """
    for tok in tokens:
        if tok.attrs and "id" in tok.attrs:
            del tok.attrs["id"]


def _transclude(md: MarkdownIt, ctx: RenderContext, path: str, target: LinkTarget) -> str:
    key = f"{path}#{target.sub}"
    name = posixpath.basename(path).rsplit(".", 1)[0]
    if key in ctx.stack:
        return _error("cycle", f"⟳ {target.written} is already embedded above (embed cycle).")
    if ctx.depth >= ctx.options.max_embed_depth:
        return _error("depth", f"{target.written}: embeds nest too deep to show here.")
    if ctx.shared.embed_count >= ctx.options.max_embeds:
        return _error("limit", f"{target.written}: too many embeds in this note to show more.")
    ctx.shared.embed_count += 1
    text = ctx.host.read_text(path)
    if text is None:
        return _error("unreadable", f"{target.written} could not be read.")
    ctx.shared.embed_chars += len(text)
    if ctx.shared.embed_chars > MAX_EMBED_CHARS:
        return _error(
            "limit", f"{target.written}: too much embedded text in this note to show more."
        )
    child = ctx.child(path, key)
    # docId gives the embed's footnotes their own ids (fn-e1-1), apart from the host's fn1.
    env: dict[str, Any] = {ENV_KEY: child, "docId": f"e{ctx.shared.embed_count}"}
    tokens = [t for t in md.parse(text, env) if t.type != "nd_front_matter"]
    if target.sub:
        tail = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
        section = _section(tokens[:tail], target.sub)
        if section is None:
            return _error("missing", f"“{target.sub}” was not found in {name}.")
        tokens = section if tail is None else section + _footnotes_of(section, tokens[tail:])
    _drop_anchor_ids(tokens)
    body = md.renderer.render(tokens, md.options, env)
    title = escapeHtml(target.alias or target.shown)
    open_link = render_internal_link(ctx, LinkTarget(target.path or path, target.sub, None), "↗")
    return (
        f'<div class="internal-embed markdown-embed" data-href="{escapeHtml(target.written)}">'
        f'<div class="markdown-embed-title">{title}<span class="markdown-embed-link">'
        f"{open_link}</span></div>"
        f'<div class="markdown-embed-content">{body}</div></div>'
    )


def _canvas_or_base(ctx: RenderContext, path: str, target: LinkTarget, ext: str) -> str:
    """A canvas as its list of cards; a base as a notice that its view is not shown."""
    name = escapeHtml(posixpath.basename(path))
    title = render_internal_link(ctx, LinkTarget(target.path or path, "", None), name)
    if ext == ".base":
        return base_notice(title)
    text = ctx.host.read_text(path)
    if text is None:
        return _error("unreadable", f"{target.written} could not be read.")
    return canvas_cards_html(ctx, text, title)


def render_embed(md: MarkdownIt, ctx: RenderContext, target: LinkTarget) -> str:
    ctx.shared.embeds.append(target.written)
    path = ctx.source if not target.path else ctx.host.resolve_link(target.path, ctx.source)
    if path is None:
        link = render_internal_link(ctx, target, escapeHtml(target.path))
        return f'<span class="internal-embed is-unresolved">Not found: {link}</span>'
    kind = embed_kind(path)
    if kind == "note":
        return _transclude(md, ctx, path, target)
    ext = posixpath.splitext(path)[1].casefold()
    if ext in (".canvas", ".base"):
        return _canvas_or_base(ctx, path, target, ext)
    url = ctx.links.asset_url(path)
    name = posixpath.basename(path)
    data = escapeHtml(target.written)
    if kind == "image":
        return _image(ctx, url, target, name)
    if kind in ("audio", "video"):
        return (
            f'<{kind} class="internal-embed media-embed" data-href="{data}" controls '
            f'preload="metadata" src="{escapeHtml(url)}"></{kind}>'
        )
    if kind == "pdf":
        # `#page=3`, `#height=400`, or both joined by `&`
        params = dict(part.partition("=")[::2] for part in target.sub.split("&"))
        page, height = params.get("page", ""), params.get("height", "")
        anchor = f"#page={page}" if page.isdigit() else ""
        style = f' style="height: {int(height)}px"' if height.isdigit() and len(height) < 6 else ""
        # Frames are refused in note HTML; this one is ours, pointing at a resolved vault file.
        frame = ctx.shared.trust(
            f'<iframe class="pdf-embed" src="{escapeHtml(url + anchor)}" '
            f'title="{escapeHtml(name)}"{style} loading="lazy"></iframe>'
        )
        return f'<div class="internal-embed pdf-embed-wrap" data-href="{data}">{frame}</div>'
    return (
        f'<a class="internal-link internal-embed file-embed" data-href="{data}" '
        f'href="{escapeHtml(url)}">{escapeHtml(name)}</a>'
    )


def _block_embeds(state: StateCore) -> None:
    """A paragraph holding only embeds becomes a ``div``, so transcluded blocks nest validly."""
    tokens = state.tokens
    for i in range(1, len(tokens) - 1):
        tok = tokens[i]
        if tok.type != "inline" or tokens[i - 1].type != "paragraph_open" or not tok.children:
            continue
        kids = tok.children
        if not any(k.type == "nd_embed" for k in kids):
            continue
        if all(
            k.type in ("nd_embed", "softbreak", "hardbreak")
            or (k.type == "text" and not k.content.strip())
            for k in kids
        ):
            tokens[i - 1].tag = "div"
            tokens[i - 1].attrJoin("class", "embed-block")
            tokens[i + 1].tag = "div"


def embeds_plugin(md: MarkdownIt) -> None:
    def render(
        self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
    ) -> str:
        return render_embed(md, ctx_of(env), tokens[idx].meta["target"])

    md.add_render_rule("nd_embed", render)

    rules: dict[str, Any] = getattr(md.renderer, "rules", {})
    footnote_open = rules.get("footnote_open")
    if footnote_open is not None:  # the footnote plugin comes first

        def numbered_footnote(
            self: Any,
            tokens: Sequence[Token],
            idx: int,
            options: Any,
            env: MutableMapping[str, Any],
        ) -> str:
            # An embedded section lists only its own footnotes: each keeps its number.
            html: str = footnote_open(tokens, idx, options, env)
            number = tokens[idx].meta.get("number")
            return html if number is None else html.replace("<li ", f'<li value="{number}" ', 1)

        md.add_render_rule("footnote_open", numbered_footnote)
    md.core.ruler.after("inline", "nd_block_embeds", _block_embeds)
