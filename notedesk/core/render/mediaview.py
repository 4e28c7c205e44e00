"""The page of a tab showing a picture, PDF, sound, video or canvas file of the vault.

The preview's web view shows it as Obsidian does in a tab: the picture, the built-in
PDF viewer filling the tab, or the player's controls. A JSON Canvas is rendered as its
embed is (``canvasembed``: the list of its cards). Read-only: nothing is written.
"""

from __future__ import annotations

from markdown_it.common.utils import escapeHtml

from notedesk.core.filekinds import file_kind
from notedesk.core.linkurls import asset_url

__all__ = ["VIEW_KINDS", "canvas_view_text", "is_viewable", "media_view_html"]

VIEW_KINDS = ("image", "pdf", "audio", "video", "canvas")


def is_viewable(path: str) -> bool:
    """Whether a tab can show the vault file ``path`` (by its extension)."""
    return file_kind(path) in VIEW_KINDS


def canvas_view_text(path: str) -> str:
    """The Markdown a canvas tab renders: the canvas embedded by its vault path."""
    return f"![[{path}]]"


def media_view_html(path: str) -> str:
    """The content of the view page for ``path``; raises ValueError for other files."""
    kind = file_kind(path)
    url = escapeHtml(asset_url(path))
    name = escapeHtml(path.rsplit("/", 1)[-1])
    data = escapeHtml(path)
    if kind == "image":
        return (
            f'<div class="media-view" data-href="{data}">'
            f'<img class="media-view-image" src="{url}" alt="{name}"></div>'
        )
    if kind == "pdf":
        return (
            f'<div class="media-view pdf-embed-wrap" data-href="{data}">'
            f'<iframe class="pdf-embed media-view-pdf" src="{url}" title="{name}" '
            'style="height: calc(100vh - 40px)"></iframe></div>'
        )
    if kind in ("audio", "video"):
        return (
            f'<div class="media-view" data-href="{data}"><p>{name}</p>'
            f'<{kind} class="media-embed" controls preload="metadata" src="{url}"></{kind}></div>'
        )
    raise ValueError(f"{path} is not a picture, PDF, sound or video file")
