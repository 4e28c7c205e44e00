"""Our plugins must not change how plain CommonMark (+ GFM) renders."""

from __future__ import annotations

import re

import pytest
from test_render_helpers import MemoryHost

from notedesk.core.render import PreviewLinks, Renderer, RenderOptions
from notedesk.core.render.pipeline import base_markdown
from notedesk.core.render.sanitize import sanitize

CASES = [
    "plain paragraph",
    "two\nlines",
    "hard  \nbreak",
    "# ATX heading\n\n## Second *level*",
    "Setext\n======\n\nSub\n---",
    "*em* **strong** ***both*** _under_ __dunder__",
    "`code span` and ``double `tick` span``",
    '[inline](https://example.com "title") and <https://auto.example>',
    "[ref][1]\n\n[1]: https://example.com/ref",
    "![alt text](data:image/png;base64,iVBORw0KGgo=)",
    "> quote\n> continues\n>\n> > nested",
    "- a\n- b\n  - nested\n- c",
    "1. one\n2. two\n\n3) three",
    "5. starts at five\n6. six",
    "- loose\n\n- list",
    "    indented code\n    block",
    "```\nfenced\n```",
    "~~~js\nconst x = 1;\n~~~",
    "***\n\n---\n\n___",
    "<div>\n*not emphasis inside html*\n</div>",
    "inline <b>html</b> stays",
    "\\*escaped\\* \\# chars",
    "&copy; &amp; &#35; entities",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "~~strike~~ through",
    "www.example.com and https://bare.example/path",
    "line with trailing backslash\\\nnext",
    "a * not emphasis *",
    "**unclosed strong",
    "[not a link]",
    "- [ link-like ] item",
    "Text with 100% and 50 % signs",
    "a = b == c",
    "price $ 5 and $ 10",
    "# Heading with `code`",
    "1. a\n\n   para in item\n\n   ```\n   code in item\n   ```",
]


def _normalise(fragment: str) -> str:
    fragment = re.sub(r' data-line="\d+"', "", fragment)
    fragment = re.sub(r' id="[^"]*"', "", fragment)
    fragment = fragment.replace(' class="external-link"', "")
    # Code is ours to highlight: compare its text, not pygments' spans.
    fragment = fragment.replace('<pre class="highlight"', "<pre")
    fragment = re.sub(r' data-lang="[^"]*"|<span class="[a-z0-9]+">|</span>', "", fragment)
    return re.sub(r"\s+", " ", fragment).strip()


@pytest.mark.parametrize("text", CASES)
def test_plugins_do_not_change_commonmark(text: str) -> None:
    options = RenderOptions(strict_line_breaks=True)
    plain = sanitize(base_markdown(options).render(text))
    ours = Renderer(options).render(text, "Note.md", MemoryHost(), PreviewLinks()).html
    assert _normalise(ours) == _normalise(plain)
