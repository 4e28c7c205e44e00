"""Callouts: ``> [!type]+ Title`` blockquotes as styled boxes, foldable ones as ``<details>``."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notedesk.core.render.context import ctx_of
from notedesk.core.render.icons import ICONS

ALIASES: dict[str, str] = {
    "note": "note",
    "abstract": "abstract",
    "summary": "abstract",
    "tldr": "abstract",
    "info": "info",
    "todo": "todo",
    "tip": "tip",
    "hint": "tip",
    "important": "tip",
    "success": "success",
    "check": "success",
    "done": "success",
    "question": "question",
    "help": "question",
    "faq": "question",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "failure": "failure",
    "fail": "failure",
    "missing": "failure",
    "danger": "danger",
    "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote",
    "cite": "quote",
}

_HEAD = re.compile(r"^\[!([^\]\s]+)\]([+-]?)[ \t]*([^\n]*)(?:\n|$)")


def canonical_type(name: str) -> str:
    """The base type of a callout name; unknown types render as ``note``."""
    return ALIASES.get(name.lower(), "note")


def _tok(kind: str, tag: str, nesting: Literal[-1, 1], cls: str, block: bool = True) -> Token:
    token = Token(kind, tag, nesting, block=block)
    if cls:
        token.attrSet("class", cls)
    return token


def _callout_tokens(open_tok: Token, inline: Token) -> tuple[list[Token], bool, str] | None:
    match = _HEAD.match(inline.content)
    if match is None:
        return None
    name, fold, title = match.group(1), match.group(2), match.group(3).strip()
    base = canonical_type(name)
    wrapper = "details" if fold else "div"
    open_tok.type = "nd_callout_open"
    open_tok.tag = wrapper
    open_tok.attrJoin("class", "callout")
    open_tok.attrSet("data-callout", name.lower())
    open_tok.attrSet("data-callout-type", base)
    if fold:
        open_tok.attrSet("data-callout-fold", fold)
        if fold == "+":
            open_tok.attrSet("open", "")
    head = "summary" if fold else "div"
    title_inline = Token("inline", "", 0)
    title_inline.content = title or name[:1].upper() + name[1:].lower()
    title_inline.map = inline.map
    title_inline.children = []
    icon = Token("nd_callout_icon", "", 0)
    icon.meta = {"type": base}
    made = [
        open_tok,
        _tok("nd_callout_title_open", head, 1, "callout-title"),
        icon,
        _tok("nd_callout_title_inner_open", "span", 1, "callout-title-inner", block=False),
        title_inline,
        _tok("nd_callout_title_inner_close", "span", -1, "", block=False),
        _tok("nd_callout_title_close", head, -1, ""),
        _tok("nd_callout_content_open", "div", 1, "callout-content"),
    ]
    inline.content = inline.content[match.end() :]
    return made, not inline.content.strip(), wrapper


def _callouts(state: StateCore) -> None:
    tokens = state.tokens
    if not any(t.type == "blockquote_open" for t in tokens):
        return
    out: list[Token] = []
    stack: list[str | None] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "blockquote_open":
            made = None
            if (
                i + 2 < len(tokens)
                and tokens[i + 1].type == "paragraph_open"
                and tokens[i + 2].type == "inline"
            ):
                made = _callout_tokens(tok, tokens[i + 2])
            if made is None:
                stack.append(None)
                out.append(tok)
                i += 1
                continue
            new_tokens, first_para_empty, wrapper = made
            stack.append(wrapper)
            out.extend(new_tokens)
            if first_para_empty:
                i += 4  # blockquote_open, paragraph_open, inline, paragraph_close
            else:
                para = tokens[i + 1]
                if para.map is not None:
                    # The title took the paragraph's first line; the rest starts one later.
                    para.map = [para.map[0] + 1, para.map[1]]
                i += 1
            continue
        if tok.type == "blockquote_close":
            closing = stack.pop() if stack else None
            if closing is not None:
                out.append(_tok("nd_callout_content_close", "div", -1, ""))
                tok.type = "nd_callout_close"
                tok.tag = closing
        out.append(tok)
        i += 1
    state.tokens = out


def _render_icon(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    svg = ICONS.get(tokens[idx].meta.get("type", "note"), ICONS["note"])
    return f'<span class="callout-icon">{ctx_of(env).shared.trust(svg)}</span>'


def callouts_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "nd_callouts", _callouts)
    md.add_render_rule("nd_callout_icon", _render_icon)
