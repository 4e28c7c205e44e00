"""Local paths in raw HTML: ``<a href="docs/install.md">`` and ``<img src="img/logo.png">``.

READMEs and docs folders written for GitHub use them (a centred logo, a link in a
``<details>`` block). Each is a link relative to the note (or, with a leading ``/``,
to the vault's top folder), as a Markdown link's path is; external URLs, ``#id``
anchors alone and paths leaving the vault are not links. Only ``href`` of ``<a>``
and ``src`` of ``<img>`` count. A tag is read on its line, and no quoted value in it
may hold ``<`` or ``>``: every search then stops at the next one (linear).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html import unescape
from typing import NamedTuple

from notedesk.core.codespans import ExcludedSpans

__all__ = ["HtmlLink", "find_html_links", "html_url_span"]

_TAG = re.compile(
    r"<(?P<tag>a|img)(?=[\s/>])(?:[^<>\"'\n]|\"[^\"<>\n]*\"|'[^'<>\n]*')*>", re.IGNORECASE
)
_ATTR = re.compile(
    r"[\s\"'](?P<name>href|src)[ \t]*=[ \t]*"
    r"(?:\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s\"'=<>`]+))",
    re.IGNORECASE,
)
_WANTED = {"a": "href", "img": "src"}


class HtmlLink(NamedTuple):
    start: int  # offset of the tag's ``<``
    end: int  # offset after its ``>``
    url: str  # the attribute's value as written (HTML entities not yet decoded)
    url_start: int
    url_end: int
    embed: bool  # an <img>


def html_url_span(tag: str) -> tuple[int, int] | None:
    """Where the link's URL is in one tag's text (``<a href="x.md">``), or None."""
    m = _TAG.match(tag)
    if m is None:
        return None
    wanted = _WANTED[m.group("tag").lower()]
    for attr in _ATTR.finditer(tag, len(m.group("tag")) + 1, m.end()):
        if attr.group("name").lower() == wanted:
            group = next(g for g in ("dq", "sq", "bare") if attr.group(g) is not None)
            return attr.span(group)
    return None


def find_html_links(text: str, body: int, excluded: ExcludedSpans) -> list[HtmlLink]:
    """``<a href>`` and ``<img src>`` tags outside ``excluded`` (code, math, comments)."""
    if "<" not in text:
        return []
    out: list[HtmlLink] = []
    starts, ends = excluded.starts, excluded.ends
    for m in _TAG.finditer(text, body):
        at = m.start()
        i = bisect_right(starts, at) - 1
        if i >= 0 and at < ends[i]:
            continue
        span = html_url_span(m.group(0))
        if span is None:
            continue
        url_start, url_end = at + span[0], at + span[1]
        out.append(
            HtmlLink(
                at,
                m.end(),
                text[url_start:url_end],
                url_start,
                url_end,
                m.group("tag").lower() == "img",
            )
        )
    return out


def html_target(url: str) -> str:
    """An attribute's URL as a Markdown link's would be written: entities decoded, the
    ``?query`` dropped (``logo.png?raw=true``)."""
    return unescape(url).strip().split("?", 1)[0]
