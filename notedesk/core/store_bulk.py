"""Bulk writes to the index cache: many rows per statement, and a writer thread for builds.

``Packer`` turns a batch of rows into one ``INSERT ... SELECT`` whose rows SQLite
unpacks itself; ``BulkWriter`` runs ``IndexStore.put`` on a thread and
connection of its own while the build goes on parsing.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from notedesk.core.scan import NoteRow
from notedesk.core.store_codec import dumps as _JSON

if TYPE_CHECKING:
    from notedesk.core.store import IndexStore

__all__ = ["PUT_FILES", "PUT_FTS", "BulkWriter", "Packer"]

_Batch = tuple[list[NoteRow], list[list[str | None]]]
_WRITER_CACHE_KB = 8192


def _packed_insert(table: str, columns: str, kinds: str) -> str:
    """An INSERT of many rows in one statement (see ``Packer``); ``kinds``: one letter a
    column, ``i`` an integer kept in the JSON row, ``t`` text, ``n`` text or NULL."""
    field = "json_extract(value, '$[{}]')"
    exprs = []
    at = 0
    for kind in kinds:
        if kind == "i":
            exprs.append(field.format(at))
            at += 1
            continue
        text = f"CAST(substr(?2, {field.format(at)}, {field.format(at + 1)}) AS TEXT)"
        if kind == "n":
            text = f"CASE WHEN {field.format(at + 1)} < 0 THEN NULL ELSE {text} END"
        exprs.append(text)
        at += 2
    return f"INSERT {table}({columns}) SELECT {', '.join(exprs)} FROM json_each(?1)"


PUT_FILES = _packed_insert(
    "OR REPLACE INTO files", "id, mtime_ns, size, path, meta, tags, names, resolved", "iiittttn"
)
PUT_FTS = _packed_insert("INTO fts", "rowid, name, body, compat", "ittt")


class Packer:
    """Rows for one ``_packed_insert`` statement: integers and string offsets as a small JSON
    array per row, the strings themselves as slices of one UTF-8 blob.

    SQLite unpacks a whole batch in one step, without returning to Python (and
    taking the GIL) between rows, so a writer thread does not wait for the
    parsing thread row after row.
    """

    __slots__ = ("offset", "parts", "rows")

    def __init__(self) -> None:
        self.rows: list[list[int]] = []
        self.parts: list[bytes] = []
        self.offset = 1  # substr() counts from 1

    def add(self, ints: Sequence[int], texts: Sequence[str | bytes | None]) -> None:
        """One row: its integers, then its texts (``str``, or ``bytes`` already UTF-8)."""
        row = list(ints)
        for text in texts:
            if text is None:
                row += (0, -1)
                continue
            data = text if type(text) is bytes else text.encode("utf-8")  # type: ignore[union-attr]
            self.parts.append(data)
            row += (self.offset, len(data))
            self.offset += len(data)
        self.rows.append(row)

    def run(self, conn: sqlite3.Connection, statement: str) -> None:
        if self.rows:
            conn.execute(statement, (_JSON(self.rows), b"".join(self.parts)))


class BulkWriter:
    """Writes a build's parsed notes to the store from a thread of its own.

    SQLite releases the GIL while it works, and ``put`` hands it each batch as
    one statement per table, so the FTS5 indexing and row inserts of one batch
    run on a second core while the next batch is parsed. The writer has its own
    connection (with a small page cache) and commits once, in ``finish``.
    """

    def __init__(self, store: IndexStore) -> None:
        self._store = store
        # A few batches in flight at most: parsed text waiting to be written costs memory.
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=3)
        self._error: BaseException | None = None
        self._aborted = False
        self._conn: sqlite3.Connection | None = None
        self._thread = threading.Thread(target=self._run, name="index-writer", daemon=True)
        self._thread.start()

    def put(self, batch: list[NoteRow], resolved: list[list[str | None]]) -> None:
        """Store ``batch``; ``resolved``: each row's resolved link targets."""
        if batch:
            self._queue.put((batch, resolved))

    def _run(self) -> None:
        store = self._store
        try:
            self._conn = store.conn
            # Pages once written are not read again during a build: a small cache will do.
            store.conn.execute(f"PRAGMA cache_size=-{_WRITER_CACHE_KB}")
        except Exception as exc:  # re-raised by finish()
            self._error = exc
        while True:
            item = self._queue.get()
            if item is None:
                break
            # After a failure (or abort) keep draining so put() never blocks.
            if self._error is None and not self._aborted:
                try:
                    store.put_rows(*item)
                except BaseException as exc:  # re-raised by finish()
                    self._error = exc
        try:
            if self._error is None and not self._aborted:
                store.commit()
            else:
                store.conn.rollback()
        except Exception as exc:
            self._error = self._error or exc
        finally:
            store.close()  # this thread's connection

    def finish(self) -> None:
        """Wait until everything is written and committed; raises what writing raised."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        """Stop at once: batches not yet written are dropped, nothing is committed
        (the cache stays as it was before the build)."""
        self._aborted = True
        conn = self._conn
        if conn is not None:
            conn.interrupt()  # a batch being written stops (thread-safe)
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()
        self._queue.put(None)
        self._thread.join()
