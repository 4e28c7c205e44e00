"""SearchEngine.count: every note and line a query matches, past any limit of listed hits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.index import VaultIndex
from notedesk.core.search import SearchCancelled, SearchEngine, Total
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def engine(make_vault: MakeVault, tmp_path: Path) -> SearchEngine:
    files: dict[str, str | bytes] = {
        f"n{i:03}.md": f"word{i % 7} common\nsecond line common Café\n" for i in range(300)
    }
    files.update({f"tagged{i}.md": "common\n#rare\n- [ ] call common\n" for i in range(3)})
    files["long.md"] = "x " * 400 + "needle at the end\n"
    files["pics/common.png"] = b"\x89PNG"
    root = make_vault(files)
    store = IndexStore(root, tmp_path / "cache")
    index = VaultIndex(Vault(root), store)
    index.build()
    return SearchEngine(index, store)


QUERIES = [
    "common",
    "cafe",
    "word3",
    "common -word3",
    "word3 OR word4",
    '"line common"',
    "tag:rare",
    "tag:rare common",
    "line:(common word3)",
    "task:call",
    "file:common",
    "needle",
    "nothing-matches-this",
]


@pytest.mark.parametrize("query", QUERIES)
def test_count_agrees_with_every_hit_listed(engine: SearchEngine, query: str) -> None:
    hits = engine.search(query, limit=10_000)
    total = engine.count(query)
    assert total.notes == len(hits)
    assert total.lines == sum(len(h.matches) for h in hits)  # no note here has 20 lines


def test_count_goes_past_the_limit(engine: SearchEngine) -> None:
    assert len(engine.search("common", limit=50)) == 50
    assert engine.count("common") == Total(303, 606)  # two lines each, a task among them


def test_regex_lines_are_not_counted(engine: SearchEngine) -> None:
    total = engine.count("/word[34]/")
    assert total.notes == len(engine.search("/word[34]/", limit=10_000)) == 86
    assert total.lines is None


def test_cancelled_count_stops(engine: SearchEngine) -> None:
    with pytest.raises(SearchCancelled):
        engine.count("common", cancelled=lambda: True)
    assert engine.count("common", cancelled=lambda: False).notes == 303  # usable after


def test_long_line_snippet_says_where_it_starts(engine: SearchEngine) -> None:
    (hit,) = engine.search("needle")
    (match,) = hit.matches
    start, end = match.ranges[0]
    assert match.text[start:end] == "needle"
    assert match.offset > 0 and match.offset + start == 800  # the column in the whole line
