"""Fuzzy ranking for the quick switcher and the command palette."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from notedesk.core.fuzzy import (
    Candidate,
    FuzzyMatcher,
    match_positions,
    note_candidates,
    rank_texts,
)

ROWS = [
    ("Machine learning", "Machine learning.md", False),
    ("ML", "Machine learning.md", True),
    ("Designing Machine Learning Systems", "Books/Designing Machine Learning Systems.md", False),
    ("Books", "Books.md", False),
    ("HTML basics", "web/HTML basics.md", False),
    ("Bookshelf", "Bookshelf.md", False),
    ("2026-11-28", "Daily/2026-11-28.md", False),
]


def ranked(query: str, rows=ROWS, limit: int = 50) -> list[str]:
    return [m.candidate.key for m in FuzzyMatcher(note_candidates(rows)).rank(query, limit)]


def test_exact_name_first_then_prefix():
    assert ranked("books")[:2] == ["Books.md", "Bookshelf.md"]


def test_prefix_beats_word_start_beats_substring():
    rows = [
        ("Xmachine", "c.md", False),
        ("The machine", "b.md", False),
        ("Machine room", "a.md", False),
    ]
    assert ranked("machine", rows) == ["a.md", "b.md", "c.md"]


def test_alias_matches_and_results_are_one_per_note():
    keys = ranked("ml")
    assert keys[0] == "Machine learning.md"
    assert len(keys) == len(set(keys))


def test_initials_subsequence_finds_long_names():
    assert ranked("dmls")[0] == "Books/Designing Machine Learning Systems.md"


def test_name_match_ranks_above_same_tier_path_match():
    rows = [
        ("Other", "daily/Other.md", False),
        ("Daily", "Daily.md", False),
    ]
    assert ranked("daily", rows) == ["Daily.md", "daily/Other.md"]


def test_path_query_with_folder():
    assert ranked("books/des")[0] == "Books/Designing Machine Learning Systems.md"
    assert "Books.md" not in ranked("books/des")


def test_typo_tolerance_for_longer_queries():
    assert ranked("mahcine")[0] == "Machine learning.md"


def test_no_match_and_empty_query():
    assert ranked("zzzz") == []
    assert ranked("   ") == []


def test_limit_is_respected():
    rows = [(f"note {i}", f"note {i}.md", False) for i in range(100)]
    assert len(ranked("note", rows, limit=7)) == 7


def test_positions_point_at_the_matched_characters():
    matcher = FuzzyMatcher(note_candidates(ROWS))
    top = matcher.rank("mls")[0]
    assert [top.candidate.text[p] for p in top.positions] == ["M", "L", "S"]
    assert match_positions("Machine learning", "learn") == (8, 9, 10, 11, 12)
    assert match_positions("abc", "zz") == ()


def test_rank_texts_returns_indices():
    texts = ["Save", "Save As…", "Close Tab", "Toggle Source/Preview"]
    assert [i for i, _ in rank_texts(texts, "sav")] == [0, 1]
    assert rank_texts(texts, "tsp")[0][0] == 3


def test_whitespace_in_query_is_normalised():
    assert ranked("  machine   learning ")[0] == "Machine learning.md"


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=30), st.text(max_size=6))
def test_every_result_contains_the_query_as_subsequence_or_is_typo(texts, query):
    matcher = FuzzyMatcher(Candidate(t, str(i)) for i, t in enumerate(texts))
    results = matcher.rank(query, 10)
    assert len(results) <= 10
    assert len({m.candidate.key for m in results}) == len(results)
    scores = [m.score for m in results]
    assert scores == sorted(scores, reverse=True)
    for m in results:
        for p in m.positions:
            assert 0 <= p < len(m.candidate.text)
