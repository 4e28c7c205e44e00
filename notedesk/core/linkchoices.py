"""The entries of the editor's link completion: what each row shows and the link it writes.

Rows for names that several files share (``Dup.md`` and ``Projects/Sub/Dup.md``) show
the file's folder (``Dup — Projects/Sub/``; ``Dup — /`` for the vault's top folder) so
the two can be told apart (the row's tooltip: the full path); each row writes the
link that resolves to its own file (``notedesk.core.linkwrite``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from notedesk.core.linkwrite import LinkWriter

Entry = tuple[str, str]  # (shown, inserted)
SEPARATOR = " — "


class _Name(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def path(self) -> str: ...

    @property
    def is_alias(self) -> bool: ...


def folder_label(path: str) -> str:
    """``Projects/Sub/Dup.md`` -> ``Projects/Sub/``; a file at the vault's top -> ``/``."""
    folder = path.rpartition("/")[0]
    return folder + "/" if folder else "/"


def shared_names(names: Iterable[_Name]) -> set[str]:
    """The (casefolded) names more than one file answers to."""
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for name in names:
        key = name.text.casefold()
        first = seen.setdefault(key, name.path)
        if first != name.path:
            shared.add(key)
    return shared


def note_entries(names: Sequence[_Name]) -> list[Entry]:
    """A row per name or alias, the folder shown when the name is shared; what it
    inserts is a key for ``note_link`` (the link is written only for the row chosen:
    a large vault has tens of thousands of rows)."""
    shared = shared_names(names)
    out: list[Entry] = []
    for name in names:
        shown = name.text
        if shown.casefold() in shared:
            shown = f"{shown}{SEPARATOR}{folder_label(name.path)}"
        out.append((shown, name.path + ("\n" + name.text if name.is_alias else "")))
    return out


def note_link(key: str, source: str, writer: LinkWriter) -> str:
    """The link (``[[Sub/Dup]]``, ``[[Note|Alias]]``, ...) from note ``source`` for the
    ``note_entries`` row whose key is ``key``."""
    path, _, alias = key.partition("\n")
    return writer.link(path, source, alias=alias or None)


def heading_entries(
    path: str, headings: Iterable[str], source: str, writer: LinkWriter
) -> list[Entry]:
    """A row per heading of note ``path``: its text, and the link to it."""
    return [(text, writer.link(path, source, heading=text)) for text in headings]


def block_entries(path: str, ids: Iterable[str], source: str, writer: LinkWriter) -> list[Entry]:
    """A row per block id of note ``path``: the id, and the link to the block."""
    return [(block, writer.link(path, source, block=block)) for block in ids]
