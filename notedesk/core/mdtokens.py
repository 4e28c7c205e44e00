"""Line-by-line Markdown tokens for the source editor's highlighting.

``tokenize_line(line, state)`` returns the styled spans of one line and the
state the next line starts in; the state carries what spans lines (frontmatter,
code fences, ``$$`` math, multi-line ``%%`` comments), so a syntax highlighter
can re-run only the lines whose incoming state changed. Tokens come outer
first: a span that contains another is listed before it. Offsets are Python
string indices (code points); callers working in UTF-16 convert.

Everything is a loop over ``str.find`` and small anchored regexes, linear in the
line length except emphasis pairing, which is skipped on very long lines.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from notedesk.core.mdfence import (
    FENCE,
    closes_fence,
    fence_quotes,
    fence_state,
    opens_fence,
    quote_prefix,
)
from notedesk.core.note import normalize_tag

__all__ = [
    "CODE_STATES",
    "COMMENT",
    "FRONTMATTER",
    "MATH",
    "NORMAL",
    "START",
    "Token",
    "block_kind",
    "is_code_state",
    "next_state",
    "tokenize_line",
]

START = -1  # the first line of the document: ``---`` opens frontmatter only here
NORMAL = 0
FRONTMATTER = 1
COMMENT = 2
MATH = 3
CODE_STATES = (FRONTMATTER, MATH)

# Emphasis pairing searches ahead for a closer; past this length a line is
# styled without it so that a pathological line stays linear.
_PAIRING_LIMIT = 4000


class Token(NamedTuple):
    start: int
    end: int
    kind: str
    # wikilinks: the note part of the target (no fragment, no alias); callouts: the type
    target: str = ""


def block_kind(previous: int, state: int) -> str:
    """What a whole line belongs to, from the states before and after it.

    ``"code"`` for fence lines and their content, ``"frontmatter"`` for the
    frontmatter and its ``---`` lines, ``"math"`` inside ``$$``, else ``""``.
    """
    if previous >= FENCE or state >= FENCE:
        return "code"
    if FRONTMATTER in (previous, state):
        return "frontmatter"
    if MATH in (previous, state):
        return "math"
    return ""


def is_code_state(state: int) -> bool:
    """True inside a code fence, frontmatter or ``$$`` math: no completion, no links."""
    return state >= FENCE or state in CODE_STATES


_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"(?: {0,3}>[ \t]?)+")
_CALLOUT = re.compile(r"\[![^\]\s]+\][+-]?")
_LIST = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK = re.compile(r"\[(.)\](?=[ \t]|$)")
_BLOCK_ID = re.compile(r"(?:^|[ \t])\^[A-Za-z0-9-]+[ \t]*$")
_TABLE_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?[ \t]*)?$")
_FOOTNOTE_DEF = re.compile(r"\[\^[^\]\s]+\]:")
_FM_KEY = re.compile(r"[ \t]*(?:- )?([\w-]+)[ \t]*:(?=\s|$)")
# The destination may hold balanced parentheses, one level deep: ``[x](a_(b).md)``.
_MDLINK = re.compile(r"!?\[([^\[\]\n]*)\]\(((?:[^()\n]|\([^()\n]*\))*)\)")

_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_INLINE = re.compile(
    r"(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<code>`+)"
    r"|(?P<comment>%%)"
    r"|(?P<wiki>!?\[\[)"
    r"|(?P<foot>\[\^[^\]\s]+\])"
    r"|(?P<link>!?\[)"
    r"|(?P<url>(?:https?|mailto|ftp):[^\s<>()\[\]]+)"
    r"|(?P<tag>(?<!\S)#[^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]+)"
    r"|(?P<pair>==|\*\*|__|~~|\*|_|\$\$|\$)"
    r"|(?P<html><)"
)
_PAIR_KIND = {
    "==": "highlight",
    "**": "strong",
    "__": "strong",
    "~~": "strike",
    "*": "emphasis",
    "_": "emphasis",
}


def _fence_line(line: str, state: int) -> tuple[list[Token], int]:
    """A line after a fence opened (in a quote or callout when the state says so)."""
    quotes = fence_quotes(state)
    cut = quote_prefix(line, quotes) if quotes else 0
    if cut is None:  # the quote ended, and the fence inside it with it
        return tokenize_line(line, NORMAL)
    tokens = [Token(0, cut, "marker")] if cut else []
    if closes_fence(line[cut:], state):
        tokens.append(Token(cut, len(line), "fence"))
        return tokens, NORMAL
    if len(line) > cut:
        tokens.append(Token(cut, len(line), "codeblock"))
    return tokens, state


def tokenize_line(line: str, state: int) -> tuple[list[Token], int]:
    """The tokens of one line given the state the previous line ended in."""
    if state >= FENCE:
        return _fence_line(line, state)
    if state == START:
        if line.rstrip() == "---":
            return [Token(0, len(line), "frontmatter_delim")], FRONTMATTER
        state = NORMAL
    if state == FRONTMATTER:
        return _frontmatter_line(line)
    tokens: list[Token] = []
    if state == MATH:
        close = line.find("$$")
        if close < 0:
            return ([Token(0, len(line), "math")] if line else []), MATH
        tokens.append(Token(0, close + 2, "math"))
        return tokens, _inline(line, close + 2, len(line), tokens)
    if state == COMMENT:
        close = line.find("%%")
        if close < 0:
            return ([Token(0, len(line), "comment")] if line else []), COMMENT
        tokens.append(Token(0, close + 2, "comment"))
        return tokens, _inline(line, close + 2, len(line), tokens)
    return _block_line(line, tokens)


def _frontmatter_line(line: str) -> tuple[list[Token], int]:
    if line.rstrip() in ("---", "..."):
        return [Token(0, len(line), "frontmatter_delim")], NORMAL
    tokens = [Token(0, len(line), "frontmatter")] if line else []
    key = _FM_KEY.match(line)
    if key is not None:
        tokens.append(Token(key.start(1), key.end(1), "frontmatter_key"))
    return tokens, FRONTMATTER


def _block_line(line: str, tokens: list[Token]) -> tuple[list[Token], int]:
    """A line in normal state: block structure first, then inline spans."""
    marker = opens_fence(line, 0)
    if marker is not None:
        tokens.append(Token(0, len(line), "fence"))
        return tokens, fence_state(marker)
    stripped = line.strip()
    if stripped.startswith("$$"):
        close = stripped.find("$$", 2)
        if close < 0:
            tokens.append(Token(0, len(line), "math"))
            return tokens, MATH
    pos = 0
    end = len(line)
    heading = _HEADING.match(line)
    if heading is not None:
        level = len(heading.group(1))
        tokens.append(Token(0, end, f"h{level}"))
        tokens.append(Token(heading.start(1), heading.end(1), "marker"))
        return tokens, _inline(line, heading.end(), end, tokens)
    if _HR.match(line):
        tokens.append(Token(0, end, "hr"))
        return tokens, NORMAL
    if stripped.startswith("|"):
        if _TABLE_RULE.match(line):
            tokens.append(Token(0, end, "marker"))
            return tokens, NORMAL
        for i, char in enumerate(line):
            if char == "|" and (i == 0 or line[i - 1] != "\\"):
                tokens.append(Token(i, i + 1, "marker"))
        return tokens, _inline(line, 0, end, tokens)
    quote = _QUOTE.match(line)
    if quote is not None:
        marker = opens_fence(line, quote.end())
        if marker is not None:  # a code fence in a quote or callout
            tokens.append(Token(0, quote.end(), "marker"))
            tokens.append(Token(quote.end(), end, "fence"))
            return tokens, fence_state(marker, quote.group().count(">"))
        tokens.append(Token(0, end, "quote"))
        tokens.append(Token(0, quote.end(), "marker"))
        pos = quote.end()
        callout = _CALLOUT.match(line, pos)
        if callout is not None:
            kind = line[pos + 2 : callout.end()].rstrip("+-")[:-1].casefold()
            tokens.append(Token(pos, end, "callout", kind))
            tokens.append(Token(pos, callout.end(), "callout_type", kind))
            return tokens, _inline(line, callout.end(), end, tokens)
    item = _LIST.match(line, pos)
    if item is not None and item.end() > pos:
        marker_start = pos + len(line[pos : item.end()]) - len(line[pos : item.end()].lstrip())
        tokens.append(Token(marker_start, item.end(), "list_marker"))
        pos = item.end()
        task = _TASK.match(line, pos)
        if task is not None:
            done = task.group(1) != " "
            tokens.append(Token(pos, task.end(), "task_done" if done else "task"))
            pos = task.end()
    elif pos == 0:
        footnote = _FOOTNOTE_DEF.match(line)
        if footnote is not None:
            tokens.append(Token(0, footnote.end(), "footnote"))
            pos = footnote.end()
    block_id = _BLOCK_ID.search(line, pos)
    if block_id is not None:
        caret = line.index("^", block_id.start())
        tokens.append(Token(caret, block_id.end(), "block_id"))
        end = block_id.start()
    return tokens, _inline(line, pos, end, tokens)


def _inline(line: str, pos: int, end: int, tokens: list[Token]) -> int:
    """Inline spans of ``line[pos:end]`` appended to tokens; returns the next line's state."""
    closers: dict[int, int] = {}  # position of a closing delimiter -> its length
    # Last search result per needle: a hit at or after ``pos`` is still the next
    # one, and a miss stays a miss, so a line full of openers stays linear.
    found: dict[str, int] = {}

    def find(needle: str, at: int) -> int:
        hit = found.get(needle)
        if hit is None or (hit != -1 and hit < at):
            hit = (
                _find_run(line, needle, at, end) if needle[0] == "`" else line.find(needle, at, end)
            )
            found[needle] = hit
        return hit

    pairing = len(line) <= _PAIRING_LIMIT
    while pos < end:
        m = _INLINE.search(line, pos, end)
        if m is None:
            break
        start = m.start()
        if start in closers:
            pos = start + closers.pop(start)
            continue
        group = m.lastgroup
        pos = m.end()
        if group == "esc":
            continue
        if group == "code":
            ticks = m.group()
            close = find(ticks, pos)
            if close >= 0:
                tokens.append(Token(start, close + len(ticks), "code"))
                pos = close + len(ticks)
        elif group == "comment":
            close = line.find("%%", pos, end)
            if close < 0:
                tokens.append(Token(start, len(line), "comment"))
                return COMMENT
            tokens.append(Token(start, close + 2, "comment"))
            pos = close + 2
        elif group == "wiki":
            close = find("]]", pos)
            reopened = find("[[", pos)
            if close >= 0 and not 0 <= reopened < close:
                inner = line[pos:close]
                target = inner.split("|", 1)[0].rstrip("\\").split("#", 1)[0].strip()
                kind = "embed" if line[start] == "!" else "wikilink"
                tokens.append(Token(start, close + 2, kind, target))
                pos = close + 2
        elif group == "foot":
            tokens.append(Token(start, pos, "footnote"))
        elif group == "link":
            link = _MDLINK.match(line, start, end)
            if link is not None:
                tokens.append(Token(start, link.end(1) + 1, "link_text"))
                tokens.append(Token(link.end(1) + 1, link.end(), "link_url"))
                pos = link.end()
        elif group == "url":
            url_end = pos
            while url_end > start and line[url_end - 1] in ".,;:!?'\"":
                url_end -= 1
            tokens.append(Token(start, url_end, "url"))
            pos = url_end
        elif group == "tag":
            if normalize_tag(m.group()[1:]) is not None:
                tokens.append(Token(start, pos, "tag"))
        elif group == "html":
            html = _HTML.match(line, start, end)
            if html is not None:
                tokens.append(Token(start, html.end(), "html"))
                pos = html.end()
        elif pairing:
            pos = _pair(line, m.group(), start, pos, end, tokens, closers)
    return NORMAL


