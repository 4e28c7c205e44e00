"""Read and parse note files, one at a time or across a process pool for a cold index."""

from __future__ import annotations

import os
import re
import select
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import wait
from typing import Any, NamedTuple

from notedesk.core.atomic import decode_text
from notedesk.core.filekinds import looks_binary
from notedesk.core.note import NoteMeta, Problem, parse_note

# Below this many files a pool costs more (worker start, pickling) than it saves.
POOL_THRESHOLD = 3000
_CHUNK = 256
_IN_FLIGHT_PER_WORKER = 3  # chunks queued or being parsed per worker process


class ParsedFile(NamedTuple):
    path: str
    mtime_ns: int
    size: int
    meta: NoteMeta
    text: str  # decoded text for full-text search ("" when unreadable or binary)
    encoded: str | None = None  # the meta as the store keeps it, when already encoded


def read_and_parse(root: str, rel: str) -> ParsedFile:
    """Parse one note; unreadable, binary or mis-encoded files give a note with a problem."""
    full = os.path.join(root, *rel.split("/"))
    try:
        with open(full, "rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as exc:
        meta = NoteMeta(problems=[Problem(1, f"cannot read file: {exc.strerror or exc}")])
        return ParsedFile(rel, 0, -1, meta, "")
    if looks_binary(data):
        meta = NoteMeta(problems=[Problem(1, "binary file, not a text note")])
        return ParsedFile(rel, st.st_mtime_ns, st.st_size, meta, "")
    text, _fmt, lossless = decode_text(data)
    meta = parse_note(text)
    if not lossless:
        meta.problems.insert(0, Problem(1, "invalid UTF-8: shown with replacement characters"))
    return ParsedFile(rel, st.st_mtime_ns, st.st_size, meta, text)


class NoteRow(NamedTuple):
    """One parsed note as a cold build takes it: plain values only, so a worker process
    sends it back cheaply (a NoteMeta of named tuples pickles far slower) and the
    store writes it without encoding anything on the build's threads."""

    path: str
    mtime_ns: int
    size: int
    encoded: str  # the metadata as the store keeps it (store_codec.encode_meta)
    text: bytes  # UTF-8, for full-text search (b"" when unreadable or binary)
    tags: list[tuple[str, int, str]]  # the fields of each Tag, in meta.tags order
    tags_json: str  # the tags as the store keeps them
    targets: list[str]  # each link's target as written, in meta.links order
    markdown: list[int]  # positions in ``targets`` of Markdown links
    names: list[str]  # the link name keys (index_graph.link_names)
    compat: str  # words the word index would miss as written (``compat_words``)


_WORD = re.compile(r"[^\W_]+")


def compat_words(text: str) -> str:
    """The words of ``text`` that compatibility normalisation changes (``ofﬂine``,
    ``Ｆｕｌｌ``, ``H₂O``), as NFKC writes them, for the word index.

    Searching folds ``ﬂ`` to ``fl`` as it folds ``é`` to ``e``; FTS5 folds accents only,
    so these words are indexed a second time in their plain form.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return ""
    words = {w for w in _WORD.findall(text) if not unicodedata.is_normalized("NFKC", w)}
    return " ".join(sorted(unicodedata.normalize("NFKC", w) for w in words))


def note_row(parsed: ParsedFile) -> NoteRow:
    """``parsed`` as a NoteRow."""
    from notedesk.core.index_graph import link_names
    from notedesk.core.store_codec import dumps, encode_meta

    meta = parsed.meta
    links = meta.links
    return NoteRow(
        parsed.path,
        parsed.mtime_ns,
        parsed.size,
        parsed.encoded if parsed.encoded is not None else encode_meta(meta),
        parsed.text.encode("utf-8"),
        [tuple(tag) for tag in meta.tags],  # type: ignore[misc]
        dumps(meta.tags),
        [link.target for link in links],
        [i for i, link in enumerate(links) if link.kind == "markdown"],
        link_names(meta),
        compat_words(parsed.text),
    )


def _row_chunk(root: str, rels: Sequence[str]) -> list[NoteRow]:
    """Worker side of ``parse_rows``."""
    return [note_row(read_and_parse(root, rel)) for rel in rels]


def _pool(workers: int) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # "forkserver"/"spawn", not "fork": the GUI calls build() from a thread, and
    # forking a threaded process can deadlock.
    method = os.environ.get("ND_MP", "forkserver" if os.name == "posix" else "spawn")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # Workers fork from a server that has the parser imported already.
        context.set_forkserver_preload(
            [__name__, "notedesk.core.store_codec", "notedesk.core.index_graph"]
        )
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_exit_with,
        initargs=(os.getpid(),),
    )


def _exit_with(app_pid: int) -> None:
    """Worker side: end this process once the app is gone.

    A pool worker waits on its task queue, whose other end it holds itself, so
    an app that is killed or crashes mid-build would leave its workers (and,
    through them, the fork server) running for good.
    """
    if os.name != "posix":
        return

    def watch() -> None:
        pidfd_open = getattr(os, "pidfd_open", None)
        if pidfd_open is not None:
            try:
                fd = pidfd_open(app_pid)
            except OSError:
                os._exit(0)  # already gone
            select.select([fd], [], [])  # readable once the process has ended
            os._exit(0)
        while True:  # no pidfd (not Linux): poll
            time.sleep(0.5)
            try:
                os.kill(app_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass  # alive (or its pid reused by another user's process)

    threading.Thread(target=watch, name="exit-with-app", daemon=True).start()


class RowStream:
    """The rows of many notes for a cold build (``parse_rows``); iterate it once.

    A pool starts working as soon as the stream is made, so the caller can go on
    preparing while the first notes are parsed. Rows come in no particular
    order. At most a few chunks per worker are in the pool at a time, so parsed
    rows never pile up in memory ahead of the caller; while the next chunk is
    not back (the processes starting, or busy) the iterating thread parses the
    last chunk not yet given to the pool itself instead of waiting. ``close()``
    (or leaving a ``with`` block) stops the pool without waiting for chunks not
    started, so an error in the build does not wait for them.
    """

    def __init__(self, root: str, rels: Sequence[str], workers: int | None) -> None:
        if workers is None:
            workers = os.cpu_count() or 1
        self._root = root
        self._rels = rels
        self._pool: Any = None
        self._lock = threading.Lock()
        self._chunks: list[Sequence[str]] = []
        self._in_pool: deque[Any] = deque()
        self._limit = _IN_FLIGHT_PER_WORKER * workers
        self._starter: threading.Thread | None = None
        if workers > 1 and len(rels) >= POOL_THRESHOLD:
            # Reversed: the pool takes chunks from the end of the list, the caller from the start.
            self._chunks = [rels[i : i + _CHUNK] for i in range(0, len(rels), _CHUNK)][::-1]
            # Starting the processes blocks ~0.1-0.2 s (the fork server imports the
            # parser): on a thread of its own, while the caller prepares and parses.
            self._starter = threading.Thread(
                target=self._start, args=(workers,), name="parse-pool-start", daemon=True
            )
            self._starter.start()

    @property
    def pooled(self) -> bool:
        """Whether a pool takes part (enough notes and more than one worker)."""
        return self._starter is not None

    def _start(self, workers: int) -> None:
        try:
            pool = _pool(workers)
            for started in [pool.submit(os.getpid) for _ in range(workers)]:
                started.result()  # every process up, so submitting later never waits
        except Exception:  # no processes here (a sandbox, a frozen app gone wrong)
            return  # the iterating thread parses every chunk
        with self._lock:
            self._pool = pool
            self._fill()

    def _fill(self) -> None:
        """Top the pool up to its limit (with the lock held)."""
        while self._chunks and len(self._in_pool) < self._limit:
            self._in_pool.append(self._pool.submit(_row_chunk, self._root, self._chunks.pop()))

    def __iter__(self) -> Iterator[NoteRow]:
        root, starter = self._root, self._starter
        if starter is None:
            for rel in self._rels:
                yield note_row(read_and_parse(root, rel))
            return
        while True:
            here = None
            with self._lock:
                head = self._in_pool[0] if self._in_pool else None
                if head is not None and head.done():
                    self._in_pool.popleft()
                    self._fill()
                elif self._chunks:
                    here = self._chunks.pop(0)  # parsed here meanwhile
            if here is not None:
                yield from _row_chunk(root, here)
            elif head is None:
                if not starter.is_alive():
                    return  # everything parsed
                starter.join()
            elif head.done():
                yield from head.result()
            else:
                wait([head])

    def close(self) -> None:
        if self._starter is not None:
            self._starter.join()
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> RowStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_rows(root: str, rels: Sequence[str], workers: int | None = None) -> RowStream:
    """Parse many notes for a cold build, in a process pool when there are enough to pay
    (one process per core unless ``workers`` says otherwise)."""
    return RowStream(root, rels, workers)


def parse_files(root: str, rels: Sequence[str], workers: int | None = None) -> Iterator[ParsedFile]:
    """Parse many notes into full ParsedFiles (metadata decoded), pooled like ``parse_rows``."""
    from notedesk.core.store_codec import decode_meta

    with parse_rows(root, rels, workers) as rows:
        if not rows.pooled:  # in this process: no rows to encode and decode again
            for rel in rels:
                yield read_and_parse(root, rel)
            return
        for row in rows:
            text = row.text.decode("utf-8")
            yield ParsedFile(
                row.path, row.mtime_ns, row.size, decode_meta(row.encoded), text, row.encoded
            )
