"""Rules from vault-format.md that public vaults exercised, each with a minimal example.

Each table row is one rule in its smallest form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from test_render_helpers import html

from notedesk.cli import main
from notedesk.core.render.listindent import listindent_plugin, nest_short_indents

MakeVault = Callable[[dict[str, str | bytes]], Path]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _err = capsys.readouterr()
    return code, out


def ids(out: str) -> list[str]:
    return re.findall(r'\sid="([^"]*)"', out)


# --- Embeds: a transcluded copy must not take over the host's anchors -----------------

EMBED_ID_CASES = [
    pytest.param(
        "Intro[^1]\n\n![[Guest]]\n\n[^1]: host side\n",
        "Guest text[^1]\n\n[^1]: guest side\n",
        ("fn1", "host side"),
        id="footnotes",
    ),
    pytest.param(
        "## Plan\n\nours\n\n![[Guest]]\n",
        "## Plan\n\ntheirs\n",
        ("plan", "ours"),
        id="headings",
    ),
    pytest.param(
        "![[Guest]]\n\nours ^b1\n",
        "theirs ^b1\n",
        ("^b1", "ours"),
        id="block-ids",
    ),
    pytest.param(
        "## Plan\n\nours\n\n![[Guest#Plan]]\n",
        "## Plan\n\ntheirs\n",
        ("plan", "ours"),
        id="heading-section",
    ),
]


@pytest.mark.parametrize(("host", "guest", "anchor"), EMBED_ID_CASES)
def test_embedded_copy_has_no_duplicate_anchors(
    host: str, guest: str, anchor: tuple[str, str]
) -> None:
    out = html(host, {"Guest.md": guest})
    found = ids(out)
    assert len(found) == len(set(found)), found
    wanted, text = anchor
    # The first element carrying the id (where a #fragment lands) is the host's own.
    start = out.index(f'id="{wanted}"')
    assert text in out[start : out.index("</", start + 1) + 40]


def test_embedded_footnote_links_stay_inside_the_embed() -> None:
    out = html("![[Guest]]\n", {"Guest.md": "Guest text[^1]\n\n[^1]: guest side\n"})
    ref = re.search(r'<a href="#(fn[^"]+)" id="(fnref[^"]+)"', out)
    assert ref is not None
    assert f'id="{ref.group(1)}"' in out and f'href="#{ref.group(2)}"' in out


# --- Lists: "Nested lists appear indented by tab, 2, 3 or 4 spaces" --------------------

NESTING_CASES = [
    pytest.param("1. one\n  1. two\n2. three\n", 2, id="ordered-under-ordered-2-spaces"),
    pytest.param("1. one\n   1. two\n2. three\n", 2, id="ordered-3-spaces"),
    pytest.param("1. one\n    1. two\n2. three\n", 2, id="ordered-4-spaces"),
    pytest.param("1. one\n\t1. two\n2. three\n", 2, id="ordered-tab"),
    pytest.param("1. one\n  - two\n2. three\n", 2, id="bullet-under-ordered-2-spaces"),
    pytest.param("10. ten\n   - sub\n11. eleven\n", 2, id="bullet-under-wide-number"),
    pytest.param("-   wide\n  - two\n-   three\n", 2, id="bullet-under-wide-bullet"),
    pytest.param("- a\n  - b\n    - c\n", 3, id="bullets-2-spaces-3-levels"),
    pytest.param("1. one\n2. two\n", 1, id="flat-list-stays-flat"),
    pytest.param("Intro\n  - not nested\n", 1, id="no-parent-item"),
]


@pytest.mark.parametrize(("text", "depth"), NESTING_CASES)
def test_list_nesting_depth(text: str, depth: int) -> None:
    out = html(text)
    level = deepest = 0
    for tag in re.findall(r"<(/?)(?:ul|ol)\b", out):
        level += -1 if tag else 1
        deepest = max(deepest, level)
    assert deepest == depth, out


UNCHANGED = [
    pytest.param("1. a\n   ```\n  - in code\n   ```\n", id="fenced-code-inside-item"),
    pytest.param("---\ntags:\n- x\n  - y\n---\nbody\n", id="frontmatter"),
    pytest.param("- a\n  * * *\n", id="thematic-break"),
    pytest.param("para\n\n  - starts a list\n", id="after-paragraph"),
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_list_nesting_leaves_other_text_alone(text: str) -> None:
    assert nest_short_indents(text) == text


def test_list_nesting_keeps_line_numbers() -> None:
    text = "1. one\n  1. two\n\n   more\n2. three\n"
    fixed = nest_short_indents(text)
    assert fixed.count("\n") == text.count("\n") and fixed != text
    md = MarkdownIt("commonmark").use(listindent_plugin)
    lines = [t.map[0] for t in md.parse(text) if t.type == "list_item_open" and t.map]
    assert lines == [0, 1, 4]


# --- Block ids: "on its own line after a list/quote/table" names that block ------------

BLOCK_ID_CASES = [
    pytest.param("> a quote\n^q1\n", "blockquote", id="line-under-quote"),
    pytest.param("> a quote\n> ^q1\n", "blockquote", id="last-line-inside-quote"),
    pytest.param("> [!note] Box\n> body\n^q1\n", "div", id="line-under-callout"),
    pytest.param("> one\n>\n> two\n^q1\n", "blockquote", id="under-two-paragraph-quote"),
    pytest.param("- one\n- two\n^q1\n", "ul", id="line-under-bullets"),
    pytest.param("1. one\n2. two\n^q1\n", "ol", id="line-under-numbers"),
    pytest.param("- one\n- two\n\n^q1\n", "ul", id="after-blank-line"),
    pytest.param("- one ^q1\n- two\n", "li", id="end-of-item"),
    pytest.param("plain text\n^q1\n", "p", id="line-under-paragraph"),
    pytest.param("> quoted ^q1\n", "p", id="end-of-quoted-paragraph"),
    pytest.param("> [!info] A title-only callout ^q1\n", "div", id="end-of-callout-title"),
    pytest.param("> [!tip]- Folded ^q1\n> body\n", "details", id="end-of-folded-title"),
]


@pytest.mark.parametrize(("text", "tag"), BLOCK_ID_CASES)
def test_block_id_names_the_block(text: str, tag: str) -> None:
    out = html(text)
    assert re.findall(r'<(\w+)[^>]*\sid="\^q1"', out) == [tag]
    assert "^q1" not in re.sub(r'id="[^"]*"', "", out)


def test_callout_title_keeps_its_text_without_the_id() -> None:
    assert 'callout-title-inner">Short</span>' in html("> [!info] Short ^q1\n")
    assert 'callout-title-inner">Tip</span>' in html("> [!tip] ^q1\n")


def test_embedded_block_under_a_callout_brings_the_whole_callout() -> None:
    guest = "> [!abstract] Regions\n> first\n>\n> second\n^reg\n\nafter\n"
    out = html("![[Guest#^reg]]\n", {"Guest.md": guest})
    content = out.split('class="markdown-embed-content">', 1)[1]
    assert "Regions" in content and "first" in content and "second" in content
    assert "after" not in content


# --- Raw HTML players whose remote source is blocked -----------------------------------

PLAYER_CASES = [
    pytest.param('<audio controls src="https://example.org/a.ogg"></audio>', "audio", id="audio"),
    pytest.param('<video controls src="https://example.org/v.mp4"></video>', "video", id="video"),
]


@pytest.mark.parametrize(("markup", "tag"), PLAYER_CASES)
def test_blocked_remote_player_is_hidden(markup: str, tag: str) -> None:
    out = html(markup + "\n")
    assert 'class="remote-media"' in out
    assert f'<{tag} controls="" hidden="">' in out


def test_local_player_is_shown() -> None:
    out = html("![[song.mp3]]\n", {"song.mp3": ""})
    assert "<audio" in out and "hidden" not in out


# --- Command output: links shown as written -------------------------------------------

LINKS_TEXT_CASES = [
    pytest.param("[[Other]]\n", "1: [[Other]] -> Other.md", id="wikilink"),
    pytest.param("[[Other#Top|see]]\n", "1: [[Other#Top|see]] -> Other.md", id="wikilink-alias"),
    pytest.param("[see](Other.md)\n", "1: [see](Other.md) -> Other.md", id="markdown"),
    pytest.param("![pic](img/p.png)\n", "1: ![pic](img/p.png) -> img/p.png", id="markdown-image"),
    pytest.param("![[p.png|40]]\n", "1: ![[p.png|40]] -> img/p.png", id="embed"),
    pytest.param("[gone](No%20such.md)\n", "1: [gone](No%20such.md) -> (unresolved)", id="missing"),
]


@pytest.mark.parametrize(("text", "line"), LINKS_TEXT_CASES)
def test_links_text_shows_each_link_as_written(
    text: str, line: str, make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault({"A.md": text, "Other.md": "# Top\n", "img/p.png": b"\x89PNG"})
    code, out = run(capsys, "links", str(vault), "A.md")
    assert code == 0
    assert f"  {line}" in out.splitlines()


def test_info_text_shows_unresolved_as_written_and_says_what_it_left_out(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    tags = " ".join(f"#t{n:02d}" for n in range(25))
    links = " ".join(f"[[Gone {n:02d}]]" for n in range(22))
    vault = make_vault({"A.md": f"{tags}\n[x](No%20such.md) ![i](missing.png)\n{links}\n"})
    code, out = run(capsys, "info", str(vault))
    assert code == 0
    lines = out.splitlines()
    assert "  [x](No%20such.md)  A.md:2" in lines
    assert "  ![i](missing.png)  A.md:2" in lines
    assert "  ... and 5 more tags (--json lists all)" in lines
    assert "  ... and 4 more unresolved links (--json lists all)" in lines


NAMESAKE_CASES = [
    pytest.param("links", "Same", True, id="links-bare-name"),
    pytest.param("links", "same.md", True, id="links-name-with-extension"),
    pytest.param("links", "b/deeper/Same", False, id="links-vault-path"),
    pytest.param("links", "Only", False, id="links-unique-name"),
    pytest.param("render", "Same", True, id="render-bare-name"),
    pytest.param("render", "a/Same.md", False, id="render-vault-path"),
]


@pytest.mark.parametrize(("command", "note", "warned"), NAMESAKE_CASES)
def test_a_name_shared_by_several_notes_is_pointed_out(
    command: str,
    note: str,
    warned: bool,
    make_vault: MakeVault,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault = make_vault({"a/Same.md": "one\n", "b/deeper/Same.md": "two\n", "Only.md": "x\n"})
    code = main([command, str(vault), note])
    _out, err = capsys.readouterr()
    assert code == 0
    expected = "2 notes are named" in err and "a/Same.md" in err and "b/deeper/Same.md" in err
    assert expected == warned, err


# --- Index and search rules that public vaults showed missing ------------------------


def search_hits(
    capsys: pytest.CaptureFixture[str], vault: Path, query: str
) -> list[dict[str, Any]]:
    code, out = run(capsys, "search", str(vault), query, "--json")
    assert code == 0
    return list(json.loads(out)["hits"])


def test_task_search_lists_only_task_lines(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "```md\n- [ ] call in a fence\n```\n\n- [ ] call the plumber\n"
    vault = make_vault({"A.md": text})
    hits = search_hits(capsys, vault, "task:call")
    assert [m["line"] for h in hits for m in h["matches"]] == [5]


SEARCH_GAPS = [
    pytest.param(
        "file:.png", "pics/chart.png",
        id="file-matches-attachments",
    ),
    pytest.param(
        "path:pics", "pics/chart.png",
        id="path-matches-attachments",
    ),
    pytest.param(
        '"she said \\"yes\\" twice"', "Quote.md",
        id="escaped-quote-in-phrase",
    ),
    pytest.param(
        "block:(apples pears)", "Fruit.md",
        id="block-operator",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("query", "expected"), SEARCH_GAPS)
def test_search_rules_from_obsidian_help(
    query: str, expected: str, make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(
        {
            "pics/chart.png": b"\x89PNG",
            "Quote.md": 'Then she said "yes" twice.\n',
            "Fruit.md": "apples and pears\n\nnothing else\n",
            "Split.md": "apples\n\npears\n",
        }
    )
    assert [h["path"] for h in search_hits(capsys, vault, query)] == [expected]


def test_property_links_count_as_links(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '---\nrelated: "[[Other]]"\nsee:\n  - "[[Nowhere]]"\n---\nbody\n'
    vault = make_vault({"A.md": text, "Other.md": "# Other\n"})
    _code, out = run(capsys, "links", str(vault), "Other", "--json")
    assert [b["source"] for b in json.loads(out)["backlinks"]] == ["A.md"]
    _code, out = run(capsys, "info", str(vault), "--json")
    assert list(json.loads(out)["unresolved"]) == ["Nowhere"]


HTML_BLOCK_CASES = [
    pytest.param("<div>\n#inside\n</div>\n", "tags", id="tag"),
    pytest.param("<div>\n[[Elsewhere]]\n</div>\n", "links", id="wikilink"),
]


@pytest.mark.parametrize(("text", "field"), HTML_BLOCK_CASES)
def test_html_block_text_is_not_markdown(
    text: str, field: str, make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = html(text)  # the preview leaves the block as it is: no tag, no link
    assert 'class="tag"' not in shown and "internal-link" not in shown
    vault = make_vault({"A.md": text})
    _code, out = run(capsys, "info", str(vault), "--json", "--notes")
    assert json.loads(out)["notes"][0][field] == []


# --- Heading links written the way Obsidian writes them ------------------------------

# Obsidian turns the punctuation of a heading into spaces when it writes a link to it
# and compares headings that way: the Obsidian Hub links "###### D&D" as [[Note#D D]].
NESTED = "# Top\n## Alpha\n### Child\n## Beta\n### Other"
HEADING_LINK_CASES = [
    pytest.param("[[T#D D]]", "###### D&D", True, id="ampersand"),
    pytest.param("[[T#D D WOTC]]", "###### D&D WOTC", True, id="ampersand-then-word"),
    pytest.param("[[T#TCP IP Model]]", "## TCP/IP Model", True, id="slash"),
    pytest.param("[[T#wifi 2 4 vs 5 0]]", "## wifi 2.4 vs 5.0", True, id="dots"),
    pytest.param("[[T#CI CD DevOps]]", "## CI/CD && DevOps", True, id="run-of-punctuation"),
    pytest.param("[[T#Part 1 Basics]]", "## Part 1: Basics", True, id="colon"),
    pytest.param("[[T#D&D]]", "###### D&D", True, id="as-written"),
    pytest.param("[[T#Top#D D]]", "# Top\n## D&D", True, id="chain"),
    pytest.param("[[T#D D#Top]]", "# Top\n## D&D", False, id="chain-out-of-order"),
    pytest.param("[[T#D E]]", "###### D&D", False, id="other-heading"),
    # each part of a chain is a subheading of the part before (Internal links: "multiple
    # hashtags for each subheading")
    pytest.param("[[T#Alpha#Child]]", NESTED, True, id="chain-child"),
    pytest.param("[[T#Top#Beta#Other]]", NESTED, True, id="chain-grandchild"),
    pytest.param("[[T#Alpha#Beta]]", NESTED, False, id="chain-sibling"),
    pytest.param("[[T#Alpha#Other]]", NESTED, False, id="chain-under-a-sibling"),
]  # fmt: skip


@pytest.mark.parametrize(("link", "heading", "found"), HEADING_LINK_CASES)
def test_heading_link_with_punctuation_spaced_out(
    link: str,
    heading: str,
    found: bool,
    make_vault: MakeVault,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault = make_vault({"A.md": f"{link}\n", "T.md": f"{heading}\n\ntext\n"})
    _code, out = run(capsys, "check", str(vault), "--json")
    kinds = [p["kind"] for p in json.loads(out)["problems"]]
    assert kinds == ([] if found else ["missing-heading"])


@pytest.mark.parametrize(
    ("link", "heading", "found"), [case for case in HEADING_LINK_CASES if case.values[2]]
)
def test_heading_link_lands_on_its_heading_in_the_preview(
    link: str, heading: str, found: bool
) -> None:
    """The rendered link's #fragment is the id of the heading ``check`` finds."""
    target = f"{heading}\n\ntext\n"
    heading_ids = ids(html(target, source="T.md"))
    sub = link[4:-2]  # [[T#...]] -> the fragment
    variants = {
        "wikilink": (f"{link}\n", {"T.md": target}),
        "markdown link": (f"[x](T.md#{sub.replace(' ', '%20')})\n", {"T.md": target}),
        "same note": (f"{target}\n[[#{sub}]]\n", {}),
    }
    for kind, (text, files) in variants.items():
        links = re.findall(r'<a [^>]*class="internal-link"[^>]*>', html(text, files))
        hrefs = [re.search(r' href="([^"]*)"', a).group(1) for a in links]  # type: ignore[union-attr]
        assert hrefs, kind
        fragment = hrefs[-1].rpartition("#")[2]
        assert fragment in heading_ids, (kind, hrefs[-1], heading_ids)


