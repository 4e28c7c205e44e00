"""The index's derived tables as one cached image, for a warm start that finds nothing changed.

At the end of a build the index writes its file listing, name table, link graph
and tag table to the store as an image (``IndexStore.put_image``). Any later
write to the cached notes drops it, so an image in the store always describes
the notes' rows as they are. The next build lists the vault; when the listing
(paths, sizes and modification times, in listing order) is the image's, it takes
every table from the image, with no parsing, resolving or counting. Otherwise
it builds as before and writes a new image.

The image is columnar: every string once, in one NUL-separated text (paths
first), and each table as arrays of machine integers (string numbers, list
lengths), so both writing and reading it run in C (``map``, ``array``,
slicing) with no Python work per note. The restored tables share one string
object per path. Like every cache row the image is not trusted: section sizes,
numbers and ranges are checked before use.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate, chain
from typing import Any, NamedTuple

from notedesk.core.index_graph import LinkGraph
from notedesk.core.index_tags import TagTable
from notedesk.core.links import NameTable

__all__ = ["IMAGE_VERSION", "Tables", "decode_image", "encode_image"]

IMAGE_VERSION = 4
_SECTIONS = 31


class Tables(NamedTuple):
    """What a warm start restores."""

    paths: list[str]  # every vault file, in listing order
    sizes: list[int]
    mtimes: list[int]
    notes: list[str]  # sorted
    names: NameTable
    graph: LinkGraph
    tags: TagTable


def _i(values: Iterable[int]) -> bytes:
    return array("I", values).tobytes()


def _q(values: Iterable[int]) -> bytes:
    return array("q", values).tobytes()


def _keyed(d: Mapping[str, Iterable[Any]], at: Any, path_at: Any) -> list[bytes]:
    """A str -> paths table: key numbers, list lengths, the paths' numbers end to end."""
    return [
        _i(map(at, d)),
        _i(map(len, d.values())),  # type: ignore[arg-type]
        _i(map(path_at, chain.from_iterable(d.values()))),
    ]


def _aligned(lists: Sequence[Sequence[Any]], at: Any) -> list[bytes]:
    return [_i(map(len, lists)), _i(map(at, chain.from_iterable(lists)))]


def _texts(lists: Sequence[Sequence[str]]) -> list[bytes | str]:
    """Lists of strings that are not paths: lengths, and the strings NUL-separated."""
    flat = list(chain.from_iterable(lists))
    text = "\0".join(flat)
    if text.count("\0") != max(len(flat) - 1, 0):
        raise ValueError("a string holds a NUL")
    return [_i(map(len, lists)), text]


def encode_image(parser: str, tables: Tables) -> list[bytes | str]:
    """The image's sections; raises KeyError if a table names a file not in ``paths``,
    ValueError if a string holds a NUL."""
    paths, notes = tables.paths, tables.notes
    graph, (tag_notes, display, tag_keys) = tables.graph, tables.tags.dump()
    names = tables.names
    resolved = list(map(graph.resolved.__getitem__, notes))
    link_names = list(map(graph.names.__getitem__, notes))
    keys_of = list(map(tag_keys.__getitem__, notes))
    others = dict.fromkeys(
        chain(
            names.by_key,
            names.by_name,
            graph.by_name,
            tag_notes,
            display.values(),
        )
    )
    for path in paths:
        others.pop(path, None)
    strings = [*paths, *others]
    n = len(paths)
    if len(dict.fromkeys(paths)) != n:
        raise ValueError("a path listed twice")
    text = "\0".join(strings)
    if text.count("\0") != len(strings) - 1:
        raise ValueError("a string holds a NUL")
    at = dict(zip(strings, range(len(strings)), strict=True)).__getitem__
    # Paths (most numbers looked up) in a table of their own, small enough to stay in cache.
    path_number: dict[str | None, int] = dict(zip(paths, range(n), strict=True))
    path_number[None] = n  # an unresolved link (a path's number is below n)
    path_at = path_number.__getitem__
    try:
        resolved_sections = _aligned(resolved, path_at)
        folders: list[str] = []
    except KeyError:  # links to folders ("docs/"): numbered after None, listed at the end
        folders = sorted({p for ps in resolved for p in ps if p is not None and p[-1:] == "/"})
        path_number.update(zip(folders, range(n + 1, n + 1 + len(folders)), strict=True))
        resolved_sections = _aligned(resolved, path_at)
    header = json.dumps([IMAGE_VERSION, parser, sys.byteorder, n, len(strings)])
    return [
        header,
        text,
        _q(tables.sizes),
        _q(tables.mtimes),
        _i(map(path_at, notes)),
        *_keyed(names.by_key, at, path_at),
        *_keyed(names.by_name, at, path_at),
        *resolved_sections,
        *_texts(link_names),
        *_keyed(graph.incoming, path_at, path_at),
        _i(map(path_at, graph.unresolved_sources)),
        *_keyed(graph.by_name, at, path_at),
        *_keyed(tag_notes, at, path_at),
        _i(chain.from_iterable(d.values() for d in tag_notes.values())),
        _i(map(at, display)),
        _i(map(at, display.values())),
        *_texts(keys_of),
        "\0".join(folders),
    ]


