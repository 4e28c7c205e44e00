"""What a rename or move of one or more files will change, and what it changed.

A plan is made by :mod:`notedesk.core.fileops` (``prepare_moves`` then
``plan_links``), shown to the user ("Update 12 links in 5 files?") and applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from notedesk.core.atomic import TextFormat
from notedesk.core.events import FileEvent
from notedesk.core.links import NameTable
from notedesk.core.note import NoteMeta
from notedesk.core.rewrite import LinkEdit
from notedesk.core.wordcount import counted

__all__ = [
    "FileRewrite",
    "MetaSource",
    "MoveItem",
    "RenamePlan",
    "RenameReport",
    "link_summary",
]


class MetaSource(Protocol):
    """Path -> NoteMeta as of one moment (a dict, or the index's ``MetaSnapshot``)."""

    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, path: object) -> bool: ...
    def get(self, path: str, /) -> NoteMeta | None: ...


class MoveItem(NamedTuple):
    """One file or folder the user renames or moves (a folder takes its contents along)."""

    old: str
    new: str
    is_dir: bool = False


_NO_METAS: dict[str, NoteMeta] = {}


@dataclass
class FileRewrite:
    """One file whose links change: its text before and after, and each edit."""

    path: str  # where the file is now
    final_path: str  # where it will be after the move
    before: str
    after: str
    fmt: TextFormat
    edits: list[LinkEdit]


@dataclass
class RenamePlan:
    """Everything a rename or move will change, for the user to confirm."""

    items: list[MoveItem]  # what the user moves, in the order it is moved
    moves: dict[str, str]  # every file that moves: old path -> new path
    folders: list[str] = field(default_factory=list)  # missing folders the move creates
    metas: MetaSource = field(default_factory=lambda: _NO_METAS, repr=False)  # index snapshot
    stats: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)  # size, mtime
    files: list[str] = field(default_factory=list, repr=False)  # every vault file before
    sources: list[str] = field(default_factory=list)  # notes that may need rewriting
    rewrites: list[FileRewrite] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    # Links that will stay as they were in files that cannot be rewritten (not valid
    # UTF-8): path -> how many. Each such path is in ``skipped`` too.
    stale_links: dict[str, int] = field(default_factory=dict)
    names_before: NameTable = field(default_factory=NameTable, repr=False)
    names_after: NameTable = field(default_factory=NameTable, repr=False)

    @property
    def old(self) -> str:
        """The first item's path before (the only one of a rename)."""
        return self.items[0].old

    @property
    def new(self) -> str:
        return self.items[0].new

    @property
    def is_dir(self) -> bool:
        return self.items[0].is_dir

    @property
    def link_count(self) -> int:
        return sum(len(r.edits) for r in self.rewrites)

    @property
    def file_count(self) -> int:
        return len(self.rewrites)

    @property
    def summary(self) -> str:
        return link_summary(self.link_count, self.file_count)


@dataclass
class RenameReport:
    items: list[MoveItem]
    links: int
    files: int
    events: list[FileEvent]
    created: list[str] = field(default_factory=list)  # folders made for the move
    stale_links: dict[str, int] = field(default_factory=dict)  # see RenamePlan.stale_links

    @property
    def old(self) -> str:
        return self.items[0].old

    @property
    def new(self) -> str:
        return self.items[0].new

    @property
    def summary(self) -> str:
        return link_summary(self.links, self.files)


def link_summary(links: int, files: int) -> str:
    return f"{counted(links, 'link')} in {counted(files, 'file')}"
