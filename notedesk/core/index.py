"""VaultIndex: notes, attachments, link graph, unresolved links and tags of one vault.

Threading: the index is not locked. The UI runs ``build()`` in a worker thread
and, once it returned, uses the index from the UI thread only (``apply`` and
every query). A search worker may read it concurrently as long as nothing calls
``apply`` meanwhile (``SearchEngine`` works on a ``MetaSnapshot``).

Warm start: notes unchanged since the cache was written keep their metadata as
the cached JSON text and are decoded on first use; tags, link names and (while
the set of files is unchanged) resolved link targets come from their own cache
columns, so opening a large vault decodes almost nothing.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from notedesk.core.events import FileEvent
from notedesk.core.index_graph import LinkGraph, link_name_key, link_names
from notedesk.core.index_tags import TagNode, TagTable
from notedesk.core.links import (
    NameTable,
    fragment_parts,
    normalize_markdown_target,
    resolve,
    slugify,
    split_fragment,
)
from notedesk.core.note import BlockId, Heading, Link, NoteMeta, Tag
from notedesk.core.scan import ParsedFile, parse_files, read_and_parse
from notedesk.core.vault import Vault, VaultError, VaultFile, is_ignored, is_note_path

if TYPE_CHECKING:
    from notedesk.core.store import IndexStore

__all__ = ["Backlink", "Completion", "MetaSnapshot", "ResolvedLink", "TagNode", "VaultIndex"]

Progress = Callable[[int, int], None]


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


def _decode(data: str) -> NoteMeta | None:
    from notedesk.core.store import decode_meta

    try:
        return decode_meta(data)
    except (ValueError, TypeError, RecursionError):  # a tampered cache row
        return None


class MetaSnapshot:
    """Notes' metadata as of one moment, decoded on access without touching the index."""

    def __init__(
        self,
        metas: dict[str, NoteMeta | str],
        tags: dict[str, list[str]],
        decoded: dict[str, tuple[str, NoteMeta | None]] | None = None,
    ) -> None:
        self._metas = metas
        self._tags = tags
        # path -> (cached JSON, its decoding): the JSON object's identity is its version,
        # so a caller may keep this across snapshots and decode each note once.
        self._decoded = decoded if decoded is not None else {}

    def __contains__(self, path: object) -> bool:
        return path in self._metas

    def __iter__(self) -> Iterator[str]:
        return iter(self._metas)

    def __len__(self) -> int:
        return len(self._metas)

    def get(self, path: str) -> NoteMeta | None:
        value = self._metas.get(path)
        if not isinstance(value, str):
            return value
        known = self._decoded.get(path)
        if known is not None and known[0] is value:
            return known[1]
        meta = _decode(value)
        self._decoded[path] = (value, meta)
        return meta

    def tag_keys(self, path: str) -> list[str]:
        """The note's tags, casefolded, without decoding its metadata."""
        return self._tags.get(path, [])


_NAMES_KEY = "names-fingerprint"


