"""Plain CommonMark rendering, sanitised: used until the vault renderer is wired in."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"breaks": True}).enable(["table", "strikethrough"])


def render_basic(text: str) -> str:
    return nh3.clean(_md.render(text))
