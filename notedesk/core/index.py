"""VaultIndex: notes, attachments, link graph, unresolved links and tags of one vault.

Threading: the index is not locked. The UI runs ``build()`` in a worker thread
and, once it returned, uses the index from the UI thread only (``apply`` and
every query). A search worker may read it concurrently as long as nothing calls
``apply`` meanwhile (``SearchEngine`` works on a ``MetaSnapshot``).

Cold build: the set of files is known before any note is parsed, so each note's
links are resolved and its tags counted as soon as it is parsed. A large vault is
parsed by a pool of worker processes (one per core; ``scan.parse_rows``), which
send back plain rows with the metadata already encoded as the cache keeps it;
the building thread parses too while it would otherwise wait. A writer thread
(``BulkWriter``) stores the rows, full text included, meanwhile.

Warm start: notes unchanged since the cache was written keep their metadata as
the cached JSON text and are decoded on first use; tags, link names and (while
the set of files is unchanged) resolved link targets come from their own cache
columns, so opening a large vault decodes almost nothing.

The queries live in ``IndexReads`` (index_read.py), the updates one event at a
time in ``IndexUpdates`` (index_apply.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from notedesk.core import scan
from notedesk.core.cancel import Cancelled
from notedesk.core.gcpause import collection_paused
from notedesk.core.index_apply import NAMES_KEY, IndexUpdates
from notedesk.core.index_graph import LinkGraph
from notedesk.core.index_image import Tables, decode_image, encode_image
from notedesk.core.index_read import (
    Backlink,
    Completion,
    Meta,
    MetaSnapshot,
    ResolvedLink,
    Stored,
    decode,
)
from notedesk.core.index_tags import TagNode, TagTable
from notedesk.core.links import NameTable, names_fingerprint
from notedesk.core.note import PARSER_VERSION, NoteMeta, Tag
from notedesk.core.vault import Vault, VaultFile, is_note_path

if TYPE_CHECKING:
    from notedesk.core.store import IndexStore
    from notedesk.core.store_bulk import BulkWriter


__all__ = [
    "Backlink",
    "BuildCancelled",
    "BuildSummary",
    "Completion",
    "MetaSnapshot",
    "ResolvedLink",
    "TagNode",
    "VaultIndex",
]

Progress = Callable[[int, int], None]


class BuildSummary(NamedTuple):
    """What the last ``build()`` did: how much came from the cache, how much was parsed."""

    from_image: bool  # every table from the cache's image: nothing on disk had changed
    parsed: int  # notes read and parsed
    reused: int  # notes whose cached metadata was still good
    removed: int  # cached notes no longer in the vault, dropped from the cache


class BuildCancelled(Cancelled):
    """``build()`` stopped because its ``cancelled()`` said so; the cache is as it was."""


_PARSER_KEY = "parser-version"
_BATCH = 500
_new = tuple.__new__  # a NamedTuple from a tuple, without its Python-level __new__


class VaultIndex(IndexUpdates):
    """In-memory index of a vault; ``apply`` keeps it current one event at a time."""

    def __init__(self, vault: Vault, store: IndexStore | None = None, workers: int | None = None):
        self.vault = vault
        self.store = store
        self.workers = workers
        self._files: dict[str, VaultFile] = {}
        self._metas: dict[str, Meta] = {}  # str, Stored: in the cache, decoded on first use
        self._names = NameTable()
        self._graph = LinkGraph()
        self._batching = False
        self._tags = TagTable()
        self.last_build: BuildSummary | None = None
        self._cancelled: Callable[[], bool] | None = None

    # -- building ------------------------------------------------------------

    def build(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> None:
        """Index the whole vault, reusing the store's cached metadata for unchanged files.

        ``cancelled`` is polled (from this thread) after every parsed note: once it
        returns True the build raises BuildCancelled, nothing of it is committed to
        the cache, and the index is not to be used."""
        # No cyclic GC re-scanning what a build makes (a third of a warm start); no cycles.
        self._completions = None
        self._cancelled = cancelled
        try:
            with collection_paused():
                self._build(progress)
        finally:
            self._cancelled = None

    def _check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise BuildCancelled

    def _build(self, progress: Progress | None) -> None:
        files = {f.path: f for f in self.vault.iter_files()}
        self._check()
        store = self.store
        if store is not None and self._restore(store, files):
            self.last_build = BuildSummary(True, 0, len(self._metas), 0)
            return
        notes = sorted(p for p in files if is_note_path(p))
        cached = store.load() if store is not None else {}
        self._check()
        fingerprint = names_fingerprint(files)
        # Cached resolutions hold only for the set of file names they were made against.
        same_names = store is not None and store.get_info(NAMES_KEY) == fingerprint
        # Notes cached by another parser version are parsed again (still loaded: the
        # rows of files deleted since are found and dropped the same way).
        same_parser = store is not None and store.get_info(_PARSER_KEY) == PARSER_VERSION
        self._files = files
        self._graph = LinkGraph()
        self._metas = metas = {}
        tags: dict[str, Sequence[Tag]] = {}
        stale: list[str] = []
        unresolved: list[str] = []  # cached notes whose links must be resolved afresh
        for path in notes:
            entry = cached.get(path)
            vf = files[path]
            if (
                same_parser
                and entry is not None
                and entry.mtime_ns == vf.mtime_ns
                and entry.size == vf.size
            ):
                metas[path] = entry.meta
                tags[path] = entry.tags
                if same_names and entry.resolved is not None:
                    self._graph.add(path, entry.resolved, entry.names)
                else:
                    unresolved.append(path)
            else:
                stale.append(path)
        gone = [p for p in cached if p not in files or not is_note_path(p)]
        del cached
        self.last_build = BuildSummary(False, len(stale), len(notes) - len(stale), len(gone))
        # With a cache the notes are parsed as rows; a pool starts on them right away.
        rows = (
            scan.parse_rows(str(self.vault.root), stale, self.workers)
            if store is not None and stale
            else None
        )
        try:
            self._names = NameTable(sorted(files))  # while the first notes are parsed
            writer = store.bulk_writer() if store is not None and rows is not None else None
            try:
                self._parse_stale(stale, rows, tags, writer, progress)
                for done, path in enumerate(unresolved):
                    if done % _BATCH == 0:
                        self._check()
                    meta = self._meta(path)
                    assert meta is not None
                    tags[path] = meta.tags
                    self._link_source(path, meta)
                # Tags in path order: the casing shown for a tag is the first one seen.
                self._tags = TagTable()
                for path in notes:
                    self._tags.add(path, tags[path])
                self._metas = {p: metas[p] for p in notes}
                self._check()
                # Encoded while the writer thread stores the last batches.
                image = self._image() if store is not None else None
            except BaseException:
                if writer is not None:
                    writer.abort()  # nothing of a failed or cancelled build is committed
                    writer = None
                raise
            finally:
                if writer is not None:
                    writer.finish()
        finally:
            if rows is not None:
                rows.close()
        if store is not None:
            if gone:
                store.delete(gone)
            if unresolved:
                store.put_resolved((p, self._graph.resolved[p]) for p in unresolved)
            store.set_info(NAMES_KEY, fingerprint)
            store.set_info(_PARSER_KEY, PARSER_VERSION)
            if image is not None:
                store.put_image(image)
            store.commit()

    def _image(self) -> list[bytes | str] | None:
        """The index's tables as an image for the next warm start (index_image.py)."""
        files = self._files.values()
        sizes, mtimes = [f.size for f in files], [f.mtime_ns for f in files]
        names, graph, tags = self._names, self._graph, self._tags
        tables = Tables(list(self._files), sizes, mtimes, list(self._metas), names, graph, tags)
        try:
            return encode_image(PARSER_VERSION, tables)
        except (KeyError, ValueError):  # a file not listed, a NUL: no image, rows next start
            return None

    def _restore(self, store: IndexStore, files: dict[str, VaultFile]) -> bool:
        """Take every table from the store's image if the vault is as it describes."""
        image = decode_image(store.get_image(), PARSER_VERSION)
        if (
            image is None
            or image.paths != list(files)
            or image.sizes != [f.size for f in files.values()]
            or image.mtimes != [f.mtime_ns for f in files.values()]
        ):
            return False
        self._files = files
        # The notes' JSON stays in the store until asked for: the image was written
        # after their rows and any change to those rows dropped it.
        self._metas = dict.fromkeys(image.notes, Stored(store))
        self._names, self._graph, self._tags = image.names, image.graph, image.tags
        return True

    def _parse_stale(
        self,
        stale: list[str],
        rows: scan.RowStream | None,
        tags: dict[str, Sequence[Tag]],
        writer: BulkWriter | None,
        progress: Progress | None,
    ) -> None:
        """Parse the notes not in the cache, resolve their links and hand them to the writer
        (``rows``: those notes being parsed for it), or keep their metadata without one."""
        total = len(stale)
        if writer is None or rows is None:  # no store: the metadata stays as objects
            root = str(self.vault.root)
            for done, parsed in enumerate(scan.parse_files(root, stale, self.workers), 1):
                self._check()
                tags[parsed.path] = parsed.meta.tags
                self._link_source(parsed.path, parsed.meta)
                self._metas[parsed.path] = parsed.meta
                if progress is not None and done % _BATCH == 0:
                    progress(done, total)
            if progress is not None:
                progress(total, total)
            return
        metas = self._metas
        batch: list[scan.NoteRow] = []
        batch_paths: list[list[str | None]] = []
        for done, row in enumerate(rows, 1):
            self._check()
            path = row.path
            tags[path] = [_new(Tag, t) for t in row.tags]
            paths = self._link_targets(path, row.targets, row.markdown, row.names)
            # Kept as the cache keeps it (decoded on first use, like a warm start):
            # a tenth of the memory of the parsed objects.
            metas[path] = row.encoded
            batch.append(row)
            batch_paths.append(paths)
            if len(batch) >= _BATCH:
                writer.put(batch, batch_paths)
                batch, batch_paths = [], []
            if progress is not None and done % _BATCH == 0:
                progress(done, total)
        writer.put(batch, batch_paths)
        if progress is not None:
            progress(total, total)

    def _meta(self, path: str) -> NoteMeta | None:
        """A note's metadata, decoding (or, if the cache entry is bad, re-reading) it once."""
        value = self._metas.get(path)
        if value is None or isinstance(value, NoteMeta):
            return value
        meta = decode(value if isinstance(value, str) else value.text(path))
        if meta is None:
            meta = scan.read_and_parse(str(self.vault.root), path).meta
        self._metas[path] = meta
        known = self._graph.resolved.get(path)
        if known is not None and len(known) != len(meta.links):
            self._graph.remove(path)  # the cached resolution does not fit: redo it
            self._link_source(path, meta)
        return meta
