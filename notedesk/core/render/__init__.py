"""Markdown rendering: one path from note text to safe HTML for preview, CLI and export."""

from notedesk.core.render.api import (
    Heading,
    LinkStyle,
    RenderHost,
    RenderOptions,
    RenderResult,
)
from notedesk.core.render.host import PathHost
from notedesk.core.render.linkstyle import ExportLinks, PreviewLinks, StandaloneLinks, page_path
from notedesk.core.render.pipeline import Renderer

__all__ = [
    "ExportLinks",
    "Heading",
    "LinkStyle",
    "PathHost",
    "PreviewLinks",
    "RenderHost",
    "RenderOptions",
    "RenderResult",
    "Renderer",
    "StandaloneLinks",
    "page_path",
]
