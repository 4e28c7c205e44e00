"""Persistent index cache: SQLite in the per-user cache dir, one database per vault.

Holds each note's mtime_ns/size and parsed ``NoteMeta`` (compact JSON of plain
lists: safe to load from a file anyone could have tampered with, unlike
pickle) plus its text in an FTS5 table for search. The cache is never trusted:
a corrupt database, an unknown schema version or an undecodable row is
discarded and rebuilt from the files.

Each thread gets its own connection (WAL mode), so a search worker can read
while the UI thread applies file events.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from notedesk.core.note import Tag
from notedesk.core.scan import NoteRow, ParsedFile, note_row
from notedesk.core.store_bulk import PUT_FILES, PUT_FTS, BulkWriter, Packer
from notedesk.core.store_codec import decode_meta, encode_meta
from notedesk.core.store_codec import dumps as _JSON
from notedesk.core.store_codec import loads as _loads
from notedesk.core.store_codec import records as _records

__all__ = ["CachedNote", "IndexStore", "StoreError", "decode_meta", "encode_meta"]

SCHEMA_VERSION = 7
CACHE_ENV = "NOTEDESK_CACHE_DIR"
FTS_TOKENIZER = "unicode61 remove_diacritics 2"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    meta TEXT NOT NULL,
    tags TEXT NOT NULL,
    names TEXT NOT NULL,
    resolved TEXT
);
CREATE TABLE IF NOT EXISTS image(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(name, body, compat, tokenize='{FTS_TOKENIZER}');
"""


_STR = {str}
_TARGET_TYPES = {str, type(None)}


class StoreError(Exception):
    """The cache cannot be used at all (e.g. the cache folder is not writable)."""


class CachedNote(NamedTuple):
    """A cached note; ``meta`` stays JSON text until the index needs it (``decode_meta``)."""

    mtime_ns: int
    size: int
    meta: str
    tags: list[Tag]
    names: list[str]  # link name keys (index_graph.link_names)
    resolved: list[str | None] | None  # link targets as resolved when the cache was written


def default_cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("notedesk"))


