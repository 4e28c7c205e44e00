"""``data-line`` on every block element: the 0-based source line where the block starts."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from notedesk.core.render.context import ctx_of

# Raw HTML blocks are emitted verbatim, so they cannot carry an attribute.
_SKIP = frozenset({"html_block", "inline"})


def _source_lines(state: StateCore) -> None:
    if not ctx_of(state.env).line_map:
        # Transcluded text: its lines are another file's, so it carries none.
        return
    for tok in state.tokens:
        if tok.map is not None and tok.block and tok.nesting >= 0 and tok.type not in _SKIP:
            tok.attrSet("data-line", str(tok.map[0]))


def sourcemap_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("nd_source_lines", _source_lines)
