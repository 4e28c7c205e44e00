"""Tags across the vault: case-insensitive, first-seen casing shown, nested roll-up counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from notedesk.core.note import Tag


@dataclass(slots=True)
class TagNode:
    """One level of the tag tree; ``count`` is the number of notes at or below it."""

    name: str  # this segment, display casing ("to-read")
    full: str  # the whole tag, display casing ("inbox/to-read")
    count: int
    own: int  # notes carrying exactly this tag
    children: list[TagNode] = field(default_factory=list)


class TagTable:
    __slots__ = ("_by_path", "_display", "_notes")

    def __init__(self) -> None:
        self._notes: dict[str, dict[str, int]] = {}  # tag key -> {note: occurrences}
        self._display: dict[str, str] = {}
        self._by_path: dict[str, list[str]] = {}  # note -> its tag keys (with repeats)

    def add(self, path: str, tags: Sequence[Tag]) -> None:
        keys = list(self._by_path.get(path, ()))  # a new list: snapshots keep the old one
        self._by_path[path] = keys
        for tag in tags:
            key = tag.name.casefold()
            keys.append(key)
            self._display.setdefault(key, tag.name)
            bucket = self._notes.setdefault(key, {})
            bucket[path] = bucket.get(path, 0) + 1

    def remove(self, path: str) -> None:
        for key in self._by_path.pop(path, ()):
            bucket = self._notes.get(key)
            if bucket is None or path not in bucket:
                continue
            bucket[path] -= 1
            if bucket[path] <= 0:
                del bucket[path]
            if not bucket:
                del self._notes[key]
                self._display.pop(key, None)

    def dump(self) -> tuple[dict[str, dict[str, int]], dict[str, str], dict[str, list[str]]]:
        """The table's state (shared, not copied) for index_image."""
        return self._notes, self._display, self._by_path

    @classmethod
    def restore(
        cls,
        notes: dict[str, dict[str, int]],
        display: dict[str, str],
        by_path: dict[str, list[str]],
    ) -> TagTable:
        table = cls()
        table._notes, table._display, table._by_path = notes, display, by_path
        return table

    def keys_by_path(self) -> dict[str, list[str]]:
        """Note -> its casefolded tags (a copy; the lists are replaced, never changed, later)."""
        return dict(self._by_path)

    def display(self, key: str) -> str:
        return self._display.get(key.casefold(), key)

    def counts(self) -> dict[str, int]:
        return {self._display[k]: len(v) for k, v in sorted(self._notes.items())}

    def notes(self, tag: str, nested: bool = True) -> list[str]:
        key = tag.strip().lstrip("#").casefold().strip("/")
        found: set[str] = set(self._notes.get(key, {}))
        if nested:
            prefix = key + "/"
            for other, bucket in self._notes.items():
                if other.startswith(prefix):
                    found.update(bucket)
        return sorted(found)

    def tree(self) -> list[TagNode]:
        """Nested tags as a tree; a parent counts the distinct notes of all its descendants."""
        roots: dict[str, TagNode] = {}
        members: dict[int, set[str]] = {}
        nodes_by_key: dict[str, TagNode] = {}
        for key in sorted(self._notes):
            display = self._display[key]
            parts = key.split("/")
            shown = display.split("/")
            for depth in range(1, len(parts) + 1):
                sub_key = "/".join(parts[:depth])
                node = nodes_by_key.get(sub_key)
                if node is None:
                    full = self._display.get(sub_key, "/".join(shown[:depth]))
                    node = TagNode(full.split("/")[-1], full, 0, 0)
                    nodes_by_key[sub_key] = node
                    members[id(node)] = set()
                    if depth == 1:
                        roots[sub_key] = node
                    else:
                        parent_key = "/".join(parts[: depth - 1])

                        nodes_by_key[parent_key].children.append(node)
                members[id(node)].update(self._notes[key])
            nodes_by_key[key].own = len(self._notes[key])
        for node in nodes_by_key.values():
            node.count = len(members[id(node)])
        return list(roots.values())
