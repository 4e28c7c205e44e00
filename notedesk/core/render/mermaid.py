"""Mermaid fences: the source for the bundled mermaid script, plus a fallback without it."""

from __future__ import annotations

from markdown_it.common.utils import escapeHtml

NOTICE = "Mermaid diagram, shown as its source: this page cannot draw diagrams."


def render_mermaid(source: str, attrs: str) -> str:
    """``pre.mermaid`` for the script; CSS shows ``.mermaid-fallback`` until it has drawn."""
    code = escapeHtml(source)
    return (
        f'<div class="mermaid-block"{attrs}>'
        f'<pre class="mermaid">{code}</pre>'
        f'<div class="mermaid-fallback"><p class="mermaid-notice">{NOTICE}</p>'
        f'<pre class="highlight"><code class="language-mermaid">{code}</code></pre></div>'
        "</div>\n"
    )