def _find_run(line: str, run: str, pos: int, end: int) -> int:
    """Start of the next run of exactly ``run`` (no longer run of the same char), or -1."""
    char = run[0]
    while True:
        found = line.find(run, pos, end)
        if found < 0:
            return -1
        after = found + len(run)
        if after < len(line) and line[after] == char:
            pos = after + len(line[after:]) - len(line[after:].lstrip(char))
            continue
        return found


def _pair(
    line: str,
    delim: str,
    start: int,
    pos: int,
    end: int,
    tokens: list[Token],
    closers: dict[int, int],
) -> int:
    """Handle an emphasis-like delimiter; returns where scanning continues."""
    if pos >= end or line[pos].isspace():
        return pos
    if delim[0] == "_" and start > 0 and line[start - 1].isalnum():
        return pos  # snake_case is not emphasis
    if delim[0] == "$":
        close = line.find(delim, pos, end)
        after = close + len(delim)
        if close < 0 or line[close - 1].isspace() or line[after : after + 1].isdigit():
            return pos
        tokens.append(Token(start, close + len(delim), "math"))
        return close + len(delim)
    search = pos
    while True:
        close = line.find(delim, search, end)
        if close < 0:
            return pos
        after = close + len(delim)
        single = len(delim) == 1 and after < end and line[after] == delim
        if single:
            search = after + 1  # ``**`` inside ``*...*`` belongs to strong
            continue
        if line[close - 1].isspace() or close == pos:
            search = after
            continue
        if delim[0] == "_" and after < len(line) and line[after].isalnum():
            search = after
            continue
        break
    tokens.append(Token(start, after, _PAIR_KIND[delim]))
    closers[close] = len(delim)
    return pos


def next_state(line: str, state: int) -> int:
    """The state after ``line``: ``tokenize_line(line, state)[1]``, much cheaper on most lines."""
    if state >= FENCE:
        if fence_quotes(state):
            return _fence_line(line, state)[1]
        return NORMAL if closes_fence(line, state) else state
    if state in (START, FRONTMATTER, COMMENT, MATH) or "%%" in line or "$$" in line:
        return tokenize_line(line, state)[1]
    marker = opens_fence(line, 0)
    if marker is not None:
        return fence_state(marker)
    quote = _QUOTE.match(line)
    if quote is not None:
        marker = opens_fence(line, quote.end())
        if marker is not None:
            return fence_state(marker, quote.group().count(">"))
    return NORMAL
