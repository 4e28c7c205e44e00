"""``%%comments%%``: hidden in the rendered note, inline or across lines and blocks."""

from __future__ import annotations

from bisect import bisect_right

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline


def _inline(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("%%", pos):
        return False
    end = src.find("%%", pos + 2)
    # Unclosed: like Obsidian, the comment runs on to the end of the block.
    state.pos = state.posMax if end < 0 else end + 2
    return True


def _block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    src = state.src
    if not src.startswith("%%", pos):
        return False
    line_end = state.eMarks[start_line]
    close = src.find("%%", pos + 2, line_end)
    if close >= 0 and src[close + 2 : line_end].strip():
        # "%% note %% text": an inline comment at the start of a paragraph, whose text
        # stays (as the index reads it); the inline rule hides the comment alone.
        return False
    if silent:
        return True
    if close < 0:
        close = src.find("%%", line_end)
    if close < 0:
        last = end_line - 1
    else:
        # The line holding the closing marker is the comment's last line.
        last = max(start_line, bisect_right(state.bMarks, close, 0, end_line) - 1)
    token = state.push("nd_comment", "", 0)
    token.map = [start_line, last + 1]
    token.hidden = True
    state.line = last + 1
    return True


def comments_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "nd_comment", _inline)
    md.block.ruler.before(
        "table", "nd_comment", _block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.add_render_rule("nd_comment", lambda *_args: "")
