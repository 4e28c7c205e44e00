"""The vault's link graph: resolved targets per note, backlink counts, unresolved sources.

Kept apart from the notes' metadata so a warm start can rebuild it from cached
resolutions and link names without decoding every note.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from notedesk.core.note import NoteMeta


@lru_cache(maxsize=1 << 16)
def link_name_key(target: str) -> str:
    """The last path component of a link target, as NameTable.by_name keys it."""
    name = target.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].casefold()
    for suffix in (".md", ".markdown"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def link_names(meta: NoteMeta) -> list[str]:
    """The distinct name keys a note's links use: the files whose arrival may re-route them."""
    return sorted({link_name_key(link.target) for link in meta.links if link.target})


class LinkGraph:
    __slots__ = ("by_name", "incoming", "names", "resolved", "unresolved_sources")

    def __init__(self) -> None:
        self.resolved: dict[str, list[str | None]] = {}  # source -> path per meta.links entry
        self.incoming: dict[str, dict[str, int]] = {}  # target -> {source: link count}
        self.unresolved_sources: set[str] = set()
        self.names: dict[str, list[str]] = {}  # source -> link name keys
        self.by_name: dict[str, set[str]] = {}  # link name key -> sources

    def add(self, source: str, paths: list[str | None], names: Iterable[str]) -> None:
        self.resolved[source] = paths
        for path in paths:
            if path is None:
                self.unresolved_sources.add(source)
            elif path != source:
                bucket = self.incoming.setdefault(path, {})
                bucket[source] = bucket.get(source, 0) + 1
        keys = list(names)
        self.names[source] = keys
        for key in keys:
            self.by_name.setdefault(key, set()).add(source)

    def remove(self, source: str) -> None:
        for path in self.resolved.pop(source, ()):
            if path is None or path == source:
                continue
            bucket = self.incoming.get(path)
            if bucket is not None and source in bucket:
                bucket[source] -= 1
                if bucket[source] <= 0:
                    del bucket[source]
                if not bucket:
                    del self.incoming[path]
        self.unresolved_sources.discard(source)
        for key in self.names.pop(source, ()):
            bucket2 = self.by_name.get(key)
            if bucket2 is not None:
                bucket2.discard(source)
                if not bucket2:
                    del self.by_name[key]

    def sources_using(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for key in keys:
            found |= self.by_name.get(key, set())
        return found
