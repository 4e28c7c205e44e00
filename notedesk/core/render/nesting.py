"""Blocks nested past the cap show as plain text: bounded work, and no text silently dropped."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

# markdown-it stops parsing (and drops the rest) at maxNesting; we take over a little earlier.
_MARGIN = 4


def _too_deep(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.level < state.md.options["maxNesting"] - _MARGIN:
        return False
    if silent:
        return True
    token = state.push("nd_too_deep", "pre", 0)
    token.block = True
    token.map = [start_line, end_line]
    token.content = state.getLines(start_line, end_line, state.blkIndent, False)
    state.line = end_line
    return True


def _render(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    return (
        f'<pre class="too-deep" title="Nested too deeply to format">'
        f"{escapeHtml(tokens[idx].content)}</pre>\n"
    )


def nesting_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "nd_too_deep", _too_deep)
    md.add_render_rule("nd_too_deep", _render)
