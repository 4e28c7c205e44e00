"""Search: the lines each operator lists, block:, attachments, escapes and unknown operators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.index import VaultIndex
from notedesk.core.query import QueryError, Text, parse_query
from notedesk.core.search import SearchEngine
from notedesk.core.search_blocks import block_ranges
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

NOTE = (
    "---\ntitle: call log\n---\n"  # 1-3
    "# Calls\n"  # 4
    "call mom about the call\n"  # 5
    "- [ ] call the plumber\n"  # 6
    "- [x] call the bank\n"  # 7
    "```\n- [ ] call in code\n```\n"  # 8-10
    "\n## Other\n"  # 11-12
    "nobody to call here\n"  # 13
    "> quote call\n> and mom\n"  # 14-15
)
VAULT: dict[str, str | bytes] = {
    "Calls.md": NOTE,
    "Fruit.md": "apples and pears\n\nnothing else\n",
    "Split.md": "apples\n\npears\n",
    "Items.md": "- apples\n- pears\n",
    "Heading.md": "# apples\npears\n",
    "Quote.md": 'Then she said "yes" twice. C:\\temp\\x\n',
    "Times.md": "Meet at 10:30, see https://example.org/a and re:meeting\n",
    "pics/chart.png": b"\x89PNG",
    "pics/call.pdf": b"%PDF",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    root = tmp_path_factory.mktemp("parts")
    for rel, data in VAULT.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    store = IndexStore(root, tmp_path_factory.mktemp("partscache"))
    index = VaultIndex(Vault(root), store)
    index.build()
    return SearchEngine(index, store)


def lines(engine: SearchEngine, query: str) -> dict[str, list[int]]:
    return {h.path: [m.line for m in h.matches] for h in engine.search(query)}


LINE_CASES = [
    ("call", [2, 4, 5, 6, 7, 9, 13, 14]),  # "Calls": words match at a word start
    ("task:call", [6, 7]),
    ("task-todo:call", [6]),
    ("task-done:call", [7]),
    ("line:(call mom)", [5]),
    ("section:(call other)", [12, 13, 14]),
    ("block:(call mom)", [5, 14, 15]),
    ("task:call mom", [5, 6, 7, 15]),  # "mom" outside the operator shows anywhere
    ("line:(/c.ll/ mom)", [5]),
]


@pytest.mark.parametrize(("query", "expected"), LINE_CASES, ids=[c[0] for c in LINE_CASES])
def test_each_operator_lists_only_the_lines_it_accepts(
    engine: SearchEngine, query: str, expected: list[int]
) -> None:
    assert lines(engine, query)["Calls.md"] == expected


BLOCK_CASES = [
    ("block:(apples pears)", ["Fruit.md"]),
    ("block:(apples OR pears)", ["Fruit.md", "Heading.md", "Items.md", "Split.md"]),
    ("apples pears -block:(apples pears)", ["Heading.md", "Items.md", "Split.md"]),
    ("block:(quote mom)", ["Calls.md"]),  # a blockquote is one block
    ("block:(plumber bank)", []),  # each list item is a block
    ("block:(code call)", ["Calls.md"]),  # a fence is a block
    ("block:(title call)", []),  # the frontmatter is in no block
]


@pytest.mark.parametrize(("query", "expected"), BLOCK_CASES, ids=[c[0] for c in BLOCK_CASES])
def test_block_operator(engine: SearchEngine, query: str, expected: list[str]) -> None:
    assert sorted(lines(engine, query)) == expected


def test_block_ranges() -> None:
    text = "# H\npara\nmore\n- a\n  cont\n- b\n\n> q\n> r\nlazy\n\n```\nx\n\n```\n***\nend\n^id"
    found = [(a, b) for a, b in block_ranges(text.split("\n"))]
    assert found == [(0, 1), (1, 3), (3, 5), (5, 6), (7, 10), (11, 15), (15, 16), (16, 18)]
    assert block_ranges(["---", "a: 1", "---", "body"], 3) == [(3, 4)]
    assert block_ranges(["```", "never closed", "", "x"]) == [(0, 4)]


ATTACHMENT_CASES = [
    ("file:.png", ["pics/chart.png"]),
    ("path:pics", ["pics/call.pdf", "pics/chart.png"]),
    ("file:call", ["Calls.md", "pics/call.pdf"]),
    ("path:pics -file:chart", ["pics/call.pdf"]),
    ("file:chart OR tag:nothing", ["pics/chart.png"]),
    ("file:.png chart", []),  # content terms never match an attachment
    ("path:pics content:/.*/", []),
    ("file:.png [title]", []),
    ("-nothingatall", sorted(p for p in VAULT if p.endswith(".md"))),  # notes only
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"), ATTACHMENT_CASES, ids=[c[0] for c in ATTACHMENT_CASES]
)
def test_file_and_path_match_attachments(
    engine: SearchEngine, query: str, expected: list[str]
) -> None:
    hits = engine.search(query)
    assert sorted(h.path for h in hits) == expected
    assert all(not h.matches for h in hits if not h.path.endswith(".md"))


def test_attachments_without_a_store(make_vault: MakeVault) -> None:
    root = make_vault({"A.md": "a\n", "img/b.png": b"\x89PNG"})
    index = VaultIndex(Vault(root))
    index.build()
    assert [h.path for h in SearchEngine(index).search("path:img")] == ["img/b.png"]


ESCAPES = [
    (r'"she said \"yes\" twice"', 'she said "yes" twice'),
    (r'"C:\temp"', r"C:\temp"),  # a lone backslash stays
    (r'"C:\\temp"', r"C:\temp"),
    (r'"end\\"', "end\\"),
]


@pytest.mark.parametrize(("query", "value"), ESCAPES)
def test_escapes_in_phrases(query: str, value: str) -> None:
    assert parse_query(query) == Text(value, "phrase")


def test_escaped_quote_finds_the_note(engine: SearchEngine) -> None:
    [hit] = engine.search(r'"said \"yes\""')
    assert hit.path == "Quote.md"
    [match] = hit.matches
    start, end = match.ranges[0]
    assert match.text[start:end] == 'said "yes"'
    assert lines(engine, r'"C:\\temp\\x"') == {"Quote.md": [1]}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("blok:(apples pears)", "blok"),
        ('lines:"a b"', "lines"),
        ("contnet:/x/", "contnet"),
        ("Foo-bar:[x]", "Foo-bar"),
        ("a bc:(c)", "bc"),
    ],
)
def test_unknown_operators_are_errors(engine: SearchEngine, query: str, name: str) -> None:
    with pytest.raises(QueryError, match=f"unknown operator '{name}:'") as info:
        engine.search(query)
    assert f'put it in quotes: "{name}:..."' in str(info.value)


@pytest.mark.parametrize("query", ["10:30", "https://example.org/a", "re:meeting", "C:/x", "at:"])
def test_words_with_colons_stay_words(engine: SearchEngine, query: str) -> None:
    node = parse_query(query)
    assert node == Text(query, "word")
    if query not in ("C:/x", "at:"):
        assert [h.path for h in engine.search(query)] == ["Times.md"]
