"""Full-text search: query -> plan (FTS5 narrows and ranks candidates) -> verify -> hits.

Matching is case-insensitive and diacritics-insensitive unless ``match-case:``
is used (notedesk.core.search_eval). Candidates stream in rank order from one
FTS5 query and are read only as far as the requested number of hits needs;
each page of candidates is first checked against the index alone (tags,
properties, tasks, names), and only the survivors' texts are loaded, verified
and cut into matching lines (notedesk.core.snippets). A query asking for file
names or paths also lists the attachments it matches, with no lines
(notedesk.core.search_files).

Threading: ``SearchEngine.search`` may run in a worker thread. The store hands
each thread its own SQLite connection; the index is read through a snapshot, so
the UI thread may apply events meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from notedesk.core.query import Node, QueryError, parse_query
from notedesk.core.query_fts import fts_expression
from notedesk.core.search_doc import Doc
from notedesk.core.search_eval import Term, cheap_first, decide, evaluate, positive_terms
from notedesk.core.search_files import file_matches, wants_files
from notedesk.core.search_fragments import required_fragments
from notedesk.core.search_sql import containing, iter_match
from notedesk.core.snippets import (
    LazyLineMatches,
    LineMatch,
    Needle,
    count_lines,
    line_matches,
    needles,
)
from notedesk.core.userregex import RegexTooSlow
from notedesk.core.vault import VaultError

if TYPE_CHECKING:
    from notedesk.core.index import MetaSnapshot, VaultIndex
    from notedesk.core.note import NoteMeta
    from notedesk.core.store import IndexStore

__all__ = ["Hit", "LineMatch", "QueryError", "SearchCancelled", "SearchEngine", "Total"]

_MAX_PAGE = 512  # candidates verified per batch of text loads, at most
EAGER_SNIPPETS = 25  # hits whose lines are cut and highlighted here (a panel shows these)
_POLL_STEPS = 20_000  # SQLite steps between two calls of ``cancelled`` while ranking
_SCAN_AFTER = 256  # a next page this large: narrow a /regex/ by scanning the texts instead
_COUNT_PAGE = 128  # candidates whose texts are loaded at once while counting


class SearchCancelled(Exception):
    """The caller's ``cancelled()`` said the results are no longer wanted."""


class Hit(NamedTuple):
    path: str
    score: float
    matches: Sequence[LineMatch]  # after the first EAGER_SNIPPETS hits: built when first read


class Total(NamedTuple):
    """Everything a query matches: notes (and files), and their matching lines (None when
    counting them is not cheap: a /regex/ term)."""

    notes: int
    lines: int | None


class _Plan(NamedTuple):
    node: Node
    expression: str | None  # FTS5 MATCH expression selecting a superset, or None: every note
    needles: list[Needle]  # terms to highlight in the matching lines
    fragments: list[str]  # text every matching note holds (from /regex/es), for a scan
    files: bool  # attachments may match (a file: or path: term)


@lru_cache(maxsize=128)
def _plan(query: str) -> _Plan:
    """Parsed and planned once per query text (typing repeats the same prefixes)."""
    node = cheap_first(parse_query(query))
    terms: list[Term] = []
    positive_terms(node, terms)
    fragments = required_fragments(node)
    return _Plan(node, fts_expression(node), needles(terms), fragments, wants_files(node))


class _Candidate(NamedTuple):
    doc: Doc
    score: float
    known: bool  # the index alone said it matches
    attachment: bool = False  # not a note: matched by its name or path, no text