def test_embedded_heading_written_as_obsidian_writes_it() -> None:
    files = {"T.md": "# Top\n## D&D\nrules here\n## Next\nnot this\n"}
    out = html("![[T#D D]]\n", files)
    assert "rules here" in out and "not this" not in out
    assert "not this" in html("![[T#Top]]\n", files)


# --- An inline %% comment ends with its paragraph, heading, list item or table cell ---

# The Obsidian Hub's Markdown cheat sheet writes "%%" in running text ("the characters
# # | ^ : %% [[ ]]"); the preview hides the rest of that list item only, so the tags and
# links further down are live and the index must list them too.
INLINE_COMMENT_CASES = [
    pytest.param("- chars : %% [[ ]].\n- #y1984 is a tag\n", ["y1984"], id="list-item"),
    pytest.param("a %% b\n\n#mid\n\nc %% #gone\n", ["mid"], id="paragraphs"),
    pytest.param("## H %% c\n#after\n", ["after"], id="heading"),
    pytest.param(
        "| a | b %% c | #d |\n| - | - | - |\n| #e | f | g |\n", ["d", "e"], id="table-cell",
    ),
    pytest.param("a %% b\n---\n#t\n", ["t"], id="setext-heading"),
    pytest.param("a %% b\nlazy #no\n\n#yes\n", ["yes"], id="lazy-line"),
    pytest.param("text %% #hidden %% #shown\n", ["shown"], id="closed-inline"),
    pytest.param(
        "%%\n#hidden\n\nstill hidden #h2\n%%\n#shown\n", ["shown"], id="block-spans-blocks",
    ),
    pytest.param("x %%\n\n#kept\n", ["kept"], id="unclosed-at-line-end"),
    pytest.param("%% a %% #t\n", ["t"], id="closed-at-line-start"),
    pytest.param("%% a %% b\n%% c\n#gone %%\n#t\n", ["t"], id="then-a-block"),
    pytest.param("%% a\nb %%\n\n#after\n", ["after"], id="block-then-paragraph"),
    # unclosed in a quote: ends with the quote (its lazy lines included)
    pytest.param("> %% q\n> #in\n\n#out\n", ["out"], id="quote"),
    pytest.param("> %% q\n> #in\n#lazy\n\n#out\n", ["out"], id="quote-lazy-line"),
    pytest.param("> %% q\n> #in\n# H #h\n#out\n", ["h", "out"], id="quote-then-heading"),
    pytest.param(">%% q\n>> #in\n\n#out\n", ["out"], id="nested-quote"),
    pytest.param("> %% q\n\n#x\n%% y\n#z\n", ["x"], id="quote-then-block-comment"),
    # a block comment closed on a later line hides the rest of that line
    pytest.param("%% q\n#in %% #t\nnext #n\n", ["n"], id="block-closed-mid-line"),
    pytest.param("> %% q\n> #in %% #t\n\n#out\n", ["out"], id="quote-closed-mid-line"),
    pytest.param("- %% q\n  #in %% #t\n- #n\n", ["n"], id="list-closed-mid-line"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tags"), INLINE_COMMENT_CASES)
def test_inline_comment_ends_with_its_block(
    text: str, tags: list[str], make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = re.findall(r'class="tag" data-tag="([^"]*)"', html(text))
    assert shown == tags  # the preview
    vault = make_vault({"A.md": text})
    _code, out = run(capsys, "info", str(vault), "--json", "--notes")
    assert json.loads(out)["notes"][0]["tags"] == tags


# --- A block id on its own line after raw HTML names that HTML block ----------------------


def test_block_id_after_an_html_block_embeds_it() -> None:
    files = {"A.md": "intro\n\n<div>\nhtml block\n</div>\n\n^htm\n\nlater\n"}
    out = html("![[A#^htm]]\n", files)
    assert "html block" in out and "intro" not in out and "later" not in out
