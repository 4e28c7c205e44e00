"""``![[board.canvas]]`` and ``![[tasks.base]]``: what notedesk can honestly show of them.

A JSON Canvas is shown as a compact list of its cards, top to bottom and left to right
as laid out: a text card's first line, a file card as a link to the file, a link card
as its web address, a group as its label. Obsidian's Bases (``.base``) views are not
rendered: the embed says so and links to the file.
"""

from __future__ import annotations

import json
import re

from markdown_it.common.utils import escapeHtml

from notedesk.core.render.context import RenderContext
from notedesk.core.render.wikilinks import LinkTarget, render_internal_link

__all__ = ["base_notice", "canvas_cards", "canvas_cards_html"]

MAX_CARDS = 200  # a canvas embed is a summary: more cards are counted, not listed
_WEB = re.compile(r"^https?://", re.IGNORECASE)


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line
    return ""


def canvas_cards(text: str) -> list[dict[str, object]] | None:
    """The canvas's nodes in reading order; None when ``text`` is no JSON Canvas."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(nodes, list):
        return None
    cards = [n for n in nodes if isinstance(n, dict)]
    cards.sort(key=lambda n: (_number(n.get("y")), _number(n.get("x"))))
    return cards


def _card_html(ctx: RenderContext, card: dict[str, object]) -> str | None:
    kind = card.get("type")
    if kind == "text" and isinstance(card.get("text"), str):
        first = _first_line(str(card["text"]))
        return f'<li class="canvas-card canvas-text">{escapeHtml(first) or "(empty card)"}</li>'
    if kind == "file" and isinstance(card.get("file"), str):
        path = str(card["file"])
        sub = card.get("subpath")
        sub_text = sub.lstrip("#") if isinstance(sub, str) else ""
        name = path.rsplit("/", 1)[-1]
        name = name[:-3] if name.casefold().endswith(".md") else name  # a note by its name
        shown = escapeHtml(name + (f" > {sub_text}" if sub_text else ""))
        link = render_internal_link(ctx, LinkTarget(path, sub_text, None), shown)
        return f'<li class="canvas-card canvas-file">{link}</li>'
    if kind == "link" and isinstance(card.get("url"), str):
        url = str(card["url"])
        if not _WEB.match(url):
            return f'<li class="canvas-card canvas-link">{escapeHtml(url)}</li>'
        shown = escapeHtml(url)
        return (
            f'<li class="canvas-card canvas-link"><a class="external-link" href="{shown}">'
            f"{shown}</a></li>"
        )
    if kind == "group":
        label = card.get("label")
        shown = escapeHtml(label) if isinstance(label, str) and label else "(group)"
        return f'<li class="canvas-card canvas-group">Group: {shown}</li>'
    return None


def canvas_cards_html(ctx: RenderContext, text: str, title_link: str) -> str:
    """The card list of a canvas; ``title_link``: trusted markup linking to the file."""
    cards = canvas_cards(text)
    head = f'<div class="markdown-embed-title">Canvas {title_link}</div>'
    if cards is None:
        body = '<p class="embed-error">Not a valid JSON Canvas file.</p>'
    else:
        items = [html for card in cards[:MAX_CARDS] if (html := _card_html(ctx, card))]
        more = len(cards) - MAX_CARDS
        if more > 0:
            items.append(f'<li class="canvas-card">… and {more} more cards</li>')
        body = f'<ul class="canvas-cards">{"".join(items)}</ul>' if items else "<p>(empty)</p>"
    return (
        f'<div class="internal-embed canvas-embed markdown-embed">{head}'
        f'<div class="markdown-embed-content">{body}</div></div>'
    )


def base_notice(title_link: str) -> str:
    """A ``.base`` embed: no view is rendered, the reader is told so plainly."""
    return (
        '<div class="internal-embed base-embed markdown-embed">'
        f'<div class="markdown-embed-title">Base {title_link}</div>'
        '<div class="markdown-embed-content"><p>Bases view not supported by notedesk — '
        "open in Obsidian.</p></div></div>"
    )
