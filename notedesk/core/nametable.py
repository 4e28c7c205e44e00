"""NameTable: every vault file under the keys a link may use, and the folders holding them.

The tables behind link resolution (links.py): full paths and paths without a note
suffix, last components for the shortest-path rule, and (made on first use, kept
up to date after) the folders that hold a file, for Markdown links to folders.
"""

from __future__ import annotations

from typing import Any

from notedesk.core.vault import NOTE_SUFFIXES, is_note_path

__all__ = ["NameTable", "folder_path", "is_folder_path"]


def folder_path(folder: str) -> str:
    """How a resolved link names a folder: ``"docs/api/"``, ``"/"`` for the vault's top."""
    return folder.strip("/") + "/" if folder.strip("/") else "/"


def is_folder_path(resolved: str) -> bool:
    """Whether a resolved link path (``resolve_markdown``) is a folder, not a file."""
    return resolved.endswith("/")


def _note_key(path: str) -> str:
    """Lowercased path with a note suffix removed: the key ``.md``-less links use."""
    low = path.casefold()
    for suffix in NOTE_SUFFIXES:
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


class NameTable:
    """Every vault file under the keys a link may use; add/remove are O(1).

    ``by_key`` maps a casefolded full path, and for notes also the path without
    its suffix, to the files carrying it (several when names differ only by case).
    ``by_name`` maps the casefolded last component the same way, for rule 3.
    """

    __slots__ = ("_folders", "_memo", "_resolved", "by_key", "by_name")

    def __init__(self, paths: list[str] | None = None) -> None:
        self.by_key: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        # link key -> (rule-1 match, rule-3 match): neither depends on the linking note
        self._memo: dict[str, tuple[str | None, str | None]] = {}
        # (link target, linking note's folder) -> resolved path: links repeat a lot
        self._resolved: dict[tuple[str, str], str | None] = {}
        # casefolded folder -> (its spelling, files below it); made on first use
        self._folders: dict[str, list[Any]] | None = None
        by_key, by_name = self.by_key, self.by_name
        # Bulk load for a whole vault: the same keys as add(), without its per-call overhead.
        for path in paths or ():
            low = path.casefold()
            keys: tuple[str, ...] = (low,)
            for suffix in NOTE_SUFFIXES:
                if low.endswith(suffix) and is_note_path(path):
                    keys = (low, low[: -len(suffix)])
                    break
            for key in keys:
                bucket = by_key.get(key)
                if bucket is None:
                    by_key[key] = [path]
                elif path not in bucket:
                    bucket.append(path)
                name = key[key.rfind("/") + 1 :]
                named = by_name.get(name)
                if named is None:
                    by_name[name] = [path]
                elif path not in named:
                    named.append(path)

    @staticmethod
    def _keys(path: str) -> tuple[str, ...]:
        low = path.casefold()
        if is_note_path(path):
            bare = _note_key(path)
            return (low, bare) if bare != low else (low,)
        return (low,)

    def _folder_table(self) -> dict[str, list[Any]]:
        folders = self._folders
        if folders is None:
            # Made aside and then published: a reader on another thread sees all or nothing.
            folders = {}
            for key, bucket in self.by_key.items():
                for path in bucket:
                    if path.casefold() == key:  # each file once, under its full path
                        _count_folders(folders, path, 1)
            self._folders = folders
        return folders

    def folder(self, path: str) -> str | None:
        """The folder ``path`` names (case-insensitive) as ``folder_path`` writes it, if the
        vault has a file below it; ``"."`` or ``""`` is the vault's top folder."""
        key = path.strip("/")
        if key in ("", "."):
            return "/"
        entry = self._folder_table().get(key.casefold())
        return folder_path(entry[0]) if entry is not None else None

    def lone_folders(self, path: str) -> list[str]:
        """The folders above file ``path`` that hold no other file (only once folders were
        looked up: before that no link can have resolved to one, or failed to)."""
        folders = self._folders
        if folders is None:
            return []
        out: list[str] = []
        cut = path.rfind("/")
        while cut > 0:
            entry = folders.get(path[:cut].casefold())
            if entry is None or entry[1] <= 1:
                out.append(path[:cut])
            cut = path.rfind("/", 0, cut)
        return out

    def add(self, path: str) -> None:
        self._memo.clear()
        self._resolved.clear()
        if self._folders is not None and path not in self:
            _count_folders(self._folders, path, 1)
        for key in self._keys(path):
            bucket = self.by_key.setdefault(key, [])
            if path not in bucket:
                bucket.append(path)
            name = key.rsplit("/", 1)[-1]
            named = self.by_name.setdefault(name, [])
            if path not in named:
                named.append(path)

    def remove(self, path: str) -> None:
        self._memo.clear()
        self._resolved.clear()
        if self._folders is not None and path in self:
            _count_folders(self._folders, path, -1)
        for key in self._keys(path):
            for table, k in ((self.by_key, key), (self.by_name, key.rsplit("/", 1)[-1])):
                bucket = table.get(k)
                if bucket and path in bucket:
                    bucket.remove(path)
                    if not bucket:
                        del table[k]

    def __contains__(self, path: str) -> bool:
        return path in self.by_key.get(path.casefold(), ())

    def lookup_exact(self, key: str, want: str) -> str | None:
        bucket = self.by_key.get(key.casefold())
        if not bucket:
            return None
        return _pick(bucket, want)

    def candidates(self, key: str) -> list[str]:
        """Files whose path ends with the ``/``-separated key (case-insensitive)."""
        low = key.casefold()
        name = low.rsplit("/", 1)[-1]
        bucket = self.by_name.get(name, ())
        if "/" not in low:
            return list(bucket)
        tail = "/" + low
        return [p for p in bucket if any(k == low or k.endswith(tail) for k in self._keys(p))]

    def global_matches(self, key: str) -> tuple[str | None, str | None]:
        """Rule 1 (exact path) and rule 3 (shortest path) for a normalized link key."""
        found = self._memo.get(key)
        if found is None:
            exact = self.lookup_exact(key, key)
            shortest = None
            if exact is None:
                matches = self.candidates(key)
                if matches:
                    shortest = min(matches, key=_shortest_first)
            found = (exact, shortest)
            self._memo[key] = found
        return found


def _count_folders(folders: dict[str, list[Any]], path: str, step: int) -> None:
    """Count ``path`` in (``step`` 1) or out of (-1) the folders above it."""
    cut = path.rfind("/")
    while cut > 0:
        folder = path[:cut]
        key = folder.casefold()
        entry = folders.get(key)
        if entry is None:
            if step > 0:
                folders[key] = [folder, step]
        else:
            entry[1] += step
            if entry[1] <= 0:
                del folders[key]
        cut = path.rfind("/", 0, cut)


def _shortest_first(path: str) -> tuple[int, int, str, str]:
    return (path.count("/"), len(path), path.casefold(), path)


def _pick(bucket: list[str], want: str) -> str:
    """Among case-only variants prefer the exact spelling, then the first in sort order."""
    for path in bucket:
        if path == want or _strip_note_suffix(path) == want:
            return path
    return min(bucket)


def _strip_note_suffix(path: str) -> str:
    low = path.lower()
    for suffix in NOTE_SUFFIXES:
        if low.endswith(suffix):
            return path[: -len(suffix)]
    return path