class _Bad(Exception):
    pass


def _ints(data: Any, code: str = "I") -> array[int]:
    """Unsigned: a position cannot be negative, and one past its table raises IndexError."""
    if not isinstance(data, bytes):
        raise _Bad
    values = array(code)
    values.frombytes(data)  # ValueError when not a whole number of items
    return values


def _split(values: list[Any], lens: array[int]) -> list[list[Any]]:
    """``values`` cut into consecutive lists of the given lengths."""
    if sum(lens) != len(values):
        raise _Bad
    ends = list(accumulate(lens))
    return list(map(values.__getitem__, map(slice, [0, *ends[:-1]], ends)))


def decode_image(sections: Sequence[Any] | None, parser: str) -> Tables | None:
    """The tables in an image's sections, or None when malformed, outdated or of another
    parser version or machine."""
    if sections is None or len(sections) != _SECTIONS or not isinstance(sections[1], str):
        return None
    try:
        head = json.loads(sections[0])
        if head[:3] != [IMAGE_VERSION, parser, sys.byteorder]:
            return None
        strings = sections[1].split("\0")
        n, count = head[3], len(strings)
        if type(n) is not int or not 0 <= n <= count or head[4] != count:
            return None
        return _decode(sections, strings, n)
    except (_Bad, ValueError, TypeError, IndexError, KeyError, RecursionError):
        return None


def _decode(sections: Sequence[Any], strings: list[str], n: int) -> Tables:
    paths = strings[:n]
    string, path = strings.__getitem__, paths.__getitem__
    ints = iter(sections[4:])

    def keyed(table: Any) -> tuple[list[str], list[list[str]]]:
        keys = list(map(string, _ints(next(ints))))
        lens = _ints(next(ints))
        values = _split(list(map(table, _ints(next(ints)))), lens)
        if len(keys) != len(values) or len(dict.fromkeys(keys)) != len(keys):
            raise _Bad
        return keys, values

    def aligned(table: Any = None) -> list[list[Any]]:
        lens = _ints(next(ints))
        if table is not None:
            flat = list(map(table, _ints(next(ints))))
        else:
            text = next(ints)
            if not isinstance(text, str):
                raise _Bad
            flat = text.split("\0") if text or sum(lens) else []
        values = _split(flat, lens)
        if len(values) != len(note_paths):
            raise _Bad
        return values

    sizes, mtimes = _ints(sections[2], "q").tolist(), _ints(sections[3], "q").tolist()
    note_paths = list(map(path, _ints(next(ints))))
    notes = set(note_paths)
    if len(sizes) != n or len(mtimes) != n or len(notes) != len(note_paths):
        raise _Bad
    names = NameTable()
    names.by_key = dict(zip(*keyed(path), strict=True))
    names.by_name = dict(zip(*keyed(path), strict=True))
    graph = LinkGraph()
    if not isinstance(sections[-1], str):
        raise _Bad
    folders = sections[-1].split("\0") if sections[-1] else []
    if not all(f[-1:] == "/" for f in folders):
        raise _Bad
    graph.resolved = dict(
        zip(note_paths, aligned([*paths, None, *folders].__getitem__), strict=True)
    )
    graph.names = dict(zip(note_paths, aligned(), strict=True))
    keys, sources = keyed(path)
    graph.incoming = dict(zip(keys, map(set, sources), strict=True))
    graph.unresolved_sources = set(map(path, _ints(next(ints))))
    keys, users = keyed(path)
    graph.by_name = dict(zip(keys, map(set, users), strict=True))
    keys, tagged = keyed(path)
    counts = _split(_ints(next(ints)).tolist(), array("I", map(len, tagged)))
    rows = zip(keys, tagged, counts, strict=True)
    tag_notes = {k: dict(zip(p, c, strict=True)) for k, p, c in rows}
    display = dict(zip(map(string, _ints(next(ints))), map(string, _ints(next(ints))), strict=True))
    tags = TagTable.restore(tag_notes, display, dict(zip(note_paths, aligned(), strict=True)))
    # Every source of a link, user of a name and tagged path is a note.
    if not (
        notes.issuperset(graph.unresolved_sources)
        and notes.issuperset(chain.from_iterable(sources))
        and notes.issuperset(chain.from_iterable(users))
        and notes.issuperset(chain.from_iterable(tagged))
    ):
        raise _Bad
    return Tables(paths, sizes, mtimes, note_paths, names, graph, tags)
