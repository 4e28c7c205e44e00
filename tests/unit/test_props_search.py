"""The search query language on any string: a result or a QueryError, never anything else."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notedesk.core.index import VaultIndex
from notedesk.core.query import Node, QueryError, Text, parse_query
from notedesk.core.query_fts import fts_expression
from notedesk.core.search import SearchEngine
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

pytestmark = pytest.mark.timeout(300)

PIECES = [
    "(", ")", '"', "/", "\\", "-", "OR", " OR ", "OR(", "[", "]", ":", "[a:", "[status:done]",
    "file:", "path:", "content:", "tag:", "line:(", "section:(", "task:", "task-todo:",
    "task-done:", "match-case:", "ignore-case:", "FILE:", "tag:#", "/a+/", "/[/", "/(?P<x>/",
    "/a{99999999999}/", "/\\b\\w+$/", "*", "^", "$", "'", "NEAR", "AND", "NOT", "{", "}",
    '"a b"', '\\"', "\\\\", "block:(", "blok:(", 'x-y:"', "ab:/", "10:30", "http://",
    "a", "ß", "É", "é", "\u0301", "\x00", "\t", "\n", " ", "  ", "😀", "tea", "coffee",
]  # fmt: skip

queries = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=25).map("".join),
)


def _only_query_errors(query: str) -> Node | None:
    try:
        return parse_query(query)
    except QueryError as exc:
        assert str(exc)  # a message for the user
        return None


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
def test_parser_raises_only_query_error(query: str) -> None:
    node = _only_query_errors(query)
    if node is not None:
        fts_expression(node)  # planning a parsed query never raises either


def _engine_over(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, str]
) -> Iterator[SearchEngine]:
    """A search engine over a vault of ``files``, freshly indexed; the store closed after."""
    root = tmp_path_factory.mktemp("searchvault")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    store = IndexStore(root, tmp_path_factory.mktemp("searchcache"))
    index = VaultIndex(Vault(root), store)
    index.build()
    yield SearchEngine(index, store)
    store.close()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    files = {
        "Tea.md": "---\nstatus: done\ntags: [drink]\n---\n# Tea\nGreen tea. ß and É.\n",
        "Coffee.md": "# Coffee\n- [ ] buy coffee\n- [x] grind\n#drink/hot\n",
        "odd/(paren) [x].md": 'a "quoted" line OR two -minus /slash/ \x00 😀\n',
        "empty.md": "",
    }
    yield from _engine_over(tmp_path_factory, files)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
def test_search_raises_only_query_error(engine: SearchEngine, query: str) -> None:
    try:
        hits = engine.search(query, limit=10)
    except QueryError as exc:
        assert str(exc)
        return
    files = engine.index.notes() + engine.index.attachments()
    for hit in hits:
        assert hit.path in files


# -- regressions: queries that once escaped as other exceptions ------------------------


@pytest.mark.parametrize(
    "query",
    [
        "/a{99999999999}/",  # OverflowError from re
        "/" + "(" * 5000 + "a" + ")" * 5000 + "/",  # RecursionError from re
        "-" * 10_000 + "x",  # RecursionError from the parser's own negation
        "(" * 30 + "-" * 30 + "x" + ")" * 30,  # nesting and negation together
        '"' + "\\" * 100_000,  # an unclosed phrase of escapes
        "ab:(x)",  # an unknown operator
    ],
    ids=["huge-repeat", "deep-regex-groups", "10k-negations", "mixed-depth", "escapes", "unknown"],
)
def test_hostile_queries_are_query_errors(engine: SearchEngine, query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)
    with pytest.raises(QueryError):
        engine.search(query)


def test_long_phrases_of_escapes_parse_in_linear_time() -> None:
    start = time.perf_counter()
    for n in (50_000, 200_000):
        assert parse_query('"' + '\\"' * n + '"') == Text('"' * n, "phrase")
        with pytest.raises(QueryError):
            parse_query('"' + "\\a" * n)
    assert time.perf_counter() - start < 2.0


def test_a_few_negations_still_work(engine: SearchEngine) -> None:
    assert [h.path for h in engine.search("--tea")] == ["Tea.md"]
    assert [h.path for h in engine.search("coffee -tea")] == ["Coffee.md"]


PLAN_VAULT = {
    "Lines.md": "mix the flour\nthen add sugar\nmix sugar and flour later\n\n"
    "dog here\ncat there\n\ndog alone\n\n# Sec A\napple\nbanana\n# Sec B\ncherry\napple2\n",
    "Tasks.md": "- [ ] call mom\n- [x] email boss\n- [-] call cancelled\n- [ ] buy milk\n",
    "Compat.md": "Ｆｕｌｌｗｉｄｔｈ text\nofﬂine mode\nH₂O and x² here\nﬁnance\n",
    "Plain.md": "Café au lait, STRASSE and straße, offline finance\nfullwidth h2o\n",
}
WORDS = [
    "mix", "sugar", "flour", "later", "dog", "cat", "apple", "cherry", "call", "mom",
    "email", "milk", "offline", "ofﬂine", "finance", "ﬁnance", "fullwidth", "Ｆｕｌｌｗｉｄｔｈ",
    "h2o", "H₂O", "x2", "cafe", "café", "strasse", "straße", "lait", "mode", "zzz",
]  # fmt: skip
WRAPS = ["{}", "-{}", "line:({})", "block:({})", "section:({})", "task:({})", "content:({})",
         "({})", '"{}"', "match-case:{}"]  # fmt: skip


def _term(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    inner = " ".join(("-" + w) if draw(st.booleans()) and i else w for i, w in enumerate(words))
    return draw(st.sampled_from(WRAPS)).format(inner)


@st.composite
def planned_queries(draw: st.DrawFn) -> str:
    parts = [_term(draw) for _ in range(draw(st.integers(1, 3)))]
    return draw(st.sampled_from([" ", " OR "])).join(parts)


@pytest.fixture(scope="module")
def plan_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    yield from _engine_over(tmp_path_factory, PLAN_VAULT)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_queries())
def test_the_word_index_never_drops_a_match(plan_engine: SearchEngine, query: str) -> None:
    """What the FTS5 pre-filter lets through is a superset: the same hits as reading all."""
    import notedesk.core.search as search

    try:
        found = sorted(h.path for h in plan_engine.search(query))
    except QueryError:
        return
    saved = search.fts_expression, search.required_fragments
    search.fts_expression = lambda node: None
    search.required_fragments = lambda node: []
    search._plan.cache_clear()
    try:
        every = sorted(h.path for h in plan_engine.search(query))
    finally:
        search.fts_expression, search.required_fragments = saved
        search._plan.cache_clear()
    assert found == every
