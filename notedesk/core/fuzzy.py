"""Fuzzy ranking for the quick switcher and the command palette.

Candidates are matched case-insensitively in tiers, best first: exact, prefix,
substring at a word start, substring, subsequence (``mls`` finds "Machine
Learning Systems", boosted when the letters start words), and, for longer
queries that found little, a typo-tolerant rapidfuzz score. Path candidates rank
below name and alias candidates of the same tier. Results are deduplicated by
``Candidate.key`` (a note path, an action id), keeping the best-scoring text.

rapidfuzz does the per-keystroke scan in C: ``LCSseq.similarity == len(query)``
is exactly "query is a subsequence of the key", so Python only scores the
survivors.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

__all__ = [
    "Candidate",
    "FuzzyMatcher",
    "Match",
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
_SEPARATOR_RUN = re.compile(r"[-_/.()\[\]:, ]+")
_INITIAL = re.compile(r" (\S)")


class Candidate(NamedTuple):
    """One string to match; ``key`` identifies what it stands for."""

    text: str
    key: str
    kind: str = "name"  # "name" | "alias" | "path"


class Match(NamedTuple):
    candidate: Candidate
    score: float
    positions: tuple[int, ...]  # indices into candidate.text of the matched characters


def note_candidates(names: Iterable[tuple[str, str, bool]]) -> list[Candidate]:
    """Name, alias and path candidates from ``(text, path, is_alias)`` rows.

    The rows are what ``VaultIndex.completion_names()`` returns. A note in a
    folder also gets its path (without ``.md``) as a candidate so ``books/des``
    finds ``Books/Designing….md``.
    """
    out: list[Candidate] = []
    seen_paths: set[str] = set()
    for text, path, is_alias in names:
        out.append(Candidate(text, path, "alias" if is_alias else "name"))
        if "/" in path and path not in seen_paths:
            seen_paths.add(path)
            shown = path[:-3] if path.lower().endswith(".md") else path
            out.append(Candidate(shown, path, "path"))
    return out


def _is_word_start(key: str, pos: int) -> bool:
    return pos == 0 or key[pos - 1] in _SEPARATORS


def _subsequence(key: str, query: str) -> tuple[int, ...] | None:
    """Greedy positions of ``query``'s characters in ``key``, preferring word starts."""
    positions: list[int] = []
    pos = 0
    for ch in query:
        found = key.find(ch, pos)
        if found < 0:
            return None
        # Jump ahead to the same character at a word start when there is one: "mls" should
        # light up the initials of "machine learning systems", not "ma-chine".
        if not _is_word_start(key, found):
            probe = found
            while True:
                probe = key.find(ch, probe + 1)
                if probe < 0:
                    break
                if _is_word_start(key, probe):
                    found = probe
                    break
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
    key = text.lower()
    q = query.strip().lower()
    if not q or len(key) != len(text):
        return ()
    found = key.find(q)
    if found >= 0:
        return tuple(range(found, found + len(q)))
    return _subsequence(key, q) or ()


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
    """Ranks a fixed list of candidates against queries; build once, query per keystroke.

    Typing usually extends the previous query, and a query that is not a subsequence
    of a key never becomes one by growing, so each keystroke only rescans the keys
    that survived the previous one. Survivors get a cheap tier from C string tests;
    only the best few are scored in full (positions, subsequence quality).
    """

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates: list[Candidate] = list(candidates)
        self._keys = [c.text.lower() for c in self.candidates]
        to_space = _SEPARATOR_RUN.sub
        self._pads = [" " + to_space(" ", k) for k in self._keys]
        initials = _INITIAL.findall
        self._initials = ["".join(initials(pad)) for pad in self._pads]
        self._penalty = [PATH_PENALTY if c.kind == "path" else 0.0 for c in self.candidates]
        self._name_ids = [i for i, c in enumerate(self.candidates) if c.kind != "path"]
        self._name_keys = [self._keys[i] for i in self._name_ids]
        self._last_query = ""
        self._last_pool: list[int] = []
        self._initial_pools: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.candidates)

    def rank(self, query: str, limit: int = 50) -> list[Match]:
        """The best ``limit`` candidates for ``query``, one per key, best first."""
        q = " ".join(query.lower().split())
        if not q or limit <= 0:
            return []
        pool = self._survivors(q)
        best: dict[str, tuple[float, int, tuple[int, ...]]] = {}
        for _cheap, i in heapq.nsmallest(limit * 4, self._cheap_scores(q, pool)):
            tiered = _tier_score(self._keys[i], q)
            if tiered is not None:
                self._keep(best, i, tiered[0], tiered[1])
        if not best and _TYPO_MIN_QUERY <= len(q) <= _TYPO_MAX_QUERY:
            self._add_typos(best, q, limit)
        top = heapq.nsmallest(
            limit,
            best.values(),
            key=lambda e: (-e[0], len(self.candidates[e[1]].text), self._keys[e[1]], e[1]),
        )
        out: list[Match] = []
        for score, i, positions in top:
            cand = self.candidates[i]
            if len(self._keys[i]) != len(cand.text):
                positions = ()  # lowercasing changed the length: offsets would not line up
            out.append(Match(cand, score, positions))
        return out

    def _survivors(self, q: str) -> list[int]:
        """Indices of keys that contain ``q`` as a subsequence.

        One or two typed characters match most of a vault; there only keys with a word
        starting with the first character are considered, which is what the user means.
        """
        if len(q) <= _SHORT_QUERY:
            pool = self._initial_pool(q[0])
            self._last_query = ""  # a restricted pool must not seed the next keystroke
            if len(q) == 1:
                return pool
            rest, first, all_keys = q[1:], q[0], self._keys
            return [i for i in pool if _is_subsequence(rest, all_keys[i], all_keys[i].find(first))]
        if self._last_query and q.startswith(self._last_query):
            pool = self._last_pool
            keys: list[str] | dict[int, str] = {i: self._keys[i] for i in pool}
        else:
            keys = self._keys
        hits = process.extract(q, keys, scorer=LCSseq.similarity, score_cutoff=len(q), limit=None)
        survivors = sorted(int(h[2]) for h in hits)
        self._last_query, self._last_pool = q, survivors
        return survivors

    def _initial_pool(self, ch: str) -> list[int]:
        pool = self._initial_pools.get(ch)
        if pool is None:
            pool = [i for i, ini in enumerate(self._initials) if ch in ini]
            self._initial_pools[ch] = pool
        return pool

    def _cheap_scores(self, q: str, pool: list[int]) -> list[tuple[float, int]]:
        """``(-approximate score, index)`` from C string tests only."""
        word = " " + _SEPARATOR_RUN.sub(" ", q)
        compact = q.replace(" ", "")
        keys, pads, initials, penalty = self._keys, self._pads, self._initials, self._penalty
        out: list[tuple[float, int]] = []
        append = out.append
        for i in pool:
            k = keys[i]
            if k.startswith(q):
                base = EXACT if len(k) == len(q) else PREFIX
            elif word in pads[i]:
                base = WORD_START
            elif q in k:
                base = SUBSTRING
            elif compact in initials[i]:
                base = SUBSEQUENCE_MAX - 1.0
            else:
                base = 500.0
            append((penalty[i] - base + len(k) * 0.01, i))
        return out

    def _keep(
        self,
        best: dict[str, tuple[float, int, tuple[int, ...]]],
        i: int,
        score: float,
        positions: tuple[int, ...],
    ) -> None:
        score -= self._penalty[i]
        key = self.candidates[i].key
        old = best.get(key)
        if old is None or score > old[0]:
            best[key] = (score, i, positions)

    def _add_typos(
        self, best: dict[str, tuple[float, int, tuple[int, ...]]], q: str, limit: int
    ) -> None:
        typos = process.extract(
            q, self._name_keys, scorer=fuzz.partial_ratio, score_cutoff=_TYPO_CUTOFF, limit=limit
        )
        for _key, ratio, j in typos:
            i = self._name_ids[j]
            # partial_ratio scores a short key inside a long query as perfect: "books" would
            # "match" "books/design" though the user typed past it.
            if len(self._keys[i]) + 2 < len(q):
                continue
            self._keep(best, i, TYPO_MAX * float(ratio) / 100.0, ())


def rank_texts(texts: Sequence[str], query: str, limit: int = 50) -> list[tuple[int, Match]]:
    """Rank plain strings (command names); returns ``(index into texts, match)``."""
    matcher = FuzzyMatcher(Candidate(t, str(i)) for i, t in enumerate(texts))
    return [(int(m.candidate.key), m) for m in matcher.rank(query, limit)]
