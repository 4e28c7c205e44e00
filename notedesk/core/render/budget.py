"""Bounded inline parsing: a paragraph that would take super-linear work renders as plain text.

markdown-it's link-label scan is quadratic on inputs like 50,000 ``[`` followed by
50,000 ``]``: it re-skips tokens. Counting those skips per paragraph, and checking the
clock as it goes, keeps every paragraph bounded; ordinary text never skips much.
"""

from __future__ import annotations

import time

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# Ordinary prose skips far less than one token per character; this leaves a margin.
STEPS_PER_CHAR = 4
BASE_STEPS = 2000
# Some scans (link destinations) loop inside one step, so time is bounded too.
BASE_SECONDS = 0.25
SECONDS_PER_CHAR = 5e-6
_ATTR = "_notedesk_steps"
_DEADLINE = "_notedesk_deadline"


class InlineTooComplex(Exception):
    """A paragraph exceeded its parsing budget."""


def _step(state: StateInline) -> None:
    steps: int = getattr(state, _ATTR, 0) + 1
    if steps > STEPS_PER_CHAR * len(state.src) + BASE_STEPS:
        raise InlineTooComplex
    setattr(state, _ATTR, steps)
    if steps % 64 == 0:
        deadline: float | None = getattr(state, _DEADLINE, None)
        now = time.perf_counter()
        if deadline is None:
            setattr(state, _DEADLINE, now + BASE_SECONDS + SECONDS_PER_CHAR * len(state.src))
        elif now > deadline:
            raise InlineTooComplex


def _inline_guarded(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline":
            continue
        token.children = []
        try:
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        except InlineTooComplex:
            text = Token("text", "", 0)
            text.content = token.content
            token.children = [text]


def budget_plugin(md: MarkdownIt) -> None:
    skip = md.inline.skipToken

    def counted_skip(state: StateInline) -> None:
        _step(state)
        skip(state)

    # Only this parser instance: link labels are scanned through ``md.inline.skipToken``.
    md.inline.skipToken = counted_skip  # type: ignore[method-assign]
    md.core.ruler.at("inline", _inline_guarded)
