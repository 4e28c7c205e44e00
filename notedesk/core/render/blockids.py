"""``^block-id`` markers: hidden, the id becomes the block's anchor (``id="^block-id"``)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notedesk.core.render.context import ctx_of

_TRAILING = re.compile(r"(?:^|[ \t\n])\^([A-Za-z0-9-]+)[ \t]*$")


def _open_of(tokens: list[Token], close_index: int) -> int | None:
    depth = 0
    for j in range(close_index, -1, -1):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return None


def _block_ids(state: StateCore) -> None:
    tokens = state.tokens
    ctx = ctx_of(state.env)
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or "^" not in tok.content or i == 0:
            continue
        para = tokens[i - 1]
        if para.type != "paragraph_open":
            continue
        match = _TRAILING.search(tok.content)
        if match is None:
            continue
        block_id = "^" + match.group(1)
        tok.content = tok.content[: match.start()].rstrip()
        target: Token = para
        if not tok.content:
            # A marker on its own line names the block before it (list, quote, table).
            para.hidden = True
            tokens[i + 1].hidden = True
            prev = i - 2
            if prev >= 0 and tokens[prev].nesting == -1 and tokens[prev].level == para.level:
                opened = _open_of(tokens, prev)
                if opened is not None:
                    target = tokens[opened]
        elif i >= 2 and tokens[i - 2].type == "list_item_open":
            target = tokens[i - 2]
        if target.attrGet("id") is None:
            target.attrSet("id", block_id)
        ctx.block_ids.append(block_id)


def blockids_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("nd_callouts", "nd_block_ids", _block_ids)
