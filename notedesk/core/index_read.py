"""The read side of VaultIndex: links, backlinks, tags, names and fragments of indexed notes.

``IndexReads`` holds the queries; ``VaultIndex`` (index.py) adds building and
incremental updates. ``MetaSnapshot`` gives another thread a consistent view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from notedesk.core.cancel import check
from notedesk.core.index_graph import LinkGraph
from notedesk.core.index_tags import TagNode, TagTable
from notedesk.core.linkplaces import FolderLink, listed_folder_link
from notedesk.core.links import (
    NameTable,
    find_heading,
    fragment_parts,
    resolve,
    resolve_markdown,
    split_fragment,
)
from notedesk.core.note import BlockId, Heading, Link, NoteMeta
from notedesk.core.vault import Vault, VaultError, VaultFile, note_title

if TYPE_CHECKING:
    from notedesk.core.store import IndexStore

__all__ = [
    "Backlink",
    "Completion",
    "IndexReads",
    "MetaSnapshot",
    "ResolvedLink",
    "Stored",
    "decode",
]


class Backlink(NamedTuple):
    source: str
    line: int
    context_text: str
    link: Link


class ResolvedLink(NamedTuple):
    link: Link
    path: str | None


class Completion(NamedTuple):
    text: str  # what to show and insert: the note name, an alias or a file name
    path: str
    is_alias: bool
    # The note's frontmatter ``title`` (Foam's): found by the quick switcher, never a
    # link target (links resolve by file name and aliases only).
    is_title: bool = False

    @property
    def kind(self) -> str:
        """``"name"``, ``"alias"`` or ``"title"``."""
        return "title" if self.is_title else "alias" if self.is_alias else "name"


def frontmatter_title(meta: NoteMeta | None) -> str:
    """The note's frontmatter ``title`` as one line ('' when it has none)."""
    if meta is None:
        return ""
    value = meta.frontmatter.get("title")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return " ".join(str(value).split())


def decode(data: str) -> NoteMeta | None:
    """A cached note's metadata, or None when the cache row does not decode."""
    from notedesk.core.store import decode_meta

    try:
        return decode_meta(data)
    except (ValueError, TypeError, RecursionError):  # a tampered cache row
        return None


class Stored:
    """Stands for the metadata of notes a warm start left in the store: read and decoded
    on first use. One per build, so its identity tells which build a decoding is from."""

    __slots__ = ("_store",)

    def __init__(self, store: IndexStore) -> None:
        self._store = store

    def text(self, path: str) -> str:
        """The note's cached JSON ("" when its row is gone: it decodes to None)."""
        return self._store.meta_text(path) or ""

    def texts(self) -> dict[str, str]:
        return self._store.load_texts() or {}


Meta = NoteMeta | str | Stored  # str: cached JSON, decoded on first use


# Decoded metadata a MetaSnapshot's cache keeps at most (see MetaSnapshot.get).
DECODED_KEPT = 4096


