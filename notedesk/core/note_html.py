"""Raw HTML in a note: comments and CommonMark HTML blocks, whose text is not Markdown.

The preview shows an HTML block's lines as they are (a ``#word`` in a ``<div>``
block is no tag, a ``[[link]]`` no link) and hides comments, so the index and
unlinked mentions skip both. ``with_html`` adds their spans to the code, math
and comment spans of ``codespans``.

HTML blocks follow CommonMark 0.31 as the preview's markdown-it does: a line
starting (after up to 3 spaces) with one of seven openers starts a block; kinds
1-5 (``<pre``/``<script``/``<style``/``<textarea``, ``<!--``, ``<?``, ``<!X``,
``<![CDATA[``) end at the line holding their closer, kinds 6 (a block-level tag
name) and 7 (any complete tag alone on its line) at the next blank line. Kind 7
cannot interrupt a paragraph. Blocks inside quotes and list items are not
recognised. Each ``<`` is looked at once and each search moves forward, so the
scan is linear.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from notedesk.core.codespans import ExcludedSpans

__all__ = ["with_html", "with_html_comments"]

_COMMENT_BLOCK = re.compile(r" {0,3}<!--")
_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    "optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul"
)
_ATTRIBUTE = (
    r"[ \t]+[A-Za-z_:][A-Za-z0-9:._-]*+"
    r"(?:[ \t]*=[ \t]*(?:[^\"'=<>`\x00-\x20]++|'[^'\n]*+'|\"[^\"\n]*+\"))?+"
)
_OPENER = re.compile(
    r" {0,3}<(?:"
    r"(?P<raw>(?i:script|pre|style|textarea))(?=[ \t>]|$)"
    r"|(?P<pi>\?)"
    r"|(?P<cdata>!\[CDATA\[)"
    r"|(?P<decl>![A-Za-z])"
    rf"|(?P<block>/?(?i:{_BLOCK_NAMES}))(?=[ \t]|/?>|$)"
    rf"|(?P<tag>(?:[A-Za-z][A-Za-z0-9-]*+(?:{_ATTRIBUTE})*+[ \t]*/?>"
    r"|/[A-Za-z][A-Za-z0-9-]*+[ \t]*>)[ \t]*$)"
    r")",
    re.MULTILINE,
)
_RAW_CLOSER = re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)
_CLOSERS = {"pi": "?>", "cdata": "]]>", "decl": ">"}
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n|$)")
_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")


def with_html(text: str, body: int, excluded: ExcludedSpans) -> ExcludedSpans:
    """``excluded`` plus HTML comments and HTML blocks; a quick test skips notes with no ``<``."""
    if "<" not in text:
        return excluded
    if "<!--" in text:
        excluded = with_html_comments(text, body, excluded)
    return with_html_blocks(text, body, excluded)


def merge_spans(excluded: ExcludedSpans, found: list[tuple[int, int]]) -> ExcludedSpans:
    """``excluded`` plus the ``found`` spans, overlapping ones joined (``excluded`` if none)."""
    if not found:
        return excluded
    merged = ExcludedSpans()
    for start, end in sorted([*zip(excluded.starts, excluded.ends, strict=True), *found]):
        if merged.starts and start < merged.ends[-1]:
            merged.ends[-1] = max(merged.ends[-1], end)
        else:
            merged.add(start, end)
    return merged


def with_html_comments(text: str, body: int, excluded: ExcludedSpans) -> ExcludedSpans:
    """``excluded`` plus HTML comments (``<!-- ... -->``), which yield no tags or links.

    A comment starting in code or math is literal. An unclosed comment hides the
    rest of the note when it starts a line (an HTML block); inside a paragraph it
    is plain text.
    """
    found: list[tuple[int, int]] = []
    pos = body
    while True:
        at = text.find("<!--", pos)
        if at < 0:
            break
        i = bisect_right(excluded.starts, at) - 1
        if i >= 0 and at < excluded.ends[i]:
            pos = excluded.ends[i]
            continue
        close = text.find("-->", at + 2)  # "<!-->" and "<!--->" are (empty) comments too
        if close < 0:
            line_start = text.rfind("\n", 0, at) + 1
            if _COMMENT_BLOCK.match(text, line_start) and text.find("<!--", line_start) == at:
                found.append((at, len(text)))
            break
        found.append((at, close + 3))
        pos = close + 3
    return merge_spans(excluded, found)


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _after_paragraph(
    text: str, body: int, line_start: int, excluded: ExcludedSpans, found: list[tuple[int, int]]
) -> bool:
    """Whether the line before ``line_start`` is paragraph text (kind 7 cannot interrupt it)."""
    if line_start <= body:
        return False
    prev_end = line_start - 1
    prev_start = text.rfind("\n", body, prev_end) + 1
    if prev_start < body:
        prev_start = body
    prev = text[prev_start:prev_end]
    if not prev.strip() or _HEADING_LINE.match(prev):
        return False
    if found and found[-1][1] >= prev_end:
        return False  # the line before closed an HTML block
    return prev_end - 1 not in excluded  # a code fence's closing line is no paragraph


def with_html_blocks(text: str, body: int, excluded: ExcludedSpans) -> ExcludedSpans:
    """``excluded`` plus the HTML blocks that start outside it (see the module doc)."""
    found: list[tuple[int, int]] = []
    starts, ends = excluded.starts, excluded.ends
    size = len(text)
    pos = body
    while True:
        at = text.find("<", pos)
        if at < 0:
            break
        line_start = at
        while line_start > body and at - line_start < 3 and text[line_start - 1] == " ":
            line_start -= 1
        if line_start > body and text[line_start - 1] != "\n":
            pos = _line_end(text, at)  # not at a line's start: nor is any "<" after it
            continue
        if starts:
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < ends[i]:
                pos = ends[i]
                continue
        m = _OPENER.match(text, line_start)
        if m is None or (
            m.group("tag") is not None and _after_paragraph(text, body, line_start, excluded, found)
        ):
            pos = _line_end(text, at)
            continue
        kind = m.lastgroup
        if kind == "raw":
            close = _RAW_CLOSER.search(text, at)
            end = size if close is None else _line_end(text, close.end())
        elif kind in _CLOSERS:
            closer = _CLOSERS[kind]
            close_at = text.find(closer, at + 1)
            end = size if close_at < 0 else _line_end(text, close_at + len(closer))
        else:
            blank = _BLANK_LINE.search(text, at)
            end = size if blank is None else blank.start() + 1
        found.append((line_start, end))
        pos = end
    return merge_spans(excluded, found)
