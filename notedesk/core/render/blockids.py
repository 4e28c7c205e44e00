"""``^block-id`` markers: hidden, the id becomes the block's anchor (``id="^block-id"``)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notedesk.core.render.context import ctx_of

_TRAILING = re.compile(r"(?:^|[ \t\n])\^([A-Za-z0-9-]+)[ \t]*$")
_ALONE = re.compile(r"^\^([A-Za-z0-9-]+)$")


def _open_of(tokens: list[Token], close_index: int) -> int | None:
    depth = 0
    for j in range(close_index, -1, -1):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return None


def _table_row_ids(tokens: list[Token], block_ids: list[str]) -> list[Token]:
    """``^id`` right under a table (no blank line) is read as a last row: make it the table's id."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "tr_open" and i + 2 < len(tokens) and tokens[i + 2].type == "inline":
            end = i + 1
            while end < len(tokens) and tokens[end].type != "tr_close":
                end += 1
            cells = [t.content.strip() for t in tokens[i:end] if t.type == "inline"]
            match = _ALONE.match(cells[0]) if cells else None
            last = end + 1 < len(tokens) and tokens[end + 1].type == "tbody_close"
            if match and last and not any(cells[1:]):
                table = next(t for t in reversed(out) if t.type == "table_open")
                if table.attrGet("id") is None:
                    table.attrSet("id", "^" + match.group(1))
                block_ids.append("^" + match.group(1))
                i = end + 1
                continue
        out.append(tok)
        i += 1
    return out


def _ended_by(tokens: list[Token], inline_index: int) -> Token | None:
    """The quote, callout or list whose last block is the paragraph at ``inline_index``."""
    j = inline_index + 2  # the token after paragraph_close
    if j < len(tokens) and tokens[j].type == "list_item_close":
        j += 1
        if j >= len(tokens) or tokens[j].type not in ("bullet_list_close", "ordered_list_close"):
            return None
    elif j < len(tokens) and tokens[j].type == "nd_callout_content_close":
        j += 1
    if j >= len(tokens) or tokens[j].type not in (
        "blockquote_close",
        "nd_callout_close",
        "bullet_list_close",
        "ordered_list_close",
    ):
        return None
    opened = _open_of(tokens, j)
    return None if opened is None else tokens[opened]


def _title_id(tokens: list[Token], i: int, block_ids: list[str]) -> None:
    """``> [!info] Title ^id``: the id names the callout and leaves its title."""
    match = _TRAILING.search(tokens[i].content)
    callout = tokens[i - 4] if i >= 4 else None
    if match is None or callout is None or callout.type != "nd_callout_open":
        return
    title = tokens[i].content[: match.start()].rstrip()
    if not title:  # "> [!tip] ^id": the title falls back to the type, as with no title
        name = str(callout.attrGet("data-callout") or "note")
        title = name[:1].upper() + name[1:]
    tokens[i].content = title
    if callout.attrGet("id") is None:
        callout.attrSet("id", "^" + match.group(1))
    block_ids.append("^" + match.group(1))


def _is_html_block_before(tok: Token, para: Token) -> bool:
    return tok.type == "html_block" and tok.level == para.level


def _block_ids(state: StateCore) -> None:
    ctx = ctx_of(state.env)
    if any(t.type == "table_open" for t in state.tokens):
        state.tokens = _table_row_ids(state.tokens, ctx.block_ids)
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or "^" not in tok.content or i == 0:
            continue
        para = tokens[i - 1]
        if para.type == "nd_callout_title_inner_open":
            _title_id(tokens, i, ctx.block_ids)
            continue
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
            elif prev >= 0 and _is_html_block_before(tokens[prev], para):
                # Raw HTML has no attributes to carry the id: embeds find it in meta.
                tokens[prev].meta.setdefault("block_id", block_id)
        elif match.group(0).startswith("\n") and (outer := _ended_by(tokens, i)) is not None:
            # "^id" on the line right under a quote, callout or list continues its last
            # paragraph (lazily), but names the whole quote, callout or list.
            target = outer
        elif i >= 2 and tokens[i - 2].type == "list_item_open":
            target = tokens[i - 2]
        if target.attrGet("id") is None:
            target.attrSet("id", block_id)
        ctx.block_ids.append(block_id)


def blockids_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("nd_callouts", "nd_block_ids", _block_ids)
