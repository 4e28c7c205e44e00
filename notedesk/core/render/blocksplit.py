"""Where a note splits into top-level blocks that render alone, kept up to date per edit.

markdown-it's block parser decides where top-level blocks start. Parsing a
whole long note on every keystroke would cost more than rendering the one
block that changed, so after an edit only a window around it is parsed again:
from two blocks before the edit to a few blocks after it. Parsing from a block
start depends only on the lines from there on, so once the window parse starts
a block where the old parse did (past the edit, two blocks in a row), every
later start is the old one moved by the lines the edit added or removed. When
that does not happen inside the window (an opened code fence runs on), the
whole note is parsed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, MutableMapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notedesk.core.commonends import common_prefix, common_suffix
from notedesk.core.frontmatter import split_frontmatter
from notedesk.core.render.context import ENV_KEY, RenderContext

__all__ = ["RAW_HTML", "BlockSplitter", "CrossesBlocks", "crosses_blocks", "has_raw_html"]

RAW_HTML = frozenset({"html_block", "html_inline"})
_AFTER = 3  # old blocks after the edit the window parse covers


class CrossesBlocks(Exception):
    """The note uses something that reaches across blocks: render it whole."""


def crosses_blocks(env: MutableMapping[str, Any]) -> bool:
    """Reference definitions or footnotes were seen (the footnote plugin leaves empty tables)."""
    for name, value in env.items():
        if name == ENV_KEY:
            continue
        if name == "footnotes" and isinstance(value, dict) and not any(value.values()):
            continue
        return True
    return False


def has_raw_html(tokens: list[Token]) -> bool:
    for tok in tokens:
        if tok.type in RAW_HTML:
            return True
        if tok.children and any(c.type in RAW_HTML for c in tok.children):
            return True
    return False


def _is_marker(tokens: list[Token], i: int) -> bool:
    """A top-level paragraph that may be a ``^block-id`` line on its own."""
    return tokens[i].type == "paragraph_open" and tokens[i + 1].content.lstrip().startswith("^")


def line_offsets(text: str) -> list[int]:
    """Offset of every line start, then ``len(text)``."""
    offsets = [0]
    find = text.find
    pos = find("\n") + 1
    while pos:
        offsets.append(pos)
        pos = find("\n", pos) + 1
    offsets.append(len(text))
    return offsets


class BlockSplitter:
    """Top-level block starts of one note after another, reusing the previous split."""

    def __init__(self, md: MarkdownIt, make_context: Callable[[], RenderContext]) -> None:
        self._md = md
        self._make_context = make_context
        self._pre_rules: list[Any] = []
        for rule in md.core.ruler.getRules(""):
            self._pre_rules.append(rule)
            if getattr(rule, "__name__", "") == "block":
                break
        self._last: tuple[str, list[int]] | None = None

    def forget(self) -> None:
        self._last = None

    def starts(self, text: str, offsets: list[int]) -> list[int]:
        """0-based lines where a block starts that renders alone; raises CrossesBlocks."""
        last, self._last = self._last, None  # kept only when this split succeeds
        starts = self._reuse(last, text, offsets) if last is not None else None
        if starts is None:
            starts = self._parse(text, 0)
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        self._last = (text, starts)
        return starts

    def _parse(self, text: str, first_line: int) -> list[int]:
        ctx = self._make_context()
        ctx.allow_frontmatter = first_line == 0
        env: dict[str, Any] = {ENV_KEY: ctx}
        state = StateCore(text, self._md, env)
        for rule in self._pre_rules:
            rule(state)
        if crosses_blocks(env):
            raise CrossesBlocks
        tokens = state.tokens
        starts: list[int] = []
        marker = False
        for i, tok in enumerate(tokens):
            if tok.type in RAW_HTML:
                raise CrossesBlocks  # unclosed tags close where the sanitiser sees the rest
            if tok.level != 0 or tok.nesting == -1 or tok.map is None:
                continue
            follows_marker, marker = marker, _is_marker(tokens, i)
            if (i and tokens[i - 1].hidden) or follows_marker or marker:
                # markdown-it puts a newline before a block that follows a hidden one
                # (a comment, a ``^block-id`` line); such a line names the block before it.
                continue
            starts.append(tok.map[0] + first_line)
        return starts

    def _reuse(
        self, last: tuple[str, list[int]], text: str, offsets: list[int]
    ) -> list[int] | None:
        old, old_starts = last
        if old == text:
            return list(old_starts)
        prefix = common_prefix(old, text)
        suffix = common_suffix(old, text, min(len(old), len(text)) - prefix)
        first = text.count("\n", 0, prefix)  # line of the first change
        old_last = old.count("\n", 0, len(old) - suffix)  # old line of the last change
        delta = text.count("\n", prefix, len(text) - suffix) - old.count(
            "\n", prefix, len(old) - suffix
        )
        begin = max(0, bisect_right(old_starts, first) - 1 - 2)
        if text[:1] in ("-", "{") or old[:1] in ("-", "{"):
            # Frontmatter is the one block decided by a distant line (its closing fence).
            old_fm, new_fm = split_frontmatter(old), split_frontmatter(text)
            if (old_fm is None) != (new_fm is None):
                return None
            if (
                old_fm is not None
                and new_fm is not None
                and first <= max(old_fm.end_line, new_fm.end_line)
            ):
                begin = 0
        after = bisect_right(old_starts, old_last)
        window_start = old_starts[begin]
        if after + _AFTER < len(old_starts):
            window_end = old_starts[after + _AFTER] + delta
            window = text[offsets[window_start] : offsets[window_end]]
        else:
            window_end = len(offsets)
            window = text[offsets[window_start] :]
        found = self._parse(window, window_start)
        moved = {s + delta for s in old_starts[after:]}
        for i in range(len(found) - 1):
            if found[i] in moved and found[i + 1] in moved and found[i + 1] < window_end:
                cut = found[i]
                tail = old_starts[bisect_left(old_starts, cut - delta) :]
                return old_starts[:begin] + found[:i] + [s + delta for s in tail]
        if window_end == len(offsets):
            return old_starts[:begin] + found  # the window reached the end of the note
        return None