def _fingerprint(files: dict[str, VaultFile]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return digest.hexdigest()


class VaultIndex:
    """In-memory index of a vault; ``apply`` keeps it current one event at a time."""

    def __init__(self, vault: Vault, store: IndexStore | None = None, workers: int | None = None):
        self.vault = vault
        self.store = store
        self.workers = workers
        self._files: dict[str, VaultFile] = {}
        self._metas: dict[str, NoteMeta | str] = {}  # str: cached JSON, decoded on first use
        self._names = NameTable()
        self._graph = LinkGraph()
        self._batching = False
        self._tags = TagTable()

    # -- building ------------------------------------------------------------

    def build(self, progress: Progress | None = None) -> None:
        """Index the whole vault, reusing the store's cached metadata for unchanged files."""
        # The cyclic GC would re-scan the hundreds of thousands of containers a build
        # creates again and again (a third of a warm start); nothing here makes cycles.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(progress)
        finally:
            if was_enabled:
                gc.enable()

    def _build(self, progress: Progress | None) -> None:
        files = {f.path: f for f in self.vault.iter_files()}
        notes = sorted(p for p in files if is_note_path(p))
        cached = self.store.load() if self.store is not None else {}
        fingerprint = _fingerprint(files)
        # Cached resolutions hold only for the set of file names they were made against.
        same_names = self.store is not None and self.store.get_info(_NAMES_KEY) == fingerprint
        metas: dict[str, NoteMeta | str] = {}
        warm: dict[str, tuple[list[str | None] | None, list[str], list[Tag]]] = {}
        stale: list[str] = []
        for path in notes:
            entry = cached.get(path)
            vf = files[path]
            if entry is not None and entry.mtime_ns == vf.mtime_ns and entry.size == vf.size:
                metas[path] = entry.meta
                resolved = entry.resolved if same_names else None
                warm[path] = (resolved, entry.names, list(entry.tags))
            else:
                stale.append(path)
        total = len(stale)
        batch: list[ParsedFile] = []
        parsed_files = parse_files(str(self.vault.root), stale, self.workers)
        for done, parsed in enumerate(parsed_files, start=1):
            metas[parsed.path] = parsed.meta
            batch.append(parsed)
            if len(batch) >= 500:
                self._store_parsed(batch)
                batch = []
                if progress is not None:
                    progress(done, total)
        self._store_parsed(batch)
        if progress is not None:
            progress(total, total)
        fresh = self._reset(files, {p: metas[p] for p in notes}, warm)
        if self.store is not None:
            gone = [p for p in cached if p not in metas]
            if gone:
                self.store.delete(gone)
            if fresh:
                self.store.put_resolved((p, self._graph.resolved[p]) for p in fresh)
            self.store.set_info(_NAMES_KEY, fingerprint)
            self.store.commit()

    def _store_parsed(self, batch: list[ParsedFile]) -> None:
        if self.store is not None and batch:
            self.store.put(batch)

    def _reset(
        self,
        files: dict[str, VaultFile],
        metas: dict[str, NoteMeta | str],
        warm: dict[str, tuple[list[str | None] | None, list[str], list[Tag]]],
    ) -> list[str]:
        """Rebuild names, tags and the link graph; returns the notes resolved afresh."""
        self._files = files
        self._metas = metas
        self._names = NameTable(sorted(files))
        self._graph = LinkGraph()
        self._tags = TagTable()
        fresh: list[str] = []
        for path in metas:
            cached = warm.get(path)
            if cached is not None and cached[0] is not None:
                self._tags.add(path, cached[2])
                self._graph.add(path, cached[0], cached[1])
                continue
            meta = self._meta(path)
            assert meta is not None
            self._tags.add(path, meta.tags)
            self._link_source(path, meta)
            fresh.append(path)
        return fresh

    def _meta(self, path: str) -> NoteMeta | None:
        """A note's metadata, decoding (or, if the cache entry is bad, re-reading) it once."""
        value = self._metas.get(path)
        if not isinstance(value, str):
            return value
        meta = _decode(value)
        if meta is None:
            meta = read_and_parse(str(self.vault.root), path).meta
        self._metas[path] = meta
        known = self._graph.resolved.get(path)
        if known is not None and len(known) != len(meta.links):
            self._graph.remove(path)  # the cached resolution does not fit: redo it
            self._link_source(path, meta)
        return meta

    # -- link graph ----------------------------------------------------------

    def _resolve(self, link: Link, source: str) -> str | None:
        if link.kind == "markdown" and link.target:
            path = normalize_markdown_target(link.target, source)
            if path is None:
                return None
            found = self._names.lookup_exact(path, path)
            if found is not None:
                return found
        return resolve(link.target, source, self._names)

    def _link_source(self, source: str, meta: NoteMeta) -> None:
        paths = [self._resolve(link, source) for link in meta.links]
        self._graph.add(source, paths, link_names(meta))

    def _relink_named(self, path: str) -> None:
        """Re-resolve every note linking by a name ``path`` carries (it appeared or left)."""
        keys = {link_name_key(path)}
        if is_note_path(path):
            keys.add(path.rsplit("/", 1)[-1].casefold())
        for source in self._graph.sources_using(keys):
            meta = self._meta(source)
            if meta is not None:
                self._graph.remove(source)
                self._link_source(source, meta)

    # -- incremental updates -------------------------------------------------

    def apply(self, event: FileEvent) -> None:
        """Apply one watcher event, touching only the files it names."""
        if event.kind == "moved":
            self._remove_tree(event.path)
            if event.dest is not None:
                self._add_tree(event.dest)
        elif event.kind == "deleted":
            self._remove_tree(event.path)
        else:
            self._add_tree(event.path)

    def apply_all(self, events: Iterable[FileEvent]) -> None:
        """Apply a batch; the cache is committed once for the whole batch."""
        self._batching = True
        try:
            for event in events:
                self.apply(event)
        finally:
            self._batching = False
            self._commit()

    def _commit(self) -> None:
        if self.store is not None and not self._batching:
            self.store.commit()

    def _remove_tree(self, path: str) -> None:
        path = path.strip("/")
        prefix = path + "/"
        if path in self._files:
            # A file (a folder is never a key of _files): no scan of the whole vault.
            doomed = [path]
        else:
            doomed = [p for p in self._files if p.startswith(prefix)] if path else []
        for p in doomed:
            self._remove_file(p)
        if self.store is not None and doomed:
            self.store.delete(doomed)
            self._commit()

    def _add_tree(self, path: str) -> None:
        path = path.strip("/")
        if not path or is_ignored(path):
            return
        try:
            full = self.vault.abspath(path)
        except (OSError, VaultError):  # e.g. a new symlink that leads outside the vault
            return
        if full.is_symlink() and full.is_dir():
            # Inside the vault it aliases a folder listed under its own name (a loop to
            # the root would list the vault again); a full build visits each folder once.
            return
        if full.is_dir():
            sub = Vault(full)
            found = [VaultFile(f"{path}/{f.path}", f.size, f.mtime_ns) for f in sub.iter_files()]
        elif full.is_file():
            try:
                st = full.stat()
            except OSError:
                return
            found = [VaultFile(path, st.st_size, st.st_mtime_ns)]
        else:  # vanished before we looked: a delete will follow, or it already happened
            self._remove_tree(path)
            return
        batch: list[ParsedFile] = []
        for vf in found:
            parsed = self._add_file(vf)
            if parsed is not None:
                batch.append(parsed)
        if self.store is not None and batch:
            self.store.put(batch)
            self._commit()

    def _add_file(self, vf: VaultFile) -> ParsedFile | None:
        old = self._files.get(vf.path)
        is_new = old is None
        if is_new:
            self._forget_names_fingerprint()
        if not is_note_path(vf.path):
            self._files[vf.path] = vf
            if is_new:
                self._names.add(vf.path)
                self._relink_named(vf.path)
            return None
        if not is_new and vf.path in self._metas and old == vf:
            return None  # unchanged (our own save echoed back, or a duplicate event)
        parsed = read_and_parse(str(self.vault.root), vf.path)
        self._files[vf.path] = VaultFile(vf.path, max(parsed.size, 0), parsed.mtime_ns)
        if vf.path in self._metas:
            self._drop_note(vf.path)
        self._metas[vf.path] = parsed.meta
        self._tags.add(vf.path, parsed.meta.tags)
        self._link_source(vf.path, parsed.meta)
        if is_new:
            self._names.add(vf.path)
            self._relink_named(vf.path)
        return parsed

    def _drop_note(self, path: str) -> None:
        self._metas.pop(path)
        self._tags.remove(path)
        self._graph.remove(path)

    def _remove_file(self, path: str) -> None:
        if self._files.pop(path, None) is None:
            return
        self._forget_names_fingerprint()
        if path in self._metas:
            self._drop_note(path)
        self._names.remove(path)
        self._relink_named(path)

    def _forget_names_fingerprint(self) -> None:
        """The set of files changed: cached resolutions must not be trusted next open."""
        if self.store is not None:
            self.store.set_info(_NAMES_KEY, "")

    # -- queries -------------------------------------------------------------

    def resolve_link(self, target: str, source: str, kind: str = "wiki") -> str | None:
        """The vault path a link target (a ``#fragment`` is ignored) in note ``source`` points at.

        ``kind="markdown"`` treats ``target`` as a URL-decoded Markdown link path:
        relative to the linking note first (``../x.md``, ``/vault-absolute.md``),
        then by the wikilink rules.
        """
        name, _fragment = split_fragment(target)
        if kind == "markdown":
            path = normalize_markdown_target(name, source)
            if path is None:
                return None
            found = self._names.lookup_exact(path, path)
            if found is not None:
                return found
        return resolve(name, source, self._names)

    def note(self, path: str) -> NoteMeta | None:
        return self._meta(path)

    def snapshot(
        self, decoded: dict[str, tuple[str, NoteMeta | None]] | None = None
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

    def completion_names(self) -> list[Completion]:
        out: list[Completion] = []
        for path in sorted(self._files):
            if path in self._metas:
                stem = path.rsplit("/", 1)[-1]
                stem = stem[: stem.rfind(".")] if "." in stem else stem
                out.append(Completion(stem, path, False))
                meta = self._meta(path)
                aliases = meta.aliases if meta is not None else []
                out.extend(Completion(a, path, True) for a in aliases)
            else:
                out.append(Completion(path.rsplit("/", 1)[-1], path, False))
        return out

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
            return path in self._files  # attachments: #page=3 and the like are not checked
        parts = fragment_parts(fragment)
        if not parts:
            return True
        if parts[-1].startswith("^"):
            wanted = parts[-1][1:].casefold()
            return any(b.id.casefold() == wanted for b in meta.block_ids)
        position = 0
        slugs = [h.slug for h in meta.headings]
        for part in parts:
            slug = slugify(part)
            try:
                position = slugs.index(slug, position) + 1
            except ValueError:
                return False
        return True

    def __len__(self) -> int:
        return len(self._metas)

    def title(self, path: str) -> str:
        """A note's title: its file name without the extension."""
        return os.path.splitext(path.rsplit("/", 1)[-1])[0]
