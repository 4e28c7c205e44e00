"""The renderer's view of the open vault: links resolve through the live index."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notedesk.app.blockpatch import Patch, block_patch
from notedesk.app.indexservice import IndexService
from notedesk.core.vault import Vault

if TYPE_CHECKING:
    from notedesk.core.linkplaces import FolderLink
    from notedesk.core.render import RenderOptions
    from notedesk.core.render.blocks import Block, RenderedBlocks

# The renderer's own limit for transcluded files (kept here so importing this
# module stays cheap: the render package loads on the render thread).
MAX_EMBED_BYTES = 4 * 1024 * 1024


class IndexHost:
    """RenderHost backed by the IndexService; until the index is ready links stay unresolved."""

    def __init__(self, vault: Vault, service: IndexService) -> None:
        self._vault = vault
        self._service = service

    def resolve_link(self, target: str, source: str) -> str | None:
        if not self._service.ready:
            return None
        return self._service.index.resolve_link(target, source)

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        if not self._service.ready:
            return None
        return self._service.index.folder_link(target, source)

    def read_text(self, path: str) -> str | None:
        return self._vault.read_text_limited(path, MAX_EMBED_BYTES)


@dataclass(frozen=True)
class PreviewBlock:
    """A rendered block as the preview sends it: its HTML already encoded for the page
    (on the render thread, so a long note's megabytes are not encoded on the UI thread)."""

    html: str
    line: int
    key: str
    json: str


@dataclass(frozen=True)
class PreviewRender:
    """A render for the preview, with the page patch from the previous render of the note."""

    blocks: list[PreviewBlock]
    base: list[PreviewBlock] | None = None
    patch: Patch | None = None

    @property
    def html(self) -> str:
        return "".join(b.html for b in self.blocks)


class PreviewRenderer:
    """The render function the RenderQueue calls on its worker thread.

    The render pipeline (markdown-it, pygments, math) is imported and built on
    first use, on that thread, so it never delays the window. Renders go block by
    block with a cache (``BlockRenderer``): after a keystroke only the edited
    block is rendered again, and the preview patches only the blocks that changed.
    """

    def __init__(
        self,
        vault: Vault,
        service: IndexService,
        options: RenderOptions | None = None,
        *,
        strict_line_breaks: bool = False,
    ) -> None:
        self._options = options
        # Obsidian's "Strict line breaks"; the block cache belongs to this renderer, so
        # renders with the other setting never share cached HTML with it.
        self._strict_line_breaks = strict_line_breaks
        self._host = IndexHost(vault, service)
        self._render: Callable[[str, str], RenderedBlocks] | None = None
        self._encoded: dict[int, tuple[Block, PreviewBlock]] = {}
        self._last: dict[str, list[PreviewBlock]] = {}  # last render per note

    def __call__(self, text: str, source: str) -> PreviewRender:
        if self._render is None:
            from notedesk.core.render import PreviewLinks, Renderer, RenderOptions
            from notedesk.core.render.blocks import BlockRenderer

            options = self._options or RenderOptions(strict_line_breaks=self._strict_line_breaks)
            blocks = BlockRenderer(Renderer(options))
            links = PreviewLinks()
            host = self._host
            self._render = lambda t, s: blocks.render(t, s, host, links)
        rendered = self._render(text, source)
        # Unchanged blocks come back as the same objects: they keep their encoding.
        known, encoded = self._encoded, {}
        out: list[PreviewBlock] = []
        for block in rendered.blocks:
            hit = known.get(id(block))
            if hit is not None and hit[0] is block:
                shown = hit[1]
            else:
                shown = PreviewBlock(block.html, block.line, block.key, json.dumps(block.html))
            encoded[id(block)] = (block, shown)
            out.append(shown)
        self._encoded = encoded
        base = self._last.pop(source, None)
        if len(self._last) > 8:
            self._last.clear()
        self._last[source] = out
        patch = block_patch(base, out) if base is not None else None
        return PreviewRender(out, base, patch)
