"""Block-level render cache: re-rendering a note after an edit costs the changed blocks only.

The preview renders on every keystroke, and most of a long note does not change.
The note is cut where markdown-it's block parser starts a new top-level block;
each block is rendered on its own and its HTML cached by its source text, with
``data-line`` values relative to the block so a block that only moved (lines
inserted above it) is reused too. The blocks joined give exactly the HTML of
``Renderer.render``. A note using something that reaches across blocks
(reference links, footnotes, raw HTML, text past the render limit) is rendered
whole instead, and so is a block that transcludes another file (it changes
with that file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from notedesk.core.linkplaces import FolderLink
from notedesk.core.render.api import LinkStyle, RenderHost
from notedesk.core.render.blocksplit import (
    BlockSplitter,
    CrossesBlocks,
    crosses_blocks,
    has_raw_html,
    line_offsets,
)
from notedesk.core.render.context import ENV_KEY, RenderContext, Shared
from notedesk.core.render.pipeline import MAX_RENDER_CHARS, Renderer
from notedesk.core.render.sanitize import block_remote_media, sanitize

__all__ = ["Block", "BlockRenderer", "RenderedBlocks"]

_DATA_LINE = re.compile(r'data-line="(\d+)"')


@dataclass(frozen=True)
class Block:
    """One top-level block as shown: ``html`` has absolute ``data-line`` values.

    ``key`` is equal for two blocks with the same content wherever they stand
    (their HTML with lines relative to the block), so a view can tell a moved
    block from a changed one.
    """

    html: str
    line: int
    key: str


@dataclass(frozen=True)
class RenderedBlocks:
    blocks: list[Block]
    whole: bool  # rendered in one piece (nothing was cached)

    @property
    def html(self) -> str:
        return "".join(b.html for b in self.blocks)


@dataclass
class _Entry:
    html: str  # lines relative to the block (or absolute for a block that cannot move)
    shiftable: bool
    line: int  # where an unshiftable block was rendered
    slug_bases: tuple[str, ...]
    slug_before: tuple[int, ...]
    # every lookup made: ("link" or "folder", target, source, answer)
    links: tuple[tuple[str, str, str, object], ...]
    shown: dict[int, Block] = field(default_factory=dict)


class _MemoHost:
    """Answers each link lookup once per render (a note links the same notes again and
    again, and every cached block's links are checked on every render)."""

    def __init__(self, host: RenderHost) -> None:
        self.host = host
        self._links: dict[tuple[str, str], str | None] = {}
        self._folders: dict[tuple[str, str], FolderLink | None] = {}

    def resolve_link(self, target: str, source: str) -> str | None:
        key = (target, source)
        if key not in self._links:
            self._links[key] = self.host.resolve_link(target, source)
        return self._links[key]

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        key = (target, source)
        if key not in self._folders:
            self._folders[key] = self.host.folder_link(target, source)
        return self._folders[key]

    def read_text(self, path: str) -> str | None:
        return self.host.read_text(path)


class _RecordingHost:
    """Passes lookups through and remembers them, so a cached block can be re-checked."""

    def __init__(self, host: RenderHost) -> None:
        self.host = host
        self.links: list[tuple[str, str, str, object]] = []
        self.read_files = False

    def resolve_link(self, target: str, source: str) -> str | None:
        found = self.host.resolve_link(target, source)
        self.links.append(("link", target, source, found))
        return found

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        found = self.host.folder_link(target, source)
        self.links.append(("folder", target, source, found))
        return found

    def read_text(self, path: str) -> str | None:
        self.read_files = True
        return self.host.read_text(path)


class BlockRenderer:
    """Renders notes through one ``Renderer``, caching top-level blocks (one call at a time)."""

    def __init__(self, renderer: Renderer, max_entries: int = 5000) -> None:
        self._renderer = renderer
        self._md = renderer.markdown
        self._cache: dict[tuple[str, bool, str], _Entry] = {}
        self._max_entries = max_entries
        self._last_uncached: _Entry | None = None
        self._source = ""
        self._host_links: tuple[RenderHost, LinkStyle] | None = None
        self._splitter = BlockSplitter(self._md, self._split_context)

    def render(self, text: str, source: str, host: RenderHost, links: LinkStyle) -> RenderedBlocks:
        try:
            return self._render_blocks(text, source, host, links)
        except (CrossesBlocks, RecursionError):
            self._splitter.forget()
            html = self._renderer.render(text, source, host, links).html
            return RenderedBlocks([Block(html, 0, html)], whole=True)

    def clear(self) -> None:
        self._cache.clear()
        self._splitter.forget()

    # -- internals ---------------------------------------------------------------

    def _split_context(self) -> RenderContext:
        assert self._host_links is not None
        host, links = self._host_links
        return self._context(self._source, host, links, Shared())

    def _context(
        self, source: str, host: RenderHost, links: LinkStyle, shared: Shared
    ) -> RenderContext:
        return RenderContext(
            source=source,
            host=host,
            links=links,
            options=self._renderer.options,
            shared=shared,
            stack=(f"{source}#",),
        )

    def _render_blocks(
        self, text: str, source: str, host: RenderHost, links: LinkStyle
    ) -> RenderedBlocks:
        if len(text) > MAX_RENDER_CHARS:
            raise CrossesBlocks
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
        offsets = line_offsets(text)
        if source != self._source:
            self._source = source
            self._splitter.forget()
        self._host_links = (host, links)
        starts = self._splitter.starts(text, offsets)
        host = _MemoHost(host)
        shared = Shared()
        slugs: dict[str, int] = {}
        used: set[tuple[str, bool, str]] = set()
        blocks: list[Block] = []
        bounds = [*starts, len(offsets) - 1]
        for n, start in enumerate(starts):
            end = bounds[n + 1]
            chunk = text[offsets[start] : offsets[min(end, len(offsets) - 1)]]
            key = (source, n == 0, chunk)
            used.add(key)
            entry = self._cache.get(key)
            if entry is None or not self._still_valid(entry, start, slugs, host):
                entry = self._render_chunk(chunk, start, n == 0, source, host, links, shared, slugs)
                if entry is not None:
                    self._cache[key] = entry
            else:
                for base in entry.slug_bases:
                    slugs[base] = slugs.get(base, 0) + 1
            if entry is None:  # rendered, not cacheable
                assert self._last_uncached is not None
                entry, self._last_uncached = self._last_uncached, None
            blocks.append(self._placed(entry, start))
        if len(self._cache) > self._max_entries:
            self._cache = {k: v for k, v in self._cache.items() if k in used}
        return RenderedBlocks(blocks, whole=False)

    def _still_valid(
        self, entry: _Entry, start: int, slugs: dict[str, int], host: RenderHost
    ) -> bool:
        if not entry.shiftable and entry.line != start:
            return False
        if tuple(slugs.get(b, 0) for b in entry.slug_bases) != entry.slug_before:
            return False
        return all(
            (host.resolve_link(t, s) if kind == "link" else host.folder_link(t, s)) == found
            for kind, t, s, found in entry.links
        )

    def _placed(self, entry: _Entry, start: int) -> Block:
        # The same object while the block stays put, so a view can compare by identity;
        # per line, because blocks with the same text (list items, rules) share an entry.
        shown = entry.shown.get(start)
        if shown is None:
            html = entry.html
            if entry.shiftable and start:
                html = _DATA_LINE.sub(lambda m: f'data-line="{int(m.group(1)) + start}"', html)
            shown = Block(html, start, entry.html)
            if len(entry.shown) >= 64:
                entry.shown.clear()
            entry.shown[start] = shown
        return shown

    def _render_chunk(
        self,
        chunk: str,
        start: int,
        first: bool,
        source: str,
        host: RenderHost,
        links: LinkStyle,
        shared: Shared,
        slugs: dict[str, int],
    ) -> _Entry | None:
        """Render one block; None when it must not be cached (see ``_last_uncached``)."""
        slug_before = dict(slugs)
        embeds_before = shared.embed_count
        # A block whose own text could pass for a line stamp is rendered where it stands.
        shiftable = "data-line" not in chunk
        while True:
            recorder = _RecordingHost(host)
            ctx = self._context(source, recorder, links, shared)
            ctx.allow_frontmatter = first
            ctx.slugs = slugs
            env: dict[str, Any] = {ENV_KEY: ctx}
            tokens = self._md.parse(chunk if shiftable else "\n" * start + chunk, env)
            if crosses_blocks(env) or has_raw_html(tokens):
                raise CrossesBlocks
            rendered = self._md.renderer.render(tokens, self._md.options, env)
            html = sanitize(rendered, file_urls=self._renderer.options.file_urls)
            if not self._renderer.options.allow_remote:
                html = block_remote_media(html)
            html = shared.restore(html)
            stamps = sum(1 for t in tokens if not t.hidden and t.attrGet("data-line") is not None)
            if not shiftable or html.count('data-line="') == stamps:
                break
            shiftable = False  # render again in place
            slugs.clear()
            slugs.update(slug_before)
            shared.embed_count = embeds_before
        bases = tuple(
            str(t.meta["slug_base"])
            for t in tokens
            if t.type == "heading_open" and "slug_base" in t.meta
        )
        entry = _Entry(
            html=html,
            shiftable=shiftable,
            line=start,
            slug_bases=bases,
            slug_before=tuple(slug_before.get(b, 0) for b in bases),
            links=tuple(recorder.links),
        )
        if recorder.read_files or shared.embed_count != embeds_before:
            self._last_uncached = entry
            return None
        return entry
