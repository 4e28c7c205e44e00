"""Full-text search: query -> plan (FTS5 narrows candidates) -> verify in Python -> ranked hits.

Matching is case-insensitive and diacritics-insensitive unless ``match-case:``
is used. Words and phrases match at the start of a word (``meet`` finds
``meeting``, not ``ameet``) so that FTS5 prefix queries give an exact superset
of the candidates; ``file:`` and ``path:`` match anywhere in the name.

Threading: ``SearchEngine.search`` may run in a worker thread. The store hands
each thread its own SQLite connection; the index is read without locks, so the
caller must not ``apply`` events to it while a search is running.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, pairwise
from typing import TYPE_CHECKING, NamedTuple

from notedesk.core.note import NoteMeta
from notedesk.core.query import (
    COMBINING_MARKS,
    And,
    Field,
    Node,
    Not,
    Or,
    Prop,
    QueryError,
    TagTerm,
    Text,
    fold,
    fts_expression,
    parse_query,
)
from notedesk.core.vault import VaultError

if TYPE_CHECKING:
    from notedesk.core.index import MetaSnapshot, VaultIndex
    from notedesk.core.store import IndexStore

__all__ = ["Hit", "LineMatch", "QueryError", "SearchEngine"]

_MAX_LINE_MATCHES = 20
_SNIPPET = 240


class LineMatch(NamedTuple):
    line: int  # 1-based
    text: str  # the line (trimmed to a snippet around the first match)
    ranges: list[tuple[int, int]]  # [start, end) offsets into ``text``


class Hit(NamedTuple):
    path: str
    score: float
    matches: list[LineMatch]


class _Scope:
    """Text one term is matched against: a whole note, a line, a section, a task or a name."""

    __slots__ = ("_folded", "boundary", "raw")

    def __init__(self, raw: str, boundary: bool = True) -> None:
        self.raw = raw
        self.boundary = boundary
        self._folded: str | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.raw)
        return self._folded


def _find_word(hay: str, needle: str, boundary: bool, start: int = 0) -> int:
    """First index of ``needle`` in ``hay`` at a word start (when ``boundary``), or -1."""
    if not needle:
        return -1
    need_boundary = boundary and needle[0].isalnum()
    i = hay.find(needle, start)
    while i >= 0:
        if not need_boundary or i == 0 or not hay[i - 1].isalnum():
            return i
        i = hay.find(needle, i + 1)
    return -1


def _text_matches(node: Text, scope: _Scope) -> bool:
    if node.kind == "regex":
        assert node.pattern is not None
        return node.pattern.search(scope.raw) is not None
    if node.case:
        return _find_word(scope.raw, node.value, scope.boundary) >= 0
    return _find_word(scope.folded, fold(node.value), scope.boundary) >= 0


@dataclass
class _Doc:
    path: str
    snapshot: MetaSnapshot
    load: Callable[[str], str]
    _content: _Scope | None = None
    _lines: list[str] | None = None
    _meta: NoteMeta | None = None

    @property
    def meta(self) -> NoteMeta:
        if self._meta is None:
            self._meta = self.snapshot.get(self.path) or NoteMeta()
        return self._meta

    @property
    def tag_keys(self) -> list[str]:
        return self.snapshot.tag_keys(self.path)

    @property
    def content(self) -> _Scope:
        if self._content is None:
            self._content = _Scope(self.load(self.path))
        return self._content

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.content.raw.split("\n")
        return self._lines

    def sections(self) -> Iterator[str]:
        lines = self.lines
        cuts = [h.line - 1 for h in self.meta.headings if 0 < h.line <= len(lines)]
        bounds = [0, *cuts, len(lines)]
        for a, b in pairwise(bounds):
            if b > a:
                yield "\n".join(lines[a:b])


def _evaluate(node: Node, doc: _Doc, scope: _Scope | None) -> bool:
    if isinstance(node, Text):
        return _text_matches(node, scope if scope is not None else doc.content)
    if isinstance(node, And):
        return all(_evaluate(c, doc, scope) for c in node.children)
    if isinstance(node, Or):
        return any(_evaluate(c, doc, scope) for c in node.children)
    if isinstance(node, Not):
        return not _evaluate(node.child, doc, scope)
    if isinstance(node, TagTerm):
        want = node.name.casefold()
        prefix = want + "/"
        return any(key == want or key.startswith(prefix) for key in doc.tag_keys)
    if isinstance(node, Prop):
        return _property_matches(node, doc)
    return _field_matches(node, doc)


def _field_matches(node: Field, doc: _Doc) -> bool:
    op, child = node.op, node.child
    if op == "file":
        return _evaluate(child, doc, _Scope(doc.path.rsplit("/", 1)[-1], boundary=False))
    if op == "path":
        return _evaluate(child, doc, _Scope(doc.path, boundary=False))
    if op == "content":
        return _evaluate(child, doc, doc.content)
    if op == "line":
        return any(_evaluate(child, doc, _Scope(line)) for line in doc.lines)
    if op == "section":
        return any(_evaluate(child, doc, _Scope(text)) for text in doc.sections())
    tasks = doc.meta.tasks
    if op == "task-todo":
        tasks = [t for t in tasks if t.state == " "]
    elif op == "task-done":
        tasks = [t for t in tasks if t.state != " "]
    return any(_evaluate(child, doc, _Scope(t.text)) for t in tasks)


def _property_matches(node: Prop, doc: _Doc) -> bool:
    wanted = node.name.casefold()
    for key, value in doc.meta.frontmatter.items():
        if key.casefold() != wanted:
            continue
        if node.value is None:
            return True
        values = value if isinstance(value, list) else [value]
        for item in values:
            text = (
                "" if item is None else str(item).lower() if isinstance(item, bool) else str(item)
            )
            if _evaluate(node.value, doc, _Scope(text, boundary=False)):
                return True
    return False


def _positive_terms(node: Node, out: list[Text], negated: bool = False) -> None:
    """Content terms worth highlighting (not under a ``-`` or a name/property operator)."""
    if isinstance(node, Text):
        if not negated:
            out.append(node)
    elif isinstance(node, (And, Or)):
        for child in node.children:
            _positive_terms(child, out, negated)
    elif isinstance(node, Not):
        _positive_terms(node.child, out, not negated)
    elif isinstance(node, Field) and node.op not in ("file", "path"):
        _positive_terms(node.child, out, negated)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


def _fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` plus, for non-ASCII text, the source index of every folded character."""
    if text.isascii():
        return text.lower(), None
    folded = fold(text)
    if len(folded) == len(text) and COMBINING_MARKS.search(text) is None:
        return folded, None  # every character folded to exactly one: offsets unchanged
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def _line_hit(raw: str, folded: str, terms: list[tuple[Text, str]]) -> bool:
    for term, needle in terms:
        if term.kind == "regex":
            assert term.pattern is not None
            if term.pattern.search(raw):
                return True
        elif _find_word(raw if term.case else folded, needle, True) >= 0:
            return True
    return False


