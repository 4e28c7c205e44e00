"""Unlinked mentions: whole words, case-insensitive, never inside links, code or URLs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notedesk.core.mentions import (
    Mention,
    find_mentions,
    mention_pattern,
    mention_terms,
    scan_unlinked,
)


def spans(text: str, *terms: str) -> list[tuple[int, int, int]]:
    pattern = mention_pattern(list(terms))
    assert pattern is not None
    return [(line, start, end) for line, start, end, _ in find_mentions(text, pattern)]


def words(text: str, *terms: str) -> list[str]:
    pattern = mention_pattern(list(terms))
    assert pattern is not None
    return [ctx[s:e] for _, s, e, ctx in find_mentions(text, pattern)]


def test_terms_are_name_and_aliases_deduplicated():
    assert mention_terms("Topics/Machine learning.md", ["ML", "machine learning", " ", "x"]) == [
        "Machine learning",
        "ML",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I like machine learning a lot", ["machine learning"]),
        ("MACHINE LEARNING.", ["MACHINE LEARNING"]),
        ("machine  learning with two spaces", ["machine  learning"]),
        ("machine\nlearning split over lines", []),
        ("machinelearning", []),
        ("supermachine learning", []),
        ("machine learnings", []),
        ("(machine learning)", ["machine learning"]),
    ],
)
def test_whole_words_case_insensitive(text, expected):
    assert words(text, "Machine learning") == expected


def test_alias_whole_word_not_inside_other_words_or_tags():
    assert words("HTML and ML and #ML and ML-based and xML", "ML") == ["ML", "ML"]


def test_longest_term_wins():
    assert words("machine learning and a machine", "Machine", "Machine learning") == [
        "machine learning",
        "machine",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "see [[Machine learning]] here",
        "see [[Other|machine learning]] here",
        "see ![[Machine learning]] here",
        "see [machine learning](Machine%20learning.md)",
        "`machine learning` in code",
        "```\nmachine learning\n```",
        "para\n\n    machine learning in indented code",
        "$machine learning$",
        "%% machine learning %%",
        "https://example.com/machine learning",
        "<https://example.com/machine>",
        "---\ntitle: machine learning\n---\nbody",
        "<!-- machine learning -->",
        "a <!-- machine\nlearning --> b",
        "<div>\nmachine learning\n</div>",
    ],
)
def test_never_inside_links_code_math_comments_urls_frontmatter(text):
    assert words(text, "Machine learning", "machine") == []


def test_positions_lines_and_context():
    text = "---\na: 1\n---\nfirst line\nabout ML and\n\nmore ML"
    pattern = mention_pattern(["ML"])
    assert find_mentions(text, pattern) == [
        (5, 6, 8, "about ML and"),
        (7, 5, 7, "more ML"),
    ]


def test_text_after_a_comment_or_an_html_block_is_searched():
    assert spans("<!-- ML --> ML", "ML") == [(1, 12, 14)]
    assert spans("<div>\nML\n\nML", "ML") == [(4, 0, 2)]


def test_mention_next_to_link_still_counts():
    assert spans("[[Other]] ML [[ML]]", "ML") == [(1, 10, 12)]


def test_scan_skips_target_and_unreadable_and_finds_the_rest():
    texts = {
        "Machine learning.md": "Machine learning is about machine learning.",
        "a.md": "We use ML here.\nAnd [[Machine learning]] there.",
        "b.md": "Nothing relevant.",
    }

    def read(path):
        if path == "broken.md":
            raise OSError("gone")
        return texts[path]

    found = scan_unlinked(
        "Machine learning.md",
        mention_terms("Machine learning.md", ["ML"]),
        ["Machine learning.md", "a.md", "b.md", "broken.md"],
        read,
    )
    assert found == [Mention("a.md", 1, 7, 9, "We use ML here.")]


def test_binary_files_named_md_have_no_mentions():
    texts = {"bin.md": "\x7fELF\x02\x01\x01\x00 ML inside a program", "a.md": "ML here"}
    found = scan_unlinked("ML.md", ["ML"], ["bin.md", "a.md"], texts.__getitem__)
    assert [m.source for m in found] == ["a.md"]


def test_no_usable_terms():
    assert mention_pattern(["a", " "]) is None
    assert scan_unlinked("a.md", ["a"], ["b.md"], lambda p: "a a a") == []


@given(st.text(alphabet="ab [](`$%#\n|!ML", max_size=80))
def test_reported_spans_are_real_occurrences(text):
    pattern = mention_pattern(["ML", "a b"])
    for line, start, end, context in find_mentions(text, pattern):
        assert context == text.split("\n")[line - 1]
        assert context[start:end].lower() in ("ml",) or context[start:end].lower().startswith("a")


def test_changed_notes_from_events():
    from notedesk.core.events import FileEvent
    from notedesk.core.mentions import changed_notes

    events = [FileEvent("modified", "a.md"), FileEvent("moved", "b.md", "c/b.md")]
    assert changed_notes(events) == {"a.md", "b.md", "c/b.md"}
    assert changed_notes([*events, FileEvent("deleted", "folder", is_dir=True)]) is None
    assert changed_notes([]) == set()


def test_scan_stops_after_limit():
    texts = {f"n{i}.md": "ML and ML" for i in range(10)}
    found = scan_unlinked("x.md", ["ML"], sorted(texts), texts.__getitem__, limit=3)
    assert [m.source for m in found] == ["n0.md", "n0.md", "n1.md", "n1.md"]


def test_the_word_index_finds_every_note_that_mentions_a_name(tmp_path) -> None:
    """The candidates the word index gives are a superset of the notes with mentions."""
    from notedesk.core.index import VaultIndex
    from notedesk.core.mentions import word_index_expression
    from notedesk.core.store import IndexStore
    from notedesk.core.vault import Vault

    notes = {
        "Target.md": "the note",
        "a.md": "about machine learning here",
        "b.md": "MACHINE\tLearning in caps, with a tab",
        "c.md": "the café next door",
        "d.md": "ML, said twice: ml.",
        "e.md": "C++ and more",
        "f.md": "machine\nlearning across a line (no mention)",
        "g.md": "nothing relevant",
        "h.md": "#ML is a tag, not a mention",
    }
    for name, text in notes.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = IndexStore(tmp_path, tmp_path / ".cache")
    VaultIndex(Vault(tmp_path), store).build()
    read = Vault(tmp_path).read_text
    for terms in (["Machine learning", "ML"], ["Café"], ["cafe"], ["C++"]):
        expression = word_index_expression(terms)
        assert expression is not None
        found = store.paths_matching(expression)
        mentioned = {m.source for m in scan_unlinked("Target.md", terms, sorted(notes), read)}
        assert mentioned <= found, terms
        assert "g.md" not in found
    assert word_index_expression(["🚀🚀"]) is None  # nothing the word index can look up
    assert word_index_expression(['say "hi"']) == '"say ""hi"""'