class IndexStore:
    """The cache database of one vault."""

    def __init__(
        self, vault_root: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None
    ):
        real = os.path.realpath(os.fspath(vault_root))
        self.vault_key = real
        folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]
        self.path = folder / f"vault-{digest}.sqlite3"
        self._local = threading.local()
        self._lock = threading.Lock()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the cache folder {folder}: {exc.strerror}") from exc
        with self._lock:
            self._open_checked()

    # -- connections ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # A cache: losing the last transaction on power loss is fine, fsync is not.
        conn.execute("PRAGMA synchronous=OFF")
        # Bulk writes of a cold index: fewer WAL checkpoints and a larger page cache.
        conn.execute("PRAGMA wal_autocheckpoint=20000")
        conn.execute("PRAGMA cache_size=-32768")
        return conn

    def _open_checked(self) -> None:
        """Open the database, discarding it when corrupt or from another schema version."""
        for attempt in range(2):
            try:
                conn = self._connect()
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA_VERSION):
                    raise sqlite3.DatabaseError(f"schema version {version}")
                conn.executescript(_SCHEMA)
                row = conn.execute("SELECT value FROM info WHERE key='vault'").fetchone()
                if row is not None and row[0] != self.vault_key:
                    raise sqlite3.DatabaseError("cache of another vault")
                if version == 0:
                    # file names weigh 8x body text in bm25 ranking ("rank" column)
                    conn.execute("INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(8.0, 1.0, 1.0)')")
                    # Segments merge 8 at a time, not 4: a cold build of a large vault
                    # rewrites its full-text index fewer times (50k notes: ~20% less CPU).
                    conn.execute("INSERT INTO fts(fts, rank) VALUES('automerge', 8)")
                    conn.execute(
                        "INSERT OR REPLACE INTO info(key, value) VALUES('vault', ?)",
                        (self.vault_key,),
                    )
                    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                    conn.commit()
                self._local.conn = conn
                return
            except sqlite3.DatabaseError as exc:
                if attempt:
                    raise StoreError(f"cannot use the index cache {self.path}: {exc}") from exc
                if not self._writable():  # not broken, just not ours to write: keep it
                    raise StoreError(
                        f"cannot write the index cache {self.path} (permission denied)"
                    ) from exc
                self._discard()

    def clear(self) -> None:
        """Start again from an empty cache (``notedesk index --rebuild``)."""
        with self._lock:
            if not self._writable():
                raise StoreError(f"cannot write the index cache {self.path} (permission denied)")
            self._discard()
            self._open_checked()

    def _writable(self) -> bool:
        """Whether this process may write the cache file and its folder."""
        folder_ok = os.access(self.path.parent, os.W_OK | os.X_OK)
        return folder_ok and (not self.path.exists() or os.access(self.path, os.W_OK))

    def _discard(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise StoreError(f"cannot remove the broken cache {self.path}: {exc}") from exc

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- metadata ------------------------------------------------------------

    def load(self) -> dict[str, CachedNote]:
        """Every cached note; rows that fail to decode are left out (re-parsed)."""
        try:
            rows = self.conn.execute(
                "SELECT path, mtime_ns, size, meta, tags, names, resolved FROM files"
            ).fetchall()
        except sqlite3.DatabaseError:
            with self._lock:
                self._discard()
                self._open_checked()
            return {}
        out: dict[str, CachedNote] = {}
        loads = _loads
        for path, mtime_ns, size, meta, tags, names, resolved in rows:
            try:
                tag_list = _records(Tag, loads(tags))
                name_list = loads(names)
                if not isinstance(meta, str) or not isinstance(name_list, list):
                    continue
                targets = None if resolved is None else loads(resolved)
                if targets is not None and (
                    type(targets) is not list or not _TARGET_TYPES.issuperset(map(type, targets))
                ):
                    targets = None
                names_ok = (
                    name_list
                    if _STR.issuperset(map(type, name_list))
                    else [str(n) for n in name_list]
                )
                out[path] = CachedNote(int(mtime_ns), int(size), meta, tag_list, names_ok, targets)
            except (ValueError, TypeError, RecursionError):  # RecursionError: "[[[[..." JSON
                continue
        return out

    def get_info(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM info WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_info(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO info(key, value) VALUES(?, ?)", (key, value))

    def get_image(self) -> list[Any] | None:
        """The index image's sections (index_image.py), if one was written since the
        notes' rows last changed."""
        try:
            rows = self.conn.execute("SELECT data FROM image ORDER BY id").fetchall()
        except sqlite3.DatabaseError:
            return None
        return [row[0] for row in rows] or None

    def put_image(self, sections: Sequence[bytes | str]) -> None:
        self.drop_image()
        self.conn.executemany("INSERT INTO image(id, data) VALUES(?, ?)", enumerate(sections))

    def drop_image(self) -> None:
        """Every write to the notes' rows drops the image: it no longer describes them."""
        self.conn.execute("DELETE FROM image")

    def load_texts(self) -> dict[str, str] | None:
        """Every cached note's metadata JSON by path, or None when unreadable."""
        try:
            return dict(self.conn.execute("SELECT path, meta FROM files WHERE typeof(meta)='text'"))
        except sqlite3.DatabaseError:
            return None

    def meta_text(self, path: str) -> str | None:
        """One cached note's metadata JSON."""
        try:
            row = self.conn.execute("SELECT meta FROM files WHERE path=?", (path,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row is not None and isinstance(row[0], str) else None

    def put_resolved(self, rows: Iterable[tuple[str, list[str | None]]]) -> None:
        """Remember each note's resolved link targets (valid for one set of file names)."""
        self.drop_image()
        self.conn.executemany(
            "UPDATE files SET resolved=? WHERE path=?",
            ((_JSON(targets), path) for path, targets in rows),
        )

    def put(
        self,
        batch: Iterable[ParsedFile],
        resolved: Mapping[str, list[str | None]] | None = None,
    ) -> None:
        """Insert or replace parsed notes (metadata and full text), a few statements per batch.

        ``resolved`` gives notes' link targets as resolved against the current file
        names (see ``put_resolved``); notes without an entry get them next open.
        """
        items = list(batch)
        got = resolved if resolved is not None else {}
        self.put_rows([note_row(p) for p in items], [got.get(p.path) for p in items])

    def put_rows(
        self, rows: Sequence[NoteRow], resolved: Sequence[list[str | None] | None]
    ) -> None:
        """``put`` for rows as a build makes them, each with its resolved link targets
        (None: resolved next open)."""
        if not rows:
            return
        conn = self.conn
        self.drop_image()
        existing: dict[str, int] = {}
        paths = [row.path for row in rows]
        for i in range(0, len(paths), 500):
            chunk = paths[i : i + 500]
            marks = ",".join("?" * len(chunk))
            existing.update(
                conn.execute(f"SELECT path, id FROM files WHERE path IN ({marks})", chunk)
            )
        next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM files").fetchone()[0]) + 1
        files = Packer()
        texts = Packer()
        nul_rows: list[tuple[int, str, str, str]] = []
        stale = []
        for row, targets in zip(rows, resolved, strict=True):
            rowid = existing.get(row.path)
            if rowid is None:
                rowid = next_id
                next_id += 1
            else:
                stale.append((rowid,))
            files.add(
                (rowid, row.mtime_ns, row.size),
                (
                    row.path,
                    row.encoded,
                    row.tags_json,
                    _JSON(row.names),
                    None if targets is None else _JSON(targets),
                ),
            )
            name = row.path.rsplit("/", 1)[-1]
            name = name[: name.rfind(".")] if "." in name else name
            if b"\x00" in row.text:  # SQLite's text functions may stop at a NUL
                nul_rows.append((rowid, name, row.text.decode("utf-8"), row.compat))
            else:
                texts.add((rowid,), (name, row.text, row.compat))
        if stale:
            conn.executemany("DELETE FROM fts WHERE rowid=?", stale)
        files.run(conn, PUT_FILES)
        texts.run(conn, PUT_FTS)
        if nul_rows:
            conn.executemany("INSERT INTO fts(rowid, name, body, compat) VALUES(?,?,?,?)", nul_rows)

    def bulk_writer(self) -> BulkWriter:
        """A writer thread for a build's batches (see BulkWriter)."""
        return BulkWriter(self)

    def delete(self, paths: Iterable[str]) -> None:
        conn = self.conn
        self.drop_image()
        for path in paths:
            row = conn.execute("SELECT id FROM files WHERE path=?", (path,)).fetchone()
            if row is not None:
                conn.execute("DELETE FROM files WHERE id=?", (row[0],))
                conn.execute("DELETE FROM fts WHERE rowid=?", (row[0],))

    def commit(self) -> None:
        self.conn.commit()

    # -- full text -----------------------------------------------------------

    def content(self, path: str) -> str | None:
        row = self.conn.execute(
            "SELECT fts.body FROM files JOIN fts ON fts.rowid = files.id WHERE files.path=?",
            (path,),
        ).fetchone()
        return None if row is None else str(row[0])

    def contents(self, paths: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        conn = self.conn
        for i in range(0, len(paths), 500):
            chunk = list(paths[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT files.path, fts.body FROM files JOIN fts ON fts.rowid = files.id "
                f"WHERE files.path IN ({marks})",
                chunk,
            )
            out.update((str(p), str(b)) for p, b in rows)
        return out

    def match(self, expression: str, limit: int = -1, offset: int = 0) -> list[tuple[str, float]]:
        """Paths matching an FTS5 expression, best first (score: higher is better).

        Raises sqlite3.OperationalError for a malformed expression; the caller
        builds expressions itself and turns that into a QueryError.
        """
        rows = self.conn.execute(
            "SELECT files.path, fts.rank FROM fts JOIN files ON files.id = fts.rowid "
            "WHERE fts MATCH ? ORDER BY fts.rank LIMIT ? OFFSET ?",
            (expression, limit, offset),
        ).fetchall()
        return [(str(p), -float(s)) for p, s in rows]

    def paths_matching(self, expression: str) -> set[str]:
        """Every path matching an FTS5 expression, unranked (cheaper than ``match``)."""
        rows = self.conn.execute(
            "SELECT files.path FROM fts JOIN files ON files.id = fts.rowid WHERE fts MATCH ?",
            (expression,),
        ).fetchall()
        return {str(p) for (p,) in rows}

    def stats(self) -> dict[str, Any]:
        count = self.conn.execute("SELECT count(*) FROM files").fetchone()[0]
        return {"path": str(self.path), "notes": int(count), "schema": SCHEMA_VERSION}
