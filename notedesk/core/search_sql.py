"""The search engine's queries on the index cache (notedesk.core.store): ranked matches and
a plain scan of the stored texts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notedesk.core.store import IndexStore

__all__ = ["containing", "iter_match"]


def iter_match(store: IndexStore, expression: str, chunk: int = 256) -> Iterator[tuple[str, float]]:
    """Paths matching an FTS5 expression, best first (score: higher is better), read a chunk
    at a time as the caller consumes them.

    Raises sqlite3.OperationalError for a malformed expression. Close the iterator
    when done early: an open read keeps its WAL snapshot.
    """
    cursor = store.conn.execute(
        "SELECT files.path, fts.rank FROM fts JOIN files ON files.id = fts.rowid "
        "WHERE fts MATCH ? ORDER BY fts.rank",
        (expression,),
    )
    try:
        while rows := cursor.fetchmany(chunk):
            for path, score in rows:
                yield str(path), -float(score)
    finally:
        cursor.close()


def containing(store: IndexStore, fragments: Sequence[str]) -> set[str]:
    """Paths of the notes whose text holds every fragment (ASCII letters in any case):
    one ``LIKE`` scan of the stored texts."""
    if not fragments:
        raise ValueError("containing() needs at least one fragment")
    where = " AND ".join(["fts.body LIKE ? ESCAPE '\\'"] * len(fragments))
    patterns = [
        "%" + f.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        for f in fragments
    ]
    rows = store.conn.execute(
        f"SELECT files.path FROM fts JOIN files ON files.id = fts.rowid WHERE {where}",
        patterns,
    )
    return {str(p) for (p,) in rows}
