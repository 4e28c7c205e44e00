"""Search: one case per operator of vault-format.md "Search syntax", plus malformed queries."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.index import VaultIndex
from notedesk.core.query import Prop, QueryError, Text, parse_query
from notedesk.core.query_fts import fts_expression
from notedesk.core.search import SearchCancelled, SearchEngine
from notedesk.core.search_fragments import required_fragments
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

VAULT = {
    "Meeting notes.md": "---\nstatus: draft\ntags: [work]\n---\n# Agenda\n"
    "Discuss the budget meeting\n## Later\ncoffee with Anna\n- [ ] buy coffee\n- [x] send budget\n",
    "Recipes/Café au lait.md": "# Café\nMilk and coffee. Crème brûlée later.\n#food/drinks\n",
    "Recipes/Tea.md": "---\nstatus: done\nrating: 5\n---\nGreen tea, no coffee.\n#food\n",
    "Journal/2024-01-01.md": "Budget review. Apple pie.\n- [ ] call Bob\n#work/admin\n",
    "Code.md": "```\nsecret_budget = 1\n```\nNothing here. Coffee_Beans\n",
}


def engine_over(root: Path, cache: Path) -> SearchEngine:
    """A search engine over the vault at ``root``, freshly indexed into ``cache``."""
    store = IndexStore(root, cache)
    index = VaultIndex(Vault(root), store)
    index.build()
    return SearchEngine(index, store)


@pytest.fixture
def engine(make_vault: MakeVault, tmp_path: Path) -> SearchEngine:
    return engine_over(make_vault(VAULT), tmp_path / "cache")


def paths(engine: SearchEngine, query: str) -> list[str]:
    return sorted(h.path for h in engine.search(query))


CASES = [
    ("word", "budget", ["Code.md", "Journal/2024-01-01.md", "Meeting notes.md"]),
    ("words are ANDed", "budget review", ["Journal/2024-01-01.md"]),
    ("word prefix", "meet", ["Meeting notes.md"]),
    ("not mid-word", "eeting", []),
    ("phrase", '"budget meeting"', ["Meeting notes.md"]),
    ("phrase order matters", '"meeting budget"', []),
    ("OR", "tea OR apple", ["Journal/2024-01-01.md", "Recipes/Tea.md"]),
    ("exclude", "coffee -tea", ["Code.md", "Meeting notes.md", "Recipes/Café au lait.md"]),
    ("grouping", "(tea OR milk) coffee", ["Recipes/Café au lait.md", "Recipes/Tea.md"]),
    ("case-insensitive", "COFFEE anna", ["Meeting notes.md"]),
    ("diacritics folded", "creme brulee", ["Recipes/Café au lait.md"]),
    ("diacritics in query", "café", ["Recipes/Café au lait.md"]),
    ("file:", "file:tea", ["Recipes/Tea.md"]),
    ("file: folds diacritics", "file:cafe", ["Recipes/Café au lait.md"]),
    ("path:", "path:recipes", ["Recipes/Café au lait.md", "Recipes/Tea.md"]),
    ("path: phrase", 'path:"au lait"', ["Recipes/Café au lait.md"]),
    ("content:", "content:tea", ["Recipes/Tea.md"]),
    ("tag:", "tag:food", ["Recipes/Café au lait.md", "Recipes/Tea.md"]),
    ("tag: nested exact", "tag:#food/drinks", ["Recipes/Café au lait.md"]),
    ("tag: frontmatter + nested", "tag:work", ["Journal/2024-01-01.md", "Meeting notes.md"]),
    ("line:", "line:(coffee anna)", ["Meeting notes.md"]),
    ("line: needs one line", "line:(budget anna)", []),
    ("section:", "section:(anna coffee)", ["Meeting notes.md"]),
    ("section: needs one section", "section:(agenda anna)", []),
    ("task:", "task:coffee", ["Meeting notes.md"]),
    ("task-todo:", "task-todo:budget", []),
    ("task-done:", "task-done:budget", ["Meeting notes.md"]),
    ("task-todo: other note", "task-todo:bob", ["Journal/2024-01-01.md"]),
    ("match-case:", "match-case:Coffee", ["Code.md"]),
    (
        "match-case: lower",
        "match-case:coffee",
        ["Meeting notes.md", "Recipes/Café au lait.md", "Recipes/Tea.md"],
    ),
    ("[property]", "[rating]", ["Recipes/Tea.md"]),
    ("[property:value]", "[status:draft]", ["Meeting notes.md"]),
    ("[property:value] other", "[status:done]", ["Recipes/Tea.md"]),
    ("/regex/", r"/bu\w+t/", ["Code.md", "Journal/2024-01-01.md", "Meeting notes.md"]),
    ("regex with flags", "/^green/", ["Recipes/Tea.md"]),
    ("only exclusion", "-coffee -budget", []),
]


@pytest.mark.parametrize(("query", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_queries(engine: SearchEngine, query: str, expected: list[str]) -> None:
    assert paths(engine, query) == expected


def test_hit_has_lines_and_ranges(engine: SearchEngine) -> None:
    [hit] = engine.search("brulee")
    assert hit.path == "Recipes/Café au lait.md"
    [match] = hit.matches
    assert match.line == 2
    start, end = match.ranges[0]
    assert match.text[start:end] == "brûlée"


def test_ranking_prefers_name_matches(engine: SearchEngine) -> None:
    hits = engine.search("tea")
    assert hits[0].path == "Recipes/Tea.md"


def test_limit(engine: SearchEngine) -> None:
    assert len(engine.search("coffee", limit=2)) == 2


BAD = [
    '"open phrase',
    "(unclosed",
    "closed)",
    "/[unclosed/",
    "/open regex",
    "[noclose",
    "[]",
    "tag:",
    "file: x",
    "OR",
    "a OR",
    "()",
    "",
    "   ",
    "(" * 200 + "x" + ")" * 200,
]


@pytest.mark.parametrize("query", BAD)
def test_malformed_queries_raise_query_error(engine: SearchEngine, query: str) -> None:
    with pytest.raises(QueryError) as info:
        engine.search(query)
    assert str(info.value)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(", "missing ')'"),
        ("line:(", "missing ')'"),
        (")", "unmatched ')'"),
        ("a )", "unmatched ')'"),
        ("()", "empty parentheses"),
        ("[status:draft)]", "unmatched ')'"),
        ('[status:"unclosed]', "missing closing '\"'"),
    ],
)
def test_malformed_query_messages(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query(query)


@pytest.mark.parametrize(
    ("query", "value"),
    [
        ("[due:/^2024-0[1-3]/]", "^2024-0[1-3]"),  # a ] inside a regex
        ('[status:"Dr]aft"]', "Dr]aft"),  # a ] inside a phrase
        ("[s:a/b]", "a/b"),
    ],
)
def test_property_value_holds_brackets_in_regex_and_phrase(query: str, value: str) -> None:
    node = parse_query(query)
    assert isinstance(node, Prop) and isinstance(node.value, Text)
    assert node.value.value == value


def test_fts_expression_is_a_superset_plan() -> None:
    assert fts_expression(parse_query("coffee")) == '"coffee"*'
    assert fts_expression(parse_query("a -b")) == '("a"*) NOT body:"b"*'
    assert fts_expression(parse_query("a -match-case:B")) == '("a"*)'
    assert fts_expression(parse_query("a -x-y -café -(b c)")) == '("a"*)'
    assert fts_expression(parse_query("a OR /x/")) is None
    assert fts_expression(parse_query("straße")) is None  # casefold turns ß into ss
    assert fts_expression(parse_query('"sql injection\' OR"')) == '"sql injection or"*'


def test_search_from_worker_thread(engine: SearchEngine) -> None:
    results: list[list[str]] = []
    worker = threading.Thread(target=lambda: results.append([h.path for h in engine.search("tea")]))
    worker.start()
    worker.join()
    assert results == [["Recipes/Tea.md"]]


def test_search_without_store(make_vault: MakeVault) -> None:
    index = VaultIndex(Vault(make_vault(VAULT)))
    index.build()
    assert sorted(h.path for h in SearchEngine(index).search("tea OR apple")) == [
        "Journal/2024-01-01.md",
        "Recipes/Tea.md",
    ]


def test_search_on_warm_index(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(VAULT)
    for _ in range(2):  # the second build loads metadata lazily from the cache
        store = IndexStore(root, tmp_path / "cache")
        index = VaultIndex(Vault(root), store)
        index.build()
    engine = SearchEngine(index, store)
    assert paths(engine, "tag:food") == ["Recipes/Café au lait.md", "Recipes/Tea.md"]
    assert paths(engine, "[status:done]") == ["Recipes/Tea.md"]
    assert paths(engine, "task-done:budget") == ["Meeting notes.md"]
    assert paths(engine, "section:(anna coffee)") == ["Meeting notes.md"]


def test_exclusion_looks_in_the_text_not_the_name(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault({"Tea time.md": "coffee break\n", "Other.md": "coffee at tea time\n"})
    engine = engine_over(root, tmp_path / "cache")
    assert [h.path for h in engine.search("coffee -time")] == ["Tea time.md"]
    assert [h.path for h in engine.search("time")] == ["Other.md"]  # the name is not the text


def test_many_candidates_stream_in_pages(make_vault: MakeVault, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"n{i:03}.md": f"word{i % 7} common\n" for i in range(300)}
    files.update({f"tagged{i}.md": "common\n#rare\n" for i in range(3)})
    root = make_vault(files)
    engine = engine_over(root, tmp_path / "cache")
    assert len(engine.search("common", limit=120)) == 120
    assert len(engine.search("common", limit=1000)) == 303
    assert sorted(h.path for h in engine.search("tag:rare common")) == [
        "tagged0.md",
        "tagged1.md",
        "tagged2.md",
    ]
    assert len(engine.search("line:(common word3)", limit=1000)) == 43
    assert engine.search("tag:rare common", limit=2)[0].matches[0].line == 1


@pytest.mark.parametrize(
    ("query", "fragments"),
    [
        ("/zzq+x/", ["zzq"]),
        ("/gar+lic/", ["gar"]),  # i folds to "İ" and "ı" too: not looked for
        ("match-case:/Kelvin/", ["Kelvin"]),
        ("/sk(x)yz/", ["yz"]),
        ("/a|bcd/", []),
        ("/ab?c/", []),
        ("line:(/abc/ foo) /xy\\d/", ["abc", "xy"]),
        ("/abc/ OR /xyz/", []),
        ("-/abc/", []),
    ],
)
def test_regex_fragments(query: str, fragments: list[str]) -> None:
    assert required_fragments(parse_query(query)) == fragments


def test_rare_regex_scans_the_stored_texts(make_vault: MakeVault, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"a{i:03}.md": "plain words only\n" for i in range(150)}
    files.update({"z/found.md": "some zzqqq here\n", "z/upper.md": "ZZQ\n", "z/no.md": "zz q\n"})
    root = make_vault(files)
    engine = engine_over(root, tmp_path / "cache")
    assert [h.path for h in engine.search("/zzq+/")] == ["z/found.md", "z/upper.md"]
    assert engine.last_stats["texts"] < 100  # not every note read
    [hit] = engine.search("/zzq+/ line:some")
    assert hit.matches[0].text == "some zzqqq here"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("task:(line:coffee)", ["Meeting notes.md"]),
        ("[status:(content:budget)]", ["Meeting notes.md"]),
        ("file:(content:milk)", ["Recipes/Café au lait.md"]),
        ("-task:(line:coffee) tag:work", ["Journal/2024-01-01.md"]),
    ],
)
def test_name_and_index_operators_around_text_ones(
    engine: SearchEngine, query: str, expected: list[str]
) -> None:
    assert paths(engine, query) == expected


def test_cancelled_search_stops(engine: SearchEngine) -> None:
    with pytest.raises(SearchCancelled):
        engine.search("coffee", cancelled=lambda: True)
    with pytest.raises(SearchCancelled):
        engine.search("/bu\\w+t/", cancelled=lambda: True)
    assert paths(engine, "budget review") == ["Journal/2024-01-01.md"]  # usable after
    assert len(engine.search("coffee", cancelled=lambda: False)) == 4


def test_later_hits_cut_their_lines_when_read(make_vault: MakeVault, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"n{i:02}.md": "common one\nnothing\nCommon twö " * (i % 3 + 1) for i in range(40)
    }
    root = make_vault(files)
    engine = engine_over(root, tmp_path / "cache")
    hits = engine.search("common", limit=40)
    assert len(hits) == 40
    for hit in hits:
        count = len(hit.matches)  # known before the lines are cut
        lines = [m.line for m in hit.matches]
        assert count == len(lines) and lines[0] == 1
        assert all(m.text[a:b].lower() == "common" for m in hit.matches for a, b in m.ranges)
    assert hits[-1].matches[:1] == [hits[-1].matches[0]]


def test_partial_hits_come_in_final_order(make_vault: MakeVault, tmp_path: Path) -> None:
    # every note has both words, one in six on the same line
    files: dict[str, str | bytes] = {
        f"n{i:03}.md": "common word3\n" if i % 6 == 0 else "common\nword3\n" for i in range(360)
    }
    root = make_vault(files)
    engine = engine_over(root, tmp_path / "cache")
    seen: list[list[str]] = []
    hits = engine.search(
        "line:(common word3)", 40, partial=lambda h: seen.append([x.path for x in h])
    )
    final = [h.path for h in hits]
    assert len(final) == 40 and seen
    assert all(0 < len(p) < 40 and final[: len(p)] == p for p in seen)


PROPERTY_VAULT = {
    "list.md": "---\nstatus: [Draft, Old]\n---\nx\n",
    "draft.md": "---\nstatus: Draft\n---\nx\n",
    "drafting.md": "---\nstatus: Drafting now\n---\nx\n",
    "published.md": "---\nstatus: Published\nflag: true\nwhen: 2024-01-31\n---\nx\n",
    "none.md": "---\nstatus:\n---\nx\n",
    "other.md": "no properties\n",
    "five.md": "---\nrating: 5\n---\n",
    "fifteen.md": "---\nrating: 15\n---\n",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("[status]", ["draft.md", "drafting.md", "list.md", "none.md", "published.md"]),
        ("[status:draft]", ["draft.md", "drafting.md", "list.md"]),
        ("[status:raft]", []),  # words match at word starts, as plain words do
        ("[status:now]", ["drafting.md"]),
        ("[status:-draft]", ["none.md", "published.md"]),  # no item of the list holds it
        ("[status:draft old]", ["list.md"]),  # both words, in any items
        ('[status:"draft old"]', []),  # a phrase stays within one item
        ("[status:/^old$/]", ["list.md"]),  # ^ and $ at an item's ends
        ("[status:/^draft$/]", ["draft.md", "list.md"]),
        ("[status:draft OR published]", ["draft.md", "drafting.md", "list.md", "published.md"]),
        ("[flag:true]", ["published.md"]),
        ("[rating:5]", ["five.md"]),  # not 15
        ("[rating:/5$/]", ["fifteen.md", "five.md"]),
        ("[when:2024-01]", ["published.md"]),
        ("[STATUS:DRAFT] -[status:drafting]", ["draft.md", "list.md"]),
    ],
)
def test_property_values(
    make_vault: MakeVault, tmp_path: Path, query: str, expected: list[str]
) -> None:
    root = make_vault(PROPERTY_VAULT)
    assert paths(engine_over(root, tmp_path / "cache"), query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("line:(mix -sugar)", ["Lines.md"]),  # "sugar" is on another line of the note
        ("block:(dog -cat)", ["Lines.md"]),
        ("section:(apple -cherry)", ["Lines.md"]),
        ("task:(call -mom)", ["Lines.md"]),
        ("mix -sugar", []),  # the whole note: excluded
        ("offline", ["Compat.md"]),  # ofﬂine, with the ligature
        ("ofﬂine", ["Compat.md"]),
        ("fullwidth", ["Compat.md"]),  # Ｆｕｌｌｗｉｄｔｈ
        ("h2o", ["Compat.md"]),  # H₂O
        ("mode -offline", []),
    ],
)
def test_word_index_keeps_scoped_exclusions_and_compatibility_forms(
    make_vault: MakeVault, tmp_path: Path, query: str, expected: list[str]
) -> None:
    root = make_vault(
        {
            "Lines.md": "mix the flour\nthen add sugar\n\ndog here\ncat there\n\ndog alone\n\n"
            "# A\napple\n# B\ncherry\napple2\n- [ ] call mom\n- [-] call off\n",
            "Compat.md": "Ｆｕｌｌｗｉｄｔｈ text\nofﬂine mode\nH₂O here\n",
        }
    )
    assert paths(engine_over(root, tmp_path / "cache"), query) == expected


def test_tag_groups_and_every_task(engine: SearchEngine) -> None:
    assert paths(engine, "tag:(work OR food)") == [
        "Journal/2024-01-01.md",
        "Meeting notes.md",
        "Recipes/Café au lait.md",
        "Recipes/Tea.md",
    ]
    assert paths(engine, "tag:(food -food/drinks)") == ["Recipes/Tea.md"]
    assert paths(engine, 'task:""') == ["Journal/2024-01-01.md", "Meeting notes.md"]
    [hit] = engine.search('task-done:""')
    assert [m.text for m in hit.matches] == ["- [x] send budget"]
    with pytest.raises(QueryError, match="takes tag names"):
        parse_query("tag:/wo/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("match-case:file:Tea", ["Recipes/Tea.md"]),
        ("match-case:file:tea", []),
        ("line:match-case:Anna", ["Meeting notes.md"]),
        ("line:match-case:anna", []),
    ],
)
def test_operator_right_after_an_operator(
    engine: SearchEngine, query: str, expected: list[str]
) -> None:
    assert paths(engine, query) == expected


def test_highlight_takes_a_decomposed_accent(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault({"u.md": "Cafe\u0301 decomposed and cafe\u0301s\n"})
    [hit] = engine_over(root, tmp_path / "cache").search("cafe")
    match = hit.matches[0]
    assert [match.text[a:b] for a, b in match.ranges] == ["Cafe\u0301", "cafe\u0301"]


@pytest.mark.parametrize(("query", "same_as"), [("coffee -", "coffee"), ("- coffee", "coffee"),
                                                ("tea - coffee", "tea coffee")])  # fmt: skip
def test_a_lone_dash_is_no_term(query: str, same_as: str) -> None:
    assert parse_query(query) == parse_query(same_as)
