"""The cache's JSON columns: a note's metadata and the short lists beside it.

Compact JSON of plain lists: safe to load from a file anyone could have
tampered with (unlike pickle); every decoder raises ValueError or TypeError on
a malformed value.

Records (tags, links, headings... and lists of names) are encoded by orjson,
five times faster than json for a note's lists of NamedTuples: a cold index
encodes every note once. Frontmatter values stay with json, whose output for
them (``NaN``, integers of any size, non-string keys) the cache has always held.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from notedesk.core.note import BlockId, Heading, Link, NoteMeta, Problem, Tag, Task

__all__ = ["JSON", "decode_meta", "dumps", "encode_meta", "loads", "records"]

JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _as_list(value: Any) -> list[Any]:
    """orjson's hook for what it does not encode itself: a NamedTuple record is an array,
    as json writes it; anything else is refused (and json gets the whole value)."""
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value).__name__)


def dumps(value: Any) -> str:
    """``JSON(value)`` for records and lists of strings, integers and None: the same text
    (compact, not ASCII-escaped), made faster. Not for floats (orjson writes NaN as null)."""
    try:
        return orjson.dumps(value, default=_as_list).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate, an integer over 64 bits
        return JSON(value)


def encode_meta(meta: NoteMeta) -> str:
    head = JSON([meta.frontmatter, meta.frontmatter_error, meta.frontmatter_end_line])
    lists = [meta.aliases, meta.tags, meta.headings, meta.block_ids, meta.links, meta.tasks]
    lists.append(meta.problems)
    tail = dumps(lists)
    return f"{head[:-1]},{tail[1:]}"


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
