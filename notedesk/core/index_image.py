"""The index's derived tables as one cached image, for a warm start that finds nothing changed.

At the end of a build the index writes its file listing, name table, link graph
and tag table to the store as one JSON document (``IndexStore.put_image``). Any
later write to the cached notes drops it, so an image in the store always
describes the notes' rows as they are. The next build lists the vault; when the
listing (paths, sizes and modification times, in listing order) is the image's,
it takes every table from the image, with no parsing, resolving or counting.
Otherwise it builds as before and writes a new image.

Paths are written once; everywhere else a file is its position in the listing,
so the image is small, encodes and decodes fast, and the restored tables share
one string object per path. Like every cache row the image is not trusted: its
shape, types and positions are checked before use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any, NamedTuple

from notedesk.core.index_graph import LinkGraph
from notedesk.core.index_tags import TagTable
from notedesk.core.links import NameTable

__all__ = ["IMAGE_VERSION", "Tables", "decode_image", "encode_image"]

IMAGE_VERSION = 1

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_STR: set[Any] = {str}
_INT: set[Any] = {int}
_LIST: set[Any] = {list}
_FIELDS = 16


class Tables(NamedTuple):
    """What a warm start restores."""

    paths: list[str]  # every vault file, in listing order
    sizes: list[int]
    mtimes: list[int]
    notes: list[str]  # sorted
    names: NameTable
    graph: LinkGraph
    tags: TagTable


def encode_image(parser: str, tables: Tables) -> str:
    """The image of ``tables``; raises KeyError if they name a file not in ``paths``."""
    paths = tables.paths
    pos: dict[str | None, int] = {p: i for i, p in enumerate(paths)}
    pos[None] = -1
    at = pos.__getitem__
    notes = tables.notes
    graph, tags = tables.graph, tables.tags
    tag_notes, tag_display, tag_keys = tags.dump()
    return _JSON(
        [
            IMAGE_VERSION,
            parser,
            paths,
            tables.sizes,
            tables.mtimes,
            list(map(at, notes)),
            _positions(tables.names.by_key, at),
            _positions(tables.names.by_name, at),
            [list(map(at, graph.resolved[n])) for n in notes],
            [graph.names[n] for n in notes],
            [[at(t), list(map(at, s))] for t, s in graph.incoming.items()],
            list(map(at, graph.unresolved_sources)),
            _positions(graph.by_name, at),
            {k: [list(map(at, d)), list(d.values())] for k, d in tag_notes.items()},
            tag_display,
            [tag_keys[n] for n in notes],
        ]
    )


def _positions(d: Mapping[str, Iterable[str]], at: Any) -> dict[str, list[int]]:
    return {k: list(map(at, v)) for k, v in d.items()}


def _only(types: set[Any], values: Iterable[Any]) -> bool:
    return types.issuperset(map(type, values))


def _lists(values: Any, inner: set[Any]) -> bool:
    return (
        type(values) is list and _only(_LIST, values) and _only(inner, chain.from_iterable(values))
    )


def _keyed(d: Any, inner: set[Any]) -> bool:
    return type(d) is dict and _only(_STR, d) and _lists(list(d.values()), inner)


def _in_range(values: Iterable[int], n: int, lowest: int = 0) -> bool:
    values = list(values)
    return not values or (min(values) >= lowest and max(values) < n)


def decode_image(data: Any, parser: str) -> Tables | None:
    """The tables in ``data``, or None when it is malformed, of another version or parser."""
    if not isinstance(data, str):
        return None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if type(value) is not list or len(value) != _FIELDS or value[:2] != [IMAGE_VERSION, parser]:
        return None
    (_v, _p, paths, sizes, mtimes, notes, by_key, by_name) = value[:8]
    (resolved, link_names, incoming, unresolved, users, tag_notes, display, tag_keys) = value[8:]
    try:
        n = len(paths)
        ix_lists = [notes, unresolved, *by_key.values(), *by_name.values(), *users.values()]
        tag_pairs = list(tag_notes.values())
        ok = (
            _lists([paths, sizes, mtimes], _INT | _STR)
            and _only(_STR, paths)
            and _only(_INT, chain(sizes, mtimes))
            and len(sizes) == len(mtimes) == n
            and _keyed(by_key, _INT)
            and _keyed(by_name, _INT)
            and _keyed(users, _INT)
            and _lists([notes, unresolved], _INT)
            and _lists(resolved, _INT)
            and _lists(link_names, _STR)
            and _lists(tag_keys, _STR)
            and len(resolved) == len(link_names) == len(tag_keys) == len(notes)
            and _lists(incoming, _INT | _LIST)
            and {2}.issuperset(map(len, incoming))
            and type(display) is dict
            and _only(_STR, chain(display, display.values()))
            and type(tag_notes) is dict
            and _only(_STR, tag_notes)
            and _lists(tag_pairs, _LIST)
            and {2}.issuperset(map(len, tag_pairs))
            and _only(_INT, chain.from_iterable(chain.from_iterable(tag_pairs)))
        )
        if not ok:
            return None
        targets = [t for t, _s in incoming]
        sources = [s for _t, s in incoming]
        if not (_only(_INT, targets) and _lists(sources, _INT)):
            return None
        # Every position a file; every note, source and tagged path one of the notes.
        note_set = set(notes)
        users_of = chain.from_iterable(chain(sources, users.values(), (ix for ix, _c in tag_pairs)))
        if not (
            _in_range(chain(chain.from_iterable(ix_lists), targets), n)
            and _in_range(chain.from_iterable(resolved), n, -1)
            and len(note_set) == len(notes)
            and note_set.issuperset(unresolved)
            and note_set.issuperset(users_of)
        ):
            return None
    except (AttributeError, TypeError, ValueError):
        return None
    at = paths.__getitem__
    target = [*paths, None].__getitem__  # -1: unresolved
    note_paths = list(map(at, notes))
    graph = LinkGraph()
    graph.resolved = dict(zip(note_paths, [list(map(target, r)) for r in resolved], strict=True))
    graph.names = dict(zip(note_paths, link_names, strict=True))
    graph.incoming = {at(t): set(map(at, s)) for t, s in incoming}
    graph.unresolved_sources = set(map(at, unresolved))
    graph.by_name = {k: set(map(at, v)) for k, v in users.items()}
    table = NameTable()
    table.by_key = {k: list(map(at, v)) for k, v in by_key.items()}
    table.by_name = {k: list(map(at, v)) for k, v in by_name.items()}
    tags = TagTable.restore(
        {k: dict(zip(map(at, ix), counts, strict=False)) for k, (ix, counts) in tag_notes.items()},
        display,
        dict(zip(note_paths, tag_keys, strict=True)),
    )
    return Tables(paths, sizes, mtimes, note_paths, table, graph, tags)