def _line_ranges(line: str, terms: list[tuple[Text, str]]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    folded, index = _fold_with_map(line)
    for term, needle in terms:
        if term.kind == "regex":
            assert term.pattern is not None
            ranges.extend(m.span() for m in term.pattern.finditer(line) if m.end() > m.start())
            continue
        hay = line if term.case else folded
        mapping = None if term.case else index
        i = _find_word(hay, needle, True)
        while i >= 0:
            end = i + len(needle)
            if mapping is None:
                ranges.append((i, end))
            else:
                ranges.append((mapping[i], mapping[end - 1] + 1))
            i = _find_word(hay, needle, True, end)
    ranges.sort()
    return ranges


def _cost(node: Node) -> int:
    """0: decided by the index alone, 1: needs tasks, 2: needs the note's text."""
    if isinstance(node, (TagTerm, Prop)):
        return 0
    if isinstance(node, Field):
        if node.op in ("file", "path"):
            return 0
        return 1 if node.op.startswith("task") else 2
    if isinstance(node, Not):
        return _cost(node.child)
    if isinstance(node, (And, Or)):
        return max(_cost(c) for c in node.children)
    return 2


def _cheap_first(node: Node) -> Node:
    """Reorder AND terms so index-only tests run first and often spare loading the text."""
    if isinstance(node, And):
        children = sorted((_cheap_first(c) for c in node.children), key=_cost)
        return And(tuple(children))
    if isinstance(node, Or):
        return Or(tuple(_cheap_first(c) for c in node.children))
    if isinstance(node, Not):
        return Not(_cheap_first(node.child))
    return node


class _BatchLoader:
    """Loads note texts from the store a page at a time instead of one query per note."""

    PAGE = 64

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine
        self.pending: list[str] = []  # this page's candidates, in order
        self.texts: dict[str, str] = {}

    def load(self, path: str) -> str:
        text = self.texts.pop(path, None)
        if text is not None:
            return text
        store = self.engine.store
        if store is not None:
            try:
                start = self.pending.index(path)
            except ValueError:
                start = len(self.pending)
            # the rest of the page is likely needed too (unless the index already ruled it out)
            batch = [path, *self.pending[start + 1 :]]
            self.pending = []
            self.texts = store.contents(batch)
            text = self.texts.pop(path, None)
            if text is not None:
                return text
        return self.engine._load(path)


class SearchEngine:
    """Runs queries against a built ``VaultIndex`` and its ``IndexStore``."""

    def __init__(self, index: VaultIndex, store: IndexStore | None = None) -> None:
        self.index = index
        self.store = store
        # notes decoded from the cache by earlier searches (see MetaSnapshot)
        self._decoded: dict[str, tuple[str, NoteMeta | None]] = {}

    def _load(self, path: str) -> str:
        if self.store is not None:
            text = self.store.content(path)
            if text is not None:
                return text
        try:
            return self.index.vault.read_text(path)
        except (OSError, VaultError):  # vanished or unreadable since it was indexed
            return ""

    def _candidates(
        self, expression: str | None, metas: MetaSnapshot, limit: int
    ) -> Iterator[tuple[str, float]]:
        """Candidate notes, best first: FTS5 pages ranked by bm25, else every note."""
        if expression is None or self.store is None:
            for path in sorted(metas):
                yield path, 0.0
            return
        page = max(limit * 2, 50)
        offset = 0
        while True:
            try:
                rows = self.store.match(expression, page, offset)
            except sqlite3.Error as exc:
                raise QueryError(f"cannot run this search: {exc}") from None
            yield from rows
            if len(rows) < page or page < 0:
                return
            # BM25 ranks every match on each query: fetch the rest in one go, not in pages.
            offset += page
            page = -1

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """The best ``limit`` notes matching ``query``; raises QueryError when malformed."""
        node = _cheap_first(parse_query(query))
        metas = self.index.snapshot(self._decoded)  # the UI thread may apply events later
        expression = fts_expression(node) if self.store is not None else None
        terms: list[Text] = []
        _positive_terms(node, terms)
        hits: list[Hit] = []
        loader = _BatchLoader(self)
        candidates = self._candidates(expression, metas, limit)
        while len(hits) < limit:
            page = [c for c in islice(candidates, _BatchLoader.PAGE) if c[0] in metas]
            if not page:
                break
            loader.pending = [path for path, _ in page]
            for path, score in page:
                doc = _Doc(path, metas, loader.load)
                if not _evaluate(node, doc, None):
                    continue
                matches = self._line_matches(doc, terms) if terms else []
                ranked = score if expression is not None else float(len(matches))
                hits.append(Hit(path, ranked, matches))
                if len(hits) >= limit:
                    break
        if expression is None:
            hits.sort(key=lambda h: (-h.score, h.path))
        return hits

    def _line_matches(self, doc: _Doc, terms: list[Text]) -> list[LineMatch]:
        needles = [(t, t.value if t.case or t.kind == "regex" else fold(t.value)) for t in terms]
        raw_lines = doc.lines
        folded_lines = doc.content.folded.split("\n")
        if len(folded_lines) != len(raw_lines):  # folding never adds newlines; be safe anyway
            folded_lines = [fold(line) for line in raw_lines]
        out: list[LineMatch] = []
        for number, (line, folded) in enumerate(zip(raw_lines, folded_lines, strict=True), 1):
            if not line or not _line_hit(line, folded, needles):
                continue
            ranges = _line_ranges(line, needles)
            if not ranges:
                continue
            text, ranges = _trim(line, ranges)
            out.append(LineMatch(number, text, ranges))
            if len(out) >= _MAX_LINE_MATCHES:
                break
        return out


def _trim(line: str, ranges: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Cut a long line to a snippet around its first match, shifting the ranges."""
    if len(line) <= _SNIPPET:
        return line, ranges
    start = max(0, ranges[0][0] - _SNIPPET // 3)
    end = min(len(line), start + _SNIPPET)
    shifted = [(a - start, b - start) for a, b in ranges if a >= start and b <= end]
    return line[start:end], shifted
