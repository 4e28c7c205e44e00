"""Fuzzy ranking for the quick switcher and the command palette."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from notedesk.core import fuzzy
from notedesk.core.fuzzy import (
    _SEPARATOR_RUN,
    PATH_PENALTY,
    Candidate,
    FuzzyMatcher,
    _tier_score,
    fold,
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


def test_diacritics_and_case_are_ignored_and_highlights_fit_the_text():
    rows = [("Café Müller", "Café Müller.md", False), ("Straße", "Straße.md", False)]
    matcher = FuzzyMatcher(note_candidates(rows))
    top = matcher.rank("cafe mu")[0]
    assert top.candidate.key == "Café Müller.md"
    assert [top.candidate.text[p] for p in top.positions] == list("Café Mü")
    street = matcher.rank("strasse")[0]
    assert street.candidate.key == "Straße.md"
    assert street.positions == (0, 1, 2, 3, 4, 5)  # "ß" is lit once for the two "s" it stands for
    assert matcher.rank("CAFÉ")[0].candidate.key == "Café Müller.md"
    decomposed = "Cafe\u0301 noir"  # "é" as "e" plus a combining accent
    assert match_positions(decomposed, "cafe noir") == (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
    assert fold("Ærø Ça") == "ærø ca"


def test_many_equal_prefix_hits_keep_the_shortest_and_stay_one_per_note():
    rows = [(f"plan {'x' * (i % 7)} {i}", f"plan {i}.md", False) for i in range(400)]
    rows += [("Plan", "plan 399.md", True), ("plans", "Projects/plans.md", False)]
    got = FuzzyMatcher(note_candidates(rows)).rank("plan", 20)
    assert len(got) == 20 == len({m.candidate.key for m in got})
    assert [m.candidate.text for m in got[:3]] == ["Plan", "plans", "plan  0"]
    lengths = [len(m.candidate.text) for m in got[1:]]
    assert lengths == sorted(lengths)  # all prefixes alike: the shortest win


def test_a_long_name_matching_by_initials_beats_many_short_loose_ones():
    rows = [(f"mxlxs{i}", f"mxlxs{i}.md", False) for i in range(300)]
    rows.append(("Machine learning, the systems view: notes from a reading group", "mls.md", False))
    assert ranked("mls", rows, limit=5)[0] == "mls.md"


def _reference(matcher, query, limit):
    """Every candidate scored in full, no tiers, no stopping early (small inputs only)."""
    q = " ".join(fold(query).split())
    if not q:
        return []
    best = {}
    for i, cand in enumerate(matcher.candidates):
        key = fold(cand.text)
        if len(q) <= 2 and q[0] not in {w[0] for w in _SEPARATOR_RUN.sub(" ", key).split()}:
            continue
        tiered = _tier_score(key, q)
        if tiered is None:
            continue
        score = tiered[0] - (PATH_PENALTY if cand.kind == "path" else 0.0)
        if cand.key not in best or score > best[cand.key][0]:
            best[cand.key] = (score, i)
    ranked = sorted(best.values(), key=lambda e: (-e[0], e[1]))[:limit]
    return [(matcher.candidates[i].key, score) for score, i in ranked]


_names = st.lists(
    st.tuples(
        st.text(alphabet="abcde -/Éé", min_size=1, max_size=14),
        st.sampled_from(["", "x/", "ab/c d/"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=25,
)


@given(_names, st.text(alphabet="abcde -/é", min_size=1, max_size=6), st.integers(1, 8))
def test_tiered_ranking_equals_scoring_everything(rows, query, limit):
    names = [(text, f"{folder}{text}.md", alias) for text, folder, alias in rows]
    matcher = FuzzyMatcher(note_candidates(names))
    expected = _reference(matcher, query, limit)
    if expected:  # with no hit at all the typo tier answers instead
        # Scoring every hit of a tier (a vault scores only the first few per tier), the
        # tiers and the early stop must give exactly the full ranking.
        with patch.object(fuzzy, "_SCORED_PER_TIER", 1000):
            got = matcher.rank(query, limit)
        assert [(m.candidate.key, m.score) for m in got] == expected


@given(_names, st.text(alphabet="abcde -/é", min_size=3, max_size=8))
def test_narrowing_while_typing_equals_ranking_from_scratch(rows, query):
    names = [(text, f"{folder}{text}.md", alias) for text, folder, alias in rows]
    typed = FuzzyMatcher(note_candidates(names))
    for n in range(1, len(query) + 1):
        typed.rank(query[:n], 5)
    fresh = FuzzyMatcher(note_candidates(names))
    assert typed.rank(query, 5) == fresh.rank(query, 5)
    typed.rank(query[:-1], 5)  # backspace, then the same again
    assert typed.rank(query, 5) == fresh.rank(query, 5)
