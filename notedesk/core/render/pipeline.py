"""The one render path: Markdown text -> sanitised HTML fragment, for preview, CLI and export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from notedesk.core.render.api import LinkStyle, RenderHost, RenderOptions, RenderResult
from notedesk.core.render.blockids import blockids_plugin
from notedesk.core.render.budget import budget_plugin
from notedesk.core.render.callouts import callouts_plugin
from notedesk.core.render.code import code_plugin
from notedesk.core.render.comments import comments_plugin
from notedesk.core.render.context import ENV_KEY, RenderContext, Shared
from notedesk.core.render.embeds import embeds_plugin
from notedesk.core.render.frontmatter import frontmatter_plugin
from notedesk.core.render.headings import headings_plugin
from notedesk.core.render.highlight import highlight_plugin
from notedesk.core.render.linkify import linkify as linkify_rule
from notedesk.core.render.math import math_plugin
from notedesk.core.render.mdlinks import mdlinks_plugin
from notedesk.core.render.nesting import nesting_plugin
from notedesk.core.render.rawhtml import rawhtml_plugin
from notedesk.core.render.sanitize import block_remote_media, sanitize
from notedesk.core.render.sourcemap import sourcemap_plugin
from notedesk.core.render.tags import tags_plugin
from notedesk.core.render.tasks import tasks_plugin
from notedesk.core.render.wikilinks import wikilinks_plugin


def base_markdown(options: RenderOptions) -> MarkdownIt:
    """CommonMark + GFM tables, strikethrough and autolinks: the parts we did not write."""
    md = MarkdownIt(
        "commonmark",
        {
            "html": True,
            "linkify": True,
            "breaks": not options.strict_line_breaks,
            "maxNesting": options.max_nesting,
        },
    )
    md.enable(["table", "strikethrough", "linkify"])
    md.inline.ruler.at("linkify", linkify_rule)  # the same rule in linear time
    linkify: Any = md.linkify
    linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    # Without fuzzy matching every link has a scheme ("x:") or starts "//"; linkify-it's own
    # pretest is a large regex, and text without ":" or "//" (most of it) can skip it.
    for name in ("pretest", "test"):
        slow = getattr(linkify, name)
        setattr(linkify, name, _gated(slow))
    return md


def _gated(check: Callable[[str], bool]) -> Callable[[str], bool]:
    def gated(text: str) -> bool:
        return (":" in text or "//" in text) and check(text)

    return gated


def build_markdown(options: RenderOptions) -> MarkdownIt:
    """``base_markdown`` with footnotes and every notedesk plugin."""
    md = base_markdown(options)
    for plugin in (
        footnote_plugin,
        frontmatter_plugin,
        nesting_plugin,
        budget_plugin,
        comments_plugin,
        math_plugin,
        wikilinks_plugin,
        tags_plugin,
        embeds_plugin,
        highlight_plugin,
        callouts_plugin,
        blockids_plugin,
        headings_plugin,
        tasks_plugin,
        code_plugin,
        mdlinks_plugin,
        rawhtml_plugin,
        sourcemap_plugin,
    ):
        md.use(plugin)
    return md


# Rendering costs ~2.5 s and ~150 MB of memory per MB of dense Markdown. Past this
# many characters only the start of a note is rendered, with a notice; the editor,
# the index and search still have all of it.
MAX_RENDER_CHARS = 2_000_000

_TOO_DEEP = (
    '<div class="render-error" role="alert">This note nests too deeply to render; '
    "its text is shown as is.</div>"
)


class Renderer:
    """Renders notes with one set of options; reusable from a worker thread, one call at a time.

    (linkify-it keeps match state on the parser, so concurrent renders need one each.)
    """

    def __init__(self, options: RenderOptions | None = None) -> None:
        self.options = options or RenderOptions()
        self._md = build_markdown(self.options)

    @property
    def markdown(self) -> MarkdownIt:
        """The configured parser (for ``BlockRenderer``, which renders block by block)."""
        return self._md

    def render(self, text: str, source: str, host: RenderHost, links: LinkStyle) -> RenderResult:
        """Render note ``text`` (vault-relative path ``source``) to a sanitised HTML fragment."""
        shared = Shared()
        ctx = RenderContext(
            source=source,
            host=host,
            links=links,
            options=self.options,
            shared=shared,
            stack=(f"{source}#",),
        )
        env: dict[str, Any] = {ENV_KEY: ctx}
        notice = ""
        if len(text) > MAX_RENDER_CHARS:
            cut = text.rfind("\n", 0, MAX_RENDER_CHARS) + 1 or MAX_RENDER_CHARS
            message = (
                f"this note is too large to preview in full ({len(text) / 1e6:.1f} million "
                f"characters): only the first {cut / 1e6:.1f} million are shown"
            )
            shared.warnings.append(message)
            notice = (
                f'<div class="render-error" role="alert">{message[0].upper()}{message[1:]}.</div>'
            )
            text = text[:cut]
        try:
            body = self._md.render(text, env) + notice
        except RecursionError:
            # Nesting is capped, but a pathological input must still show, never crash.
            body = _TOO_DEEP + f"<pre>{_escape(text)}</pre>"
            shared.warnings.append("the note nests too deeply to render")
        html = sanitize(body, file_urls=self.options.file_urls)
        if not self.options.allow_remote:
            html = block_remote_media(html)
        html = shared.restore(html)
        return RenderResult(
            html=html,
            frontmatter=ctx.frontmatter,
            frontmatter_error=ctx.frontmatter_error,
            uses_math=shared.uses_math,
            uses_mermaid=shared.uses_mermaid,
            headings=ctx.headings,
            block_ids=ctx.block_ids,
            embeds=shared.embeds,
            links=shared.links,
            css_classes=_css_classes(ctx.frontmatter),
            warnings=shared.warnings,
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _css_classes(props: dict[str, object] | None) -> list[str]:
    value = (props or {}).get("cssclasses", (props or {}).get("cssclass"))
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if str(v).replace("-", "").replace("_", "").isalnum()]
