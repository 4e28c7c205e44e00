"""The cache's JSON columns: a note's metadata and the short lists beside it.

Compact JSON of plain lists: safe to load from a file anyone could have
tampered with (unlike pickle); every decoder raises ValueError or TypeError on
a malformed value.
"""

from __future__ import annotations

import json
from typing import Any

from notedesk.core.note import BlockId, Heading, Link, NoteMeta, Problem, Tag, Task

__all__ = ["JSON", "decode_meta", "encode_meta", "loads", "records"]

JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_meta(meta: NoteMeta) -> str:
    return JSON(
        [
            meta.frontmatter,
            meta.frontmatter_error,
            meta.frontmatter_end_line,
            meta.aliases,
            meta.tags,
            meta.headings,
            meta.block_ids,
            meta.links,
            meta.tasks,
            meta.problems,
        ]
    )


_new = tuple.__new__
_LIST = {list}
_STR = {str}
_TARGET_TYPES = {str, type(None)}
_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def loads(text: Any) -> Any:
    """``json.loads`` for the short JSON columns, without its per-call Python overhead."""
    if not isinstance(text, str):
        raise TypeError("JSON column is not text")
    try:
        value, end = _SCAN(text, 0)
    except StopIteration as exc:
        raise ValueError("malformed JSON") from exc
    if end != len(text):
        raise ValueError("trailing data after JSON")
    return value


def records(cls: type[Any], rows: Any) -> list[Any]:
    # tuple.__new__ builds a NamedTuple in C, ~10x cheaper than calling the class.
    if type(rows) is not list or not rows:
        if rows == []:
            return []
        raise ValueError(f"malformed {cls.__name__} records")
    # Checked with map() and sets, in C: every row a list with one value per field.
    if set(map(type, rows)) != _LIST or set(map(len, rows)) != {len(cls._fields)}:
        raise ValueError(f"malformed {cls.__name__} records")
    return [_new(cls, r) for r in rows]


def decode_meta(data: str) -> NoteMeta:
    """Rebuild NoteMeta from ``encode_meta`` output; raises ValueError/TypeError if malformed."""
    fm, fm_error, fm_end, aliases, tags, headings, blocks, links, tasks, problems = json.loads(data)
    if not isinstance(fm, dict) or not isinstance(aliases, list):
        raise ValueError("malformed note metadata")
    return NoteMeta(
        fm,
        None if fm_error is None else str(fm_error),
        int(fm_end),
        [str(a) for a in aliases],
        records(Tag, tags),
        records(Heading, headings),
        records(BlockId, blocks),
        records(Link, links),
        records(Task, tasks),
        records(Problem, problems),
    )