class SearchEngine:
    """Runs queries against a built ``VaultIndex`` and its ``IndexStore``."""

    def __init__(
        self,
        index: VaultIndex,
        store: IndexStore | None = None,
        excluded: Callable[[str], bool] | None = None,
    ) -> None:
        self.index = index
        self.store = store
        # Obsidian's "Excluded files" (notedesk.core.appsettings): never a hit
        self.excluded = excluded
        # notes decoded from the cache by earlier searches (see MetaSnapshot)
        self._decoded: dict[str, tuple[str, NoteMeta | None]] = {}
        # what the last search did, for benchmarks: candidates seen, texts loaded
        self.last_stats: dict[str, int] = {}

    def search(
        self,
        query: str,
        limit: int = 50,
        cancelled: Callable[[], bool] | None = None,
        partial: Callable[[list[Hit]], None] | None = None,
    ) -> list[Hit]:
        """The best ``limit`` notes matching ``query``; raises QueryError when malformed.

        ``cancelled`` is polled while ranking and between pages (from this thread):
        when it returns True the search stops with SearchCancelled. ``partial`` is
        given the hits found so far, in order, after each page but the last (a long
        search can show its first results early).
        """
        plan = _plan(query)
        metas = self.index.snapshot(self._decoded)  # the UI thread may apply events later
        expression = plan.expression if self.store is not None else None
        with self._polling(query, cancelled):
            return self._search(query, plan, metas, expression, limit, cancelled, partial)

    @contextmanager
    def _polling(self, query: str, cancelled: Callable[[], bool] | None) -> Iterator[None]:
        """SQLite polls ``cancelled`` while it ranks or scans (that takes a while); its
        errors and a regex out of time become the query's errors."""
        conn = self.store.conn if self.store is not None and cancelled is not None else None
        if conn is not None and cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, _POLL_STEPS)
        try:
            yield
        except sqlite3.Error as exc:
            if cancelled is not None and cancelled():  # interrupted by the progress handler
                raise SearchCancelled(query) from None
            raise QueryError(f"cannot run this search: {exc}") from None
        except RegexTooSlow as exc:
            raise QueryError(str(exc)) from None
        finally:
            if conn is not None:
                conn.set_progress_handler(None, 0)

    def _search(
        self,
        query: str,
        plan: _Plan,
        metas: MetaSnapshot,
        expression: str | None,
        limit: int,
        cancelled: Callable[[], bool] | None,
        partial: Callable[[list[Hit]], None] | None = None,
    ) -> list[Hit]:
        stats = {"candidates": 0, "verified": 0, "texts": 0}
        hits: list[Hit] = []
        size = limit + 8
        stream: Generator[tuple[str, float]] | None = None
        # a query with words needs a note's text (expression): no attachment can match it
        files = self._attachments() if plan.files and expression is None else set()
        try:
            stream = self._candidates(expression, metas, files)
            while len(hits) < limit:
                if cancelled is not None and cancelled():
                    raise SearchCancelled(query)
                page = self._page(stream, plan, metas, files, size, stats)
                if not page:
                    break
                texts = [c for c in page if not (c.known and not plan.needles)]
                self._load([c.doc for c in texts if not c.attachment], stats)
                for candidate in page:
                    stats["verified"] += 1
                    doc = candidate.doc
                    if not candidate.known and not evaluate(plan.node, doc):
                        continue
                    matches: Sequence[LineMatch] = []
                    if candidate.attachment:
                        pass
                    elif plan.needles and len(hits) < EAGER_SNIPPETS:
                        matches = line_matches(doc, plan.needles)
                    elif plan.needles:
                        matches = LazyLineMatches(doc, plan.needles)
                    score = candidate.score if expression is not None else float(len(matches))
                    hits.append(Hit(doc.path, score, matches))
                    if len(hits) >= limit:
                        break
                if partial is not None and hits and len(hits) < limit:
                    partial(hits[:] if expression is not None else _by_score(hits))
                size = _next_page(limit - len(hits), len(hits), stats["verified"])
                if expression is None and plan.fragments and size >= _SCAN_AFTER:
                    stream = self._narrow(stream, plan.fragments)
                    plan = plan._replace(fragments=[])
        finally:
            if stream is not None:
                stream.close()
        self.last_stats = stats
        return hits if expression is not None else _by_score(hits)

    def count(self, query: str, cancelled: Callable[[], bool] | None = None) -> Total:
        """How many notes (and files) match ``query`` and how many lines they hold, however
        many: every candidate verified, none kept. Slower than a page of hits, so a panel
        asks once the first page is shown; ``cancelled`` as for ``search``."""
        plan = _plan(query)
        metas = self.index.snapshot(self._decoded)
        expression = plan.expression if self.store is not None else None
        with self._polling(query, cancelled):
            return self._count(query, plan, metas, expression, cancelled)

    def _count(
        self,
        query: str,
        plan: _Plan,
        metas: MetaSnapshot,
        expression: str | None,
        cancelled: Callable[[], bool] | None,
    ) -> Total:
        stats = {"candidates": 0, "verified": 0, "texts": 0}
        notes = 0
        lines: int | None = 0
        stream: Generator[tuple[str, float]] | None = None
        files = self._attachments() if plan.files and expression is None else set()
        try:
            stream = self._candidates(expression, metas, files)
            if expression is None and plan.fragments:  # every note will be looked at
                stream = self._narrow(stream, plan.fragments)
            while page := self._page(stream, plan, metas, files, _COUNT_PAGE, stats):
                if cancelled is not None and cancelled():
                    raise SearchCancelled(query)
                texts = [c for c in page if not (c.known and not plan.needles)]
                self._load([c.doc for c in texts if not c.attachment], stats)
                for candidate in page:
                    if cancelled is not None and cancelled():  # a newer query waits for this
                        raise SearchCancelled(query)
                    stats["verified"] += 1
                    if not candidate.known and not evaluate(plan.node, candidate.doc):
                        continue
                    notes += 1
                    if lines is not None and plan.needles and not candidate.attachment:
                        found = count_lines(candidate.doc, plan.needles)
                        lines = None if found is None else lines + found
        finally:
            if stream is not None:
                stream.close()
        self.last_stats = stats
        return Total(notes, lines)

    def _page(
        self,
        stream: Iterator[tuple[str, float]],
        plan: _Plan,
        metas: MetaSnapshot,
        files: set[str],
        size: int,
        stats: dict[str, int],
    ) -> list[_Candidate]:
        """The next ``size`` candidates the index alone does not rule out."""
        page: list[_Candidate] = []
        node = plan.node
        excluded = self.excluded
        for path, score in stream:
            stats["candidates"] += 1
            if excluded is not None and excluded(path):
                continue
            if path not in metas:  # an attachment, or a note deleted since the store was written
                if path in files and file_matches(node, path):
                    page.append(_Candidate(Doc(path, metas), score, True, True))
                    if len(page) >= size:
                        break
                continue
            doc = Doc(path, metas)
            verdict = decide(node, doc)
            if verdict is False:
                continue
            page.append(_Candidate(doc, score, verdict is True))
            if len(page) >= size:
                break
        return page

    def _candidates(
        self, expression: str | None, metas: MetaSnapshot, files: set[str]
    ) -> Generator[tuple[str, float]]:
        """Candidate notes, best first: FTS5 matches ranked by bm25, else every note (and
        the ``files`` that are not notes)."""
        if expression is None or self.store is None:
            paths = [*metas, *files] if files else list(metas)
            paths.sort()
            return ((path, 0.0) for path in paths)
        stream = iter_match(self.store, expression)
        first = next(stream, None)  # runs the query: a malformed one fails here
        return _chain(first, stream)

    def _narrow(
        self, stream: Generator[tuple[str, float]], fragments: list[str]
    ) -> Generator[tuple[str, float]]:
        """Few hits so far: one scan of the stored texts for the fragments every match
        holds (notedesk.core.search_fragments) beats loading all the remaining notes."""
        if self.store is None:
            return stream
        return _only(stream, containing(self.store, fragments[:3]))

    def _attachments(self) -> set[str]:
        """The vault's files that are not notes (read while the UI thread may change them)."""
        for _attempt in range(3):
            try:
                return set(self.index.attachments())
            except RuntimeError:  # the files changed while they were listed: once more
                continue
        return set()

    def _load(self, docs: list[Doc], stats: dict[str, int]) -> None:
        """Give each doc its text: from the store in one query, else from the file."""
        if not docs:
            return
        stats["texts"] += len(docs)
        texts = self.store.contents([d.path for d in docs]) if self.store is not None else {}
        for doc in docs:
            text = texts.get(doc.path)
            doc.set_text(text if text is not None else self._read(doc.path))

    def _read(self, path: str) -> str:
        try:
            return self.index.vault.read_text(path)
        except (OSError, VaultError):  # vanished or unreadable since it was indexed
            return ""


def _by_score(hits: list[Hit]) -> list[Hit]:
    """Hits not ranked by the index: the notes with the most matching lines first."""
    return sorted(hits, key=lambda h: (-h.score, h.path))


def _next_page(wanted: int, hits: int, verified: int) -> int:
    """How many candidates to verify next for ``wanted`` more hits, at the rate seen so far."""
    rate = max(hits / verified, 0.05) if verified else 0.5
    return min(int(wanted / rate) + 8, _MAX_PAGE)


def _only(stream: Generator[tuple[str, float]], allowed: set[str]) -> Generator[tuple[str, float]]:
    try:
        for item in stream:
            if item[0] in allowed:
                yield item
    finally:
        stream.close()


def _chain(
    first: tuple[str, float] | None, rest: Iterator[tuple[str, float]]
) -> Generator[tuple[str, float]]:
    try:
        if first is None:
            return
        yield first
        yield from rest
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()