def test_scan_stops_when_cancelled() -> None:
    texts = {f"n{i}.md": "the Hub again" for i in range(50)}
    seen: list[str] = []

    def read(path: str) -> str:
        seen.append(path)
        return texts[path]

    found = scan_unlinked("Hub.md", ["Hub"], sorted(texts), read, cancelled=lambda: len(seen) >= 5)
    assert len(seen) == 5 and len(found) == 5


@pytest.mark.parametrize(
    "text",
    [
        # Foam's link reference definitions: label, destination and title
        '[index]: index "Index"',
        '[//begin]: # "Autogenerated link references"\n[index]: index "Index"\n[//end]: # "x"',
        "[install]: docs/install.md",
        "   [Install guide]: <docs/install.md> 'install'",
        # reference links: full, collapsed, shortcut (with its definition)
        "see [the install guide][adv]\n\n[adv]: docs/guide.md",
        "see [install][] here",
        "see [Install] here\n\n[install]: docs/install.md",
        # raw HTML attributes and anchors, autolinks
        '<a href="docs/install.md">the anchor</a> text',
        'text <img src="img/install.png" alt="logo"> text',
        "mail <install@example.com> me",
        # a link's text holding brackets
        "[![badge](https://x.org/b.svg) install](install.md)",
    ],
)
def test_never_inside_reference_links_definitions_or_html_tags(text):
    assert words(text, "install", "index") == []


def test_text_near_references_and_definitions_still_counts():
    text = (
        "Install first, see [guide][g].\n"
        "A [bracket] install word.\n"
        "paragraph line\n"
        "[install]: not-a-definition here\n\n"
        "[g]: guide.md\n"
    )
    assert spans(text, "install") == [(1, 0, 7), (2, 12, 19), (4, 1, 8)]
