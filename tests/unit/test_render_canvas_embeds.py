"""``![[x.canvas]]`` shows the canvas's cards; ``![[x.base]]`` says its view is not shown."""

from __future__ import annotations

import json

from test_render_helpers import html

BOARD = json.dumps(
    {
        "nodes": [
            {"id": "l", "type": "link", "url": "https://obsidian.md", "x": 0, "y": 200},
            {"id": "t", "type": "text", "text": "# Hello canvas\nSome **bold**", "x": 0, "y": 0},
            {"id": "f", "type": "file", "file": "Notes/Home.md", "x": 300, "y": 0},
            {"id": "g", "type": "group", "label": "Group <b>", "x": -20, "y": -20},
            {"id": "j", "type": "link", "url": "javascript:alert(1)", "x": 0, "y": 900},
        ],
        "edges": [],
    }
)
FILES = {
    "Notes/Home.md": "# Home\n",
    "Boards/board.canvas": BOARD,
    "Boards/broken.canvas": "{nope",
    "tasks.base": "views:\n  - type: table\n",
}


def test_canvas_embed_lists_its_cards_in_reading_order() -> None:
    out = html("![[board.canvas]]", FILES)
    assert 'class="internal-embed canvas-embed' in out
    shown = ("Group: Group &lt;b&gt;", "Hello canvas", ">Home</a>", "obsidian.md")
    order = [out.index(s) for s in shown]
    assert order == sorted(order)
    assert "Some" not in out  # only a text card's first line
    assert 'href="vault://note/Notes/Home.md' in out
    assert '<a class="external-link" href="https://obsidian.md"' in out
    assert "javascript:alert(1)" in out and 'href="javascript' not in out
    assert 'href="vault://asset/Boards/board.canvas"' in out  # the title opens the file


def test_a_broken_canvas_says_so() -> None:
    assert "Not a valid JSON Canvas file." in html("![[broken.canvas]]", FILES)


def test_base_embed_is_an_honest_notice_with_a_link() -> None:
    out = html("![[tasks.base]]", FILES)
    assert "Bases view not supported by notedesk — open in Obsidian." in out
    assert 'href="vault://asset/tasks.base"' in out