class MetaSnapshot:
    """Notes' metadata as of one moment, decoded on access without touching the index."""

    def __init__(
        self,
        metas: dict[str, Meta],
        tags: dict[str, list[str]],
        decoded: dict[str, tuple[Any, NoteMeta | None]] | None = None,
    ) -> None:
        self._metas = metas
        self._tags = tags
        # path -> (cached JSON or Stored, its decoding): the object's identity is its
        # version, so a caller may keep this across snapshots and decode each note once.
        self._decoded = decoded if decoded is not None else {}

    def __contains__(self, path: object) -> bool:
        return path in self._metas

    def __iter__(self) -> Iterator[str]:
        return iter(self._metas)

    def __len__(self) -> int:
        return len(self._metas)

    def get(self, path: str) -> NoteMeta | None:
        value = self._metas.get(path)
        if value is None or isinstance(value, NoteMeta):
            return value
        known = self._decoded.get(path)
        if known is not None and known[0] is value:
            return known[1]
        meta = decode(value if isinstance(value, str) else value.text(path))
        decoded = self._decoded
        decoded[path] = (value, meta)
        if len(decoded) > DECODED_KEPT:
            # The oldest quarter goes: a search over a large vault decodes note after
            # note, and kept they would be the parsed objects of the whole vault.
            for old in list(islice(decoded, DECODED_KEPT // 4)):
                decoded.pop(old, None)
        return meta

    def tag_keys(self, path: str) -> list[str]:
        """The note's tags, casefolded, without decoding its metadata."""
        return self._tags.get(path, [])


class IndexReads:
    """Queries over the index's state; ``_meta`` decodes a note's metadata on first use."""

    vault: Vault
    _files: dict[str, VaultFile]
    _metas: dict[str, Meta]
    _completions: list[Completion] | None = None  # completion_names() until a change
    _names: NameTable
    _graph: LinkGraph
    _tags: TagTable

    def _meta(self, path: str) -> NoteMeta | None:
        raise NotImplementedError

    def _fetch_stored(self) -> None:
        """Bring the JSON of every note still in the store into memory in one read."""
        metas = self._metas
        stored = next((v for v in metas.values() if isinstance(v, Stored)), None)
        if stored is not None:
            texts = stored.texts()
            for path, value in metas.items():
                if value is stored:
                    metas[path] = texts.get(path, "")

    def resolve_link(self, target: str, source: str, kind: str = "wiki") -> str | None:
        """The vault path a link target (a ``#fragment`` is ignored) in note ``source`` points at.

        ``kind="markdown"`` treats ``target`` as a URL-decoded Markdown link path:
        relative to the linking note first (``../x.md``, ``/vault-absolute.md``), then a
        folder there (answered as ``"docs/api/"``, ``"/"`` for the vault's top: see
        ``links.is_folder_path``), then by the wikilink rules.
        """
        name, _fragment = split_fragment(target)
        if kind == "markdown":
            return resolve_markdown(name, source, self._names)
        return resolve(name, source, self._names)

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        """The folder a Markdown link's (URL-decoded) target in ``source`` names, with its
        ``index.md``/``README.md`` note (``linkplaces.listed_folder_link``), or None."""
        return listed_folder_link(self._names, split_fragment(target)[0], source)

    def note(self, path: str) -> NoteMeta | None:
        return self._meta(path)

    def snapshot(
        self, decoded: dict[str, tuple[Any, NoteMeta | None]] | None = None
    ) -> MetaSnapshot:
        """The notes' metadata as of now, safe to read from another thread.

        ``decoded`` is a cache the caller keeps between snapshots (see MetaSnapshot).
        """
        return MetaSnapshot(dict(self._metas), self._tags.keys_by_path(), decoded)

    def notes(self) -> list[str]:
        return sorted(self._metas)

    def attachments(self) -> list[str]:
        return sorted(p for p in self._files if p not in self._metas)

    def file(self, path: str) -> VaultFile | None:
        return self._files.get(path)

    def outgoing(self, path: str) -> list[ResolvedLink]:
        meta = self._meta(path)
        if meta is None:
            return []
        paths = self._graph.resolved.get(path, [None] * len(meta.links))
        return [ResolvedLink(link, p) for link, p in zip(meta.links, paths, strict=True)]

    def backlinks(self, path: str) -> list[Backlink]:
        """Links into ``path`` from other notes, with the text of the linking line."""
        found: list[Backlink] = []
        for source in sorted(self._graph.incoming.get(path, {})):
            meta = self._meta(source)
            assert meta is not None
            lines: list[str] | None = None
            for link, target in zip(meta.links, self._graph.resolved[source], strict=True):
                if target != path:
                    continue
                if lines is None:
                    lines = self._source_lines(source)
                context = lines[link.line - 1].strip() if link.line <= len(lines) else ""
                found.append(Backlink(source, link.line, context, link))
        return found

    def _source_lines(self, source: str) -> list[str]:
        try:
            return self.vault.read_text(source).split("\n")
        except (OSError, VaultError):  # vanished or unreadable since it was indexed
            return []

    def unresolved(self) -> dict[str, list[tuple[str, int]]]:
        """Unresolved link targets (first spelling seen) -> every (source, line) using it."""
        out: dict[str, list[tuple[str, int]]] = {}
        spelling: dict[str, str] = {}
        for source in sorted(self._graph.unresolved_sources):
            meta = self._meta(source)
            assert meta is not None
            for link, target in zip(meta.links, self._graph.resolved[source], strict=True):
                if target is None:
                    key = spelling.setdefault(link.target.casefold(), link.target)
                    out.setdefault(key, []).append((source, link.line))
        return out

    def tag_tree(self) -> list[TagNode]:
        return self._tags.tree()

    def tags(self) -> dict[str, int]:
        """Every tag (display casing) -> number of notes carrying it exactly."""
        return self._tags.counts()

    def notes_with_tag(self, tag: str, nested: bool = True) -> list[str]:
        return self._tags.notes(tag, nested)

    def completion_names(self, cancelled: Callable[[], bool] | None = None) -> list[Completion]:
        """Every note's name, aliases and frontmatter title, sorted by path; kept until the
        index changes (the switcher builds it off the UI thread, editor completion then
        reuses it, without the titles). Raises Cancelled (cancel.py) once ``cancelled()``
        is true (polled every few hundred notes: a large vault's aliases are decoded here)."""
        cached = self._completions
        if cached is not None:
            return list(cached)
        self._fetch_stored()  # every note's aliases: one read of the store, not one per note
        out: list[Completion] = []
        for done, path in enumerate(sorted(self._files)):
            if done % 256 == 0:
                check(cancelled)
            if path in self._metas:
                stem = path.rsplit("/", 1)[-1]
                stem = stem[: stem.rfind(".")] if "." in stem else stem
                out.append(Completion(stem, path, False))
                meta = self._meta(path)
                aliases = meta.aliases if meta is not None else []
                out.extend(Completion(a, path, True) for a in aliases)
                title = frontmatter_title(meta)
                if title and title.casefold() not in {n.casefold() for n in [stem, *aliases]}:
                    out.append(Completion(title, path, False, True))
            else:
                out.append(Completion(path.rsplit("/", 1)[-1], path, False))
        self._completions = out
        return list(out)

    def headings(self, path: str) -> list[Heading]:
        meta = self._meta(path)
        return list(meta.headings) if meta is not None else []

    def block_ids(self, path: str) -> list[BlockId]:
        meta = self._meta(path)
        return list(meta.block_ids) if meta is not None else []

    def fragment_exists(self, path: str, fragment: str | None) -> bool:
        """Whether ``#Heading``, ``#Heading#Sub`` or ``#^block`` exists in note ``path``."""
        if not fragment:
            return True
        meta = self._meta(path)
        if meta is None:
            # attachments (#page=3 and the like) and folders (docs/#x) are not checked
            return path in self._files or path.endswith("/")
        parts = fragment_parts(fragment)
        if not parts:
            return True
        if parts[-1].startswith("^"):
            wanted = parts[-1][1:].casefold()
            return any(b.id.casefold() == wanted for b in meta.block_ids)
        # GitHub-style (``#tcpip-model``) or as Obsidian writes it (``#TCP IP Model``)
        return find_heading(fragment, meta.headings) is not None

    def __len__(self) -> int:
        return len(self._metas)

    def title(self, path: str) -> str:
        """A note's title: its file name without the extension."""
        return note_title(path)
