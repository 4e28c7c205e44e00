"""Block-by-block rendering gives exactly the HTML of a whole render, edit after edit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from notedesk.core.linkplaces import FolderLink
from notedesk.core.render import PreviewLinks, Renderer, RenderOptions
from notedesk.core.render.blocks import BlockRenderer

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "sample-vault").rglob("*.md")) + sorted(
    (ROOT / "tests" / "fuzz" / "corpus").glob("*.md")
)
SNIPPETS = [
    "x", "\n", "\n\n", "# H\n", "- ", "```\n", "> ", "1. ", "|", "^id", "%%", "---\n",
    "$$\n", "\n    code\n", "[[Missing]]", "<b>", "[^1]", "", "~~~", "\n---\n", "> [!note]\n",
]  # fmt: skip


class Host:
    def __init__(self) -> None:
        self.missing = {"Missing"}
        self.folders: dict[str, FolderLink] = {}
        self.reads = 0

    def resolve_link(self, target: str, source: str) -> str | None:
        return None if target in self.missing else f"{target}.md"

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        return self.folders.get(target)

    def read_text(self, path: str) -> str | None:
        self.reads += 1
        return "# Embedded\n\nEmbedded text ^blk\n"


@pytest.fixture
def renderers() -> tuple[Renderer, BlockRenderer]:
    renderer = Renderer(RenderOptions())
    return renderer, BlockRenderer(renderer)


def check(renderers: tuple[Renderer, BlockRenderer], text: str, host: Host) -> bool:
    whole, blocks = renderers
    links = PreviewLinks()
    expected = whole.render(text, "Note.md", host, links).html
    got = blocks.render(text, "Note.md", host, links)
    assert got.html == expected
    return got.whole


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_random_edits_render_like_a_whole_render(
    renderers: tuple[Renderer, BlockRenderer], path: Path
) -> None:
    host = Host()
    rnd = random.Random(path.name)
    text = original = path.read_text(encoding="utf-8")
    for step in range(40):
        if step % 3 == 0:
            text = original
        pos = rnd.randrange(len(text) + 1)
        cut = rnd.choice([0, 0, 1, 5, 30])
        text = text[:pos] + rnd.choice(SNIPPETS) + text[pos + cut :]
        check(renderers, text, host)


def test_a_long_note_is_split_and_reused(renderers: tuple[Renderer, BlockRenderer]) -> None:
    host = Host()
    links = PreviewLinks()
    text = "".join(f"## Part {i}\n\nText of part {i} with [[Note {i}]].\n\n" for i in range(50))
    first = renderers[1].render(text, "Note.md", host, links)
    assert not first.whole and len(first.blocks) == 100
    # A line added at the top: every later block is the same object content, moved.
    second = renderers[1].render("New line\n\n" + text, "Note.md", host, links)
    assert [b.key for b in second.blocks[1:]] == [b.key for b in first.blocks]
    assert second.blocks[1].line == first.blocks[0].line + 2
    assert 'data-line="2"' in second.blocks[1].html
    assert check(renderers, "New line\n\n" + text, host) is False


def test_repeated_headings_get_unique_ids_across_blocks(
    renderers: tuple[Renderer, BlockRenderer],
) -> None:
    host = Host()
    text = "# Same\n\ntext\n\n# Same\n\nmore\n\n# Same\n"
    check(renderers, text, host)
    check(renderers, "# Same\n\n" + text, host)  # every id moves by one
    check(renderers, text.replace("# Same\n\ntext", "# Other\n\ntext", 1), host)


def test_a_rule_later_in_the_note_is_not_frontmatter(
    renderers: tuple[Renderer, BlockRenderer],
) -> None:
    host = Host()
    check(renderers, "---\ntitle: a\n---\n\ntext\n\n---\nnot: props\n---\n", host)
    check(renderers, "---\ntitle: a\n\ntext\n\n---\nnot: props\n---\n", host)
    check(renderers, 'text\n\n{\n"not": "props"\n}\n', host)


def test_link_targets_are_checked_again(renderers: tuple[Renderer, BlockRenderer]) -> None:
    host = Host()
    text = "[[Later]]\n\nother block\n"
    check(renderers, text, host)
    host.missing.add("Later")  # the note was deleted: the cached block must not be reused
    check(renderers, text, host)


def test_embeds_are_rendered_every_time(renderers: tuple[Renderer, BlockRenderer]) -> None:
    host = Host()
    text = "![[Other]]\n\nplain\n"
    check(renderers, text, host)
    reads = host.reads
    renderers[1].render(text, "Note.md", host, PreviewLinks())
    assert host.reads > reads


@pytest.mark.parametrize(
    "text",
    [
        "See [x][ref].\n\n[ref]: https://example.com\n",
        "Text[^1].\n\n[^1]: The note.\n",
        "<div>\n\n*inside*\n\n</div>\n",
        "Inline <b>bold\n\nstill bold?\n",
    ],
)
def test_notes_reaching_across_blocks_render_whole(
    renderers: tuple[Renderer, BlockRenderer], text: str
) -> None:
    assert check(renderers, text, Host()) is True
