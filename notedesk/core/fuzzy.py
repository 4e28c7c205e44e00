"""Fuzzy ranking for the quick switcher and the command palette.

Candidates are matched case- and diacritics-insensitively (``cafe`` finds "Café")
in tiers, best first: exact, prefix, substring at a word start, substring,
subsequence (``mls`` finds "Machine Learning Systems", boosted when the letters
start words), and, for longer queries that found nothing, a typo-tolerant
rapidfuzz score. Path candidates rank below name and alias candidates of the same
tier. Results are deduplicated by ``Candidate.key`` (a note path, an action id),
keeping the best-scoring text.

The work per keystroke follows what is shown, not the vault's size. Each tier
is one list comprehension, and ranking stops before a tier that cannot beat the
``limit`` results already found. The first tiers (prefix, word start) only look
at keys with a word starting with the query's first letter; the later ones scan
the keys holding the query as a subsequence, which rapidfuzz finds in C
(``LCSseq.similarity == len(query)``), narrowing the last scan's survivors when
the query grew. Candidates are stored shortest first, so within a tier of equal
scores the first hits are the winners and the rest need no scoring.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from notedesk.core.textfold import fold, fold_mapped, to_text

__all__ = [
    "Candidate",
    "FuzzyMatcher",
    "Match",
    "fold",
    "match_positions",
    "note_candidates",
    "rank_texts",
]

EXACT = 1000.0
PREFIX = 900.0
WORD_START = 800.0
SUBSTRING = 700.0
SUBSEQUENCE_MAX = 650.0
TYPO_MAX = 300.0
PATH_PENALTY = 150.0

_SEPARATORS = frozenset(" -_/.()[]:,")
_TYPO_MIN_QUERY = 4
_TYPO_MAX_QUERY = 24
_SHORT_QUERY = 2
_TYPO_CUTOFF = 80.0
_SCORED_PER_TIER = 3  # times ``limit``: how many hits of a tier with varying scores get scored
_SEPARATOR_RUN = re.compile(r"[-_/.()\[\]:, ]+")
_INITIAL = re.compile(r" (\S)")
_MID_WORD = re.compile(r"(?<=[^ \-_/.()\[\]:,]).", re.S)

Best = dict[str, tuple[float, int, tuple[int, ...]]]  # key -> (score, index, key positions)


class Candidate(NamedTuple):
    """One string to match; ``key`` identifies what it stands for."""

    text: str
    key: str
    kind: str = "name"  # "name" | "alias" | "title" | "path"


class _Tier(NamedTuple):
    bound: float  # the best score a hit of the tier can get
    hits: list[int]
    fixed: float | None = None  # every hit's score, when they all score alike
    sequences: bool = False  # the hits hold the query only as a subsequence


class Match(NamedTuple):
    candidate: Candidate
    score: float
    positions: tuple[int, ...]  # indices into candidate.text of the matched characters


def note_candidates(names: Iterable[tuple[str, str, bool | str]]) -> list[Candidate]:
    """Name, alias, title and path candidates from ``(text, path, kind)`` rows.

    The rows are what ``VaultIndex.completion_names()`` returns, ``kind`` being
    ``"name"``, ``"alias"`` or ``"title"`` (or True for an alias, False for a name).
    A note in a folder also gets its path (without ``.md``) as a candidate so
    ``books/des`` finds ``Books/Designing….md``.
    """
    out: list[Candidate] = []
    seen_paths: set[str] = set()
    for text, path, kind in names:
        if not isinstance(kind, str):
            kind = "alias" if kind else "name"
        out.append(Candidate(text, path, kind))
        if "/" in path and path not in seen_paths:
            seen_paths.add(path)
            shown = path[:-3] if path.lower().endswith(".md") else path
            out.append(Candidate(shown, path, "path"))
    return out


def _is_word_start(key: str, pos: int) -> bool:
    return pos == 0 or key[pos - 1] in _SEPARATORS


def _word_starts(key: str) -> str:
    """``key`` with every character that does not start a word blanked out (NUL)."""
    return _MID_WORD.sub("\0", key)


def _subsequence(key: str, query: str, starts: str | None = None) -> tuple[int, ...] | None:
    """Greedy positions of ``query``'s characters in ``key``, preferring word starts.

    ``starts`` is ``_word_starts(key)``, passed in when the caller keeps it.
    """
    if starts is None:
        starts = _word_starts(key)
    positions: list[int] = []
    pos = 0
    for ch in query:
        found = key.find(ch, pos)
        if found < 0:
            return None
        # Jump ahead to the same character at a word start when there is one: "mls" should
        # light up the initials of "machine learning systems", not "ma-chine".
        if starts[found] != ch and ch != "\0":
            later = starts.find(ch, found + 1)
            if later >= 0:
                found = later
        positions.append(found)
        pos = found + 1
    return tuple(positions)


def _is_subsequence(needle: str, hay: str, start: int) -> bool:
    pos = start + 1
    for ch in needle:
        pos = hay.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def _subsequence_score(key: str, positions: tuple[int, ...]) -> float:
    starts = sum(1 for p in positions if _is_word_start(key, p))
    gaps = positions[-1] - positions[0] + 1 - len(positions)
    return min(SUBSEQUENCE_MAX - 1.0, 400.0 + 40.0 * starts - min(gaps, 200) * 1.0)


def match_positions(text: str, query: str) -> tuple[int, ...]:
    """Which characters of ``text`` to highlight for ``query`` (empty when none fit)."""
    key, spans = fold_mapped(text)
    q = " ".join(fold(query).split())
    if not q:
        return ()
    found = key.find(q)
    if found >= 0:
        return to_text(tuple(range(found, found + len(q))), spans)
    return to_text(_subsequence(key, q) or (), spans)


def _tier_score(key: str, query: str) -> tuple[float, tuple[int, ...]] | None:
    if key == query:
        return EXACT, tuple(range(len(query)))
    found = key.find(query)
    if found == 0:
        return PREFIX, tuple(range(len(query)))
    if found > 0:
        # A later word start beats an earlier mid-word hit ("ml" in "html ml").
        pos = found
        while pos >= 0 and not _is_word_start(key, pos):
            pos = key.find(query, pos + 1)
        if pos >= 0:
            return WORD_START - min(pos, 50) * 0.5, tuple(range(pos, pos + len(query)))
        return SUBSTRING - min(found, 50) * 0.5, tuple(range(found, found + len(query)))
    positions = _subsequence(key, query)
    if positions is None:
        return None
    return _subsequence_score(key, positions), positions


class FuzzyMatcher:
    """Ranks a fixed list of candidates against queries; build once, query per keystroke."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        given = list(candidates)
        folded = [fold_mapped(c.text) for c in given]
        # Names before paths, then shortest first: index order is the order of equal scores.
        paths = [c.kind == "path" for c in given]
        lengths = [len(c.text) for c in given]
        keys = [key for key, _spans in folded]
        by_key = sorted(range(len(given)), key=keys.__getitem__)
        kind_length = [path * 1_000_000 + n for path, n in zip(paths, lengths, strict=True)]
        order = sorted(by_key, key=kind_length.__getitem__)  # stable: ties stay by key
        self.candidates: list[Candidate] = [given[i] for i in order]
        self._keys = [keys[i] for i in order]
        self._spans = [folded[i][1] for i in order]
        self._names = len(given) - sum(paths)  # indices below are names and aliases
        to_space = _SEPARATOR_RUN.sub
        self._pads = [" " + to_space(" ", k) for k in self._keys]
        initials = _INITIAL.findall
        self._initials = ["".join(initials(pad)) for pad in self._pads]
        self._last_query = ""
        self._last_pool: list[int] = []
        self._initial_pools: dict[str, list[int]] = {}  # letter -> keys with a word starting so
        self._starts: list[str | None] = [None] * len(self._keys)  # _word_starts, as needed

    def __len__(self) -> int:
        return len(self.candidates)

    def rank(self, query: str, limit: int = 50) -> list[Match]:
        """The best ``limit`` candidates for ``query``, one per key, best first."""
        q = " ".join(fold(query).split())
        if not q or limit <= 0:
            return []
        best: Best = {}
        taken: set[int] = set()
        for tier in self._tiers(q, taken):
            if len(best) >= limit and sum(1 for e in best.values() if e[0] >= tier.bound) >= limit:
                break  # nothing further down can displace what was found
            fresh = [i for i in tier.hits if i not in taken]
            taken.update(fresh)
            if tier.fixed is not None:
                self._keep_fixed(best, fresh, tier.fixed, len(q), limit)
            else:
                self._keep_scored(best, fresh[: limit * _SCORED_PER_TIER], q, tier.sequences)
        if not best and _TYPO_MIN_QUERY <= len(q) <= _TYPO_MAX_QUERY:
            self._add_typos(best, q, limit)
        top = heapq.nsmallest(limit, best.values(), key=lambda e: (-e[0], e[1]))
        return [
            Match(self.candidates[i], score, to_text(positions, self._spans[i]))
            for score, i, positions in top
        ]

    def _tiers(self, q: str, taken: set[int]) -> Iterator[_Tier]:
        """The hits of ``q`` grouped by the best score they can get, best group first.

        Computed lazily: ranking usually stops after the first few, which only look at
        keys with a word starting like the query and never need the subsequence scan.
        """
        keys, pads, n = self._keys, self._pads, len(q)
        # Separator runs collapse to one space, in keys (pads) and in the query, so the
        # test holds every key with the query at a word start, even one like "-draft".
        word = " " + _SEPARATOR_RUN.sub(" ", q).strip()
        names, paths = self._split(self._head_pool(q))
        prefix = [i for i in names if keys[i].startswith(q)]
        yield _Tier(EXACT, [i for i in prefix if len(keys[i]) == n], EXACT)
        yield _Tier(PREFIX, prefix, PREFIX)
        path_prefix = [i for i in paths if keys[i].startswith(q)]
        path_exact = EXACT - PATH_PENALTY
        yield _Tier(path_exact, [i for i in path_prefix if len(keys[i]) == n], path_exact)
        yield _Tier(WORD_START, [i for i in names if word in pads[i] and q in keys[i]])
        yield _Tier(PREFIX - PATH_PENALTY, path_prefix, PREFIX - PATH_PENALTY)
        path_words = [i for i in paths if word in pads[i] and q in keys[i]]
        pool, checked = self._survivors(q)
        names, paths = self._split(pool)
        yield _Tier(SUBSTRING, [i for i in names if q in keys[i]])
        yield _Tier(WORD_START - PATH_PENALTY, path_words)
        sequence = SUBSEQUENCE_MAX - 1.0
        yield _Tier(sequence, self._subsequences(q, names, checked, taken), sequences=True)
        yield _Tier(SUBSTRING - PATH_PENALTY, [i for i in paths if q in keys[i]])
        path_sequence = sequence - PATH_PENALTY
        yield _Tier(path_sequence, self._subsequences(q, paths, checked, taken), sequences=True)

    def _split(self, pool: list[int]) -> tuple[list[int], list[int]]:
        cut = bisect_left(pool, self._names)
        return pool[:cut], pool[cut:]

    def _head_pool(self, q: str) -> list[int]:
        """Sorted indices covering every key with a word that starts with ``q``."""
        if len(q) <= _SHORT_QUERY or q[0] in _SEPARATORS:
            return self._survivors(q)[0]
        initial = self._initial_pool(q[0])
        if self._last_query and q.startswith(self._last_query):
            return min(initial, self._last_pool, key=len)
        return initial

    def _subsequences(self, q: str, pool: list[int], checked: bool, taken: set[int]) -> list[int]:
        """The rest of ``pool`` holding ``q`` as a subsequence, likely best first.

        Word starts weigh most in a subsequence's score, so hits come in the order of how
        many of the query's letters their words' initials hold (rapidfuzz, in C).
        """
        keys, initials = self._keys, self._initials
        rest = [i for i in pool if i not in taken]
        if not checked:
            first, tail = q[0], q[1:]
            rest = [i for i in rest if _is_subsequence(tail, keys[i], keys[i].find(first))]
        if len(rest) <= 1:
            return rest
        compact = q.replace(" ", "")
        ranked = process.extract(
            compact, {i: initials[i] for i in rest}, scorer=LCSseq.similarity, limit=None
        )
        return [int(i) for _text, _starts, i in sorted(ranked, key=lambda h: (-h[1], h[2]))]

    def _survivors(self, q: str) -> tuple[list[int], bool]:
        """Sorted indices of the keys that may match ``q``, and whether all surely do.

        One or two typed characters match most of a vault; there only keys with a word
        starting with the first character are considered, which is what the user means.
        Longer queries scan the survivors of the last scanned query they extend.
        """
        if len(q) <= _SHORT_QUERY:
            return self._initial_pool(q[0]), len(q) == 1
        if q == self._last_query:
            return self._last_pool, True
        if self._last_query and q.startswith(self._last_query):
            keys: list[str] | dict[int, str] = {i: self._keys[i] for i in self._last_pool}
        else:
            keys = self._keys
        hits = process.extract(q, keys, scorer=LCSseq.similarity, score_cutoff=len(q), limit=None)
        survivors = sorted(int(h[2]) for h in hits)
        self._last_query, self._last_pool = q, survivors
        return survivors, True

    def _initial_pool(self, ch: str) -> list[int]:
        pool = self._initial_pools.get(ch)
        if pool is None:
            pool = self._initial_pools[ch] = [i for i, w in enumerate(self._initials) if ch in w]
        return pool

    def _keep(self, best: Best, i: int, score: float, positions: tuple[int, ...]) -> bool:
        """Record a hit; True when it is the first for its key."""
        key = self.candidates[i].key
        old = best.get(key)
        if old is None or score > old[0]:
            best[key] = (score, i, positions)
        return old is None

    def _keep_fixed(self, best: Best, hits: list[int], score: float, n: int, limit: int) -> None:
        """Hits that all score alike (prefixes): the first ``limit`` new keys win the ties."""
        positions = tuple(range(n))
        new = 0
        for i in hits:
            new += self._keep(best, i, score, positions)
            if new >= limit:
                return

    def _keep_scored(self, best: Best, hits: list[int], q: str, sequences: bool) -> None:
        keys, names, starts = self._keys, self._names, self._starts
        for i in hits:
            if sequences:
                word_starts = starts[i]
                if word_starts is None:
                    word_starts = starts[i] = _word_starts(keys[i])
                positions = _subsequence(keys[i], q, word_starts)
                if positions is None:
                    continue
                score = _subsequence_score(keys[i], positions)
            else:
                tiered = _tier_score(keys[i], q)
                if tiered is None:
                    continue
                score, positions = tiered
            self._keep(best, i, score - (0.0 if i < names else PATH_PENALTY), positions)

    def _add_typos(self, best: Best, q: str, limit: int) -> None:
        name_keys = self._keys[: self._names]
        typos = process.extract(
            q, name_keys, scorer=fuzz.partial_ratio, score_cutoff=_TYPO_CUTOFF, limit=limit
        )
        for _key, ratio, i in typos:
            # partial_ratio scores a short key inside a long query as perfect: "books" would
            # "match" "books/design" though the user typed past it.
            if len(self._keys[i]) + 2 < len(q):
                continue
            self._keep(best, i, TYPO_MAX * float(ratio) / 100.0, ())


def rank_texts(texts: Sequence[str], query: str, limit: int = 50) -> list[tuple[int, Match]]:
    """Rank plain strings (command names); returns ``(index into texts, match)``."""
    matcher = FuzzyMatcher(Candidate(t, str(i)) for i, t in enumerate(texts))
    return [(int(m.candidate.key), m) for m in matcher.rank(query, limit)]
