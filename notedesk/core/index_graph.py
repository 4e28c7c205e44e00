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
        self.incoming: dict[str, set[str]] = {}  # target -> notes linking to it
        self.unresolved_sources: set[str] = set()
        self.names: dict[str, list[str]] = {}  # source -> link name keys
        self.by_name: dict[str, set[str]] = {}  # link name key -> sources

    def add(self, source: str, paths: list[str | None], names: list[str]) -> None:
        self.resolved[source] = paths
        incoming = self.incoming
        for path in set(paths):
            if path is None:
                self.unresolved_sources.add(source)
            elif path != source and path[-1] != "/":  # a folder (links.folder_path): no backlinks
                bucket = incoming.get(path)
                if bucket is None:
                    incoming[path] = {source}
                else:
                    bucket.add(source)
        self.names[source] = names
        by_name = self.by_name
        for key in names:
            users = by_name.get(key)
            if users is None:
                by_name[key] = {source}
            else:
                users.add(source)

    def remove(self, source: str) -> None:
        for path in set(self.resolved.pop(source, ())):
            if path is None or path == source:
                continue
            bucket = self.incoming.get(path)
            if bucket is not None:
                bucket.discard(source)
                if not bucket:
                    del self.incoming[path]
        self.unresolved_sources.discard(source)
        for key in self.names.pop(source, ()):
            users = self.by_name.get(key)
            if users is not None:
                users.discard(source)
                if not users:
                    del self.by_name[key]

    def sources_using(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for key in keys:
            found |= self.by_name.get(key, set())
        return found
