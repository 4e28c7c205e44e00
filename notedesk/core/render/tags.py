"""Inline ``#tags``, by the vault's tag rules (``notedesk.core.note.normalize_tag``)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from notedesk.core.note import normalize_tag
from notedesk.core.render.context import ctx_of

_HASH = re.compile(r"#([^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]*)")


def _rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    src = state.src
    if src[pos] != "#" or state.linkLevel > 0 or (pos > 0 and not src[pos - 1].isspace()):
        return False
    match = _HASH.match(src, pos, state.posMax)
    if match is None:
        return False
    raw = match.group(1)
    tag = normalize_tag(raw)
    if tag is None:
        return False
    end = pos + 1 + raw.find(tag) + len(tag)
    if not silent:
        token = state.push("nd_tag", "", 0)
        token.content = tag
        token.markup = src[pos:end]
    state.pos = end
    return True


def _render(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    tag = tokens[idx].content
    shown = escapeHtml(tokens[idx].markup)
    url = ctx_of(env).links.tag_url(tag)
    if not url:
        return f'<span class="tag" data-tag="{escapeHtml(tag)}">{shown}</span>'
    return f'<a class="tag" data-tag="{escapeHtml(tag)}" href="{escapeHtml(url)}">{shown}</a>'


def tags_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("text", "nd_tag", _rule)
    md.add_render_rule("nd_tag", _render)
