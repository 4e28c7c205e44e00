"""Plain-text web addresses (``https://example.org``) as links, in linear time.

markdown-it's own rule looks for the scheme before each ``://`` in all the text
not yet turned into tokens, so a line of ``<http://`` repeated took quadratic
time (8,000 of them: 18 s). This is the same rule looking at the end of that
text only: a scheme is short.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

# RFC3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
_SCHEME = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.IGNORECASE)
_TAIL = 64  # longer "schemes" are not schemes
_URL_MAX = 8192  # longer addresses stay text


def linkify(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``linkify`` inline rule, looking back at most ``_TAIL`` characters."""
    if not state.md.options.linkify or state.linkLevel > 0 or not state.md.linkify:
        return False
    pos = state.pos
    src = state.src
    if pos + 3 > state.posMax or src[pos] != ":" or src[pos + 1] != "/" or src[pos + 2] != "/":
        return False
    pending = state.pending
    tail = pending[-_TAIL:]
    match = _SCHEME.search(tail)
    if match is None or (match.start(1) == 0 and len(pending) > _TAIL):
        return False
    proto = match.group(1)
    start = pos - len(proto)
    link = state.md.linkify.match_at_start(src[start : start + _URL_MAX])
    if not link:
        return False
    url: str = link.url.rstrip("*")  # a trailing "*" belongs to emphasis
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": full_url}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos += len(url) - len(proto)
    return True
