"""``==highlight==`` as ``<mark>``, with the same delimiter rules as ``~~strikethrough~~``."""

from __future__ import annotations

from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

_EQ = 0x3D


def _tokenize(state: StateInline, silent: bool) -> bool:
    if silent or state.src[state.pos] != "=":
        return False
    scanned = state.scanDelims(state.pos, True)
    length = scanned.length
    if length < 2:
        return False
    if length % 2:
        token = state.push("text", "", 0)
        token.content = "="
        length -= 1
    for _ in range(length // 2):
        token = state.push("text", "", 0)
        token.content = "=="
        state.delimiters.append(
            Delimiter(
                marker=_EQ,
                length=0,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _post_process_list(state: StateInline, delimiters: list[Delimiter]) -> None:
    lone: list[int] = []
    for start in delimiters:
        if start.marker != _EQ or start.end == -1:
            continue
        end = delimiters[start.end]
        pairs: tuple[tuple[int, str, Literal[-1, 1]], ...] = (
            (start.token, "mark_open", 1),
            (end.token, "mark_close", -1),
        )
        for index, kind, nesting in pairs:
            token = state.tokens[index]
            token.type = kind
            token.tag = "mark"
            token.nesting = nesting
            token.markup = "=="
            token.content = ""
        before = state.tokens[end.token - 1]
        if before.type == "text" and before.content == "=":
            lone.append(end.token - 1)
    # An odd run like `===` leaves one `=` before the closer; move it after the close tags.
    while lone:
        i = lone.pop()
        j = i + 1
        while j < len(state.tokens) and state.tokens[j].type == "mark_close":
            j += 1
        j -= 1
        if i != j:
            state.tokens[i], state.tokens[j] = state.tokens[j], state.tokens[i]


def _post_process(state: StateInline) -> None:
    _post_process_list(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _post_process_list(state, meta["delimiters"])


def highlight_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "nd_mark", _tokenize)
    md.inline.ruler2.before("emphasis", "nd_mark", _post_process)
