"""The renderer's view of the open vault: links resolve through the live index."""

from __future__ import annotations

from notedesk.app.indexservice import IndexService
from notedesk.core.render import PreviewLinks, Renderer, RenderOptions
from notedesk.core.render.host import MAX_EMBED_BYTES
from notedesk.core.vault import Vault, VaultError


class IndexHost:
    """RenderHost backed by the IndexService; until the index is ready links stay unresolved."""

    def __init__(self, vault: Vault, service: IndexService) -> None:
        self._vault = vault
        self._service = service

    def resolve_link(self, target: str, source: str) -> str | None:
        if not self._service.ready:
            return None
        return self._service.index.resolve_link(target, source)

    def read_text(self, path: str) -> str | None:
        try:
            full = self._vault.abspath(path)
            if full.stat().st_size > MAX_EMBED_BYTES:
                return None
            return self._vault.read_text(path)
        except (VaultError, OSError):
            return None


class PreviewRenderer:
    """The render function the RenderQueue calls on its worker thread."""

    def __init__(
        self, vault: Vault, service: IndexService, options: RenderOptions | None = None
    ) -> None:
        self._renderer = Renderer(options or RenderOptions())
        self._host = IndexHost(vault, service)
        self._links = PreviewLinks()

    def __call__(self, text: str, source: str) -> str:
        return self._renderer.render(text, source, self._host, self._links).html
