"""Keeping a VaultIndex current one file event at a time, and its link graph.

``apply`` touches only what an event names: the files under a moved, deleted or
created path, and the notes whose links name a file or folder that appeared or
left. Part of ``VaultIndex`` (index.py), as the queries in index_read.py are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from notedesk.core import scan
from notedesk.core.events import FileEvent
from notedesk.core.index_graph import link_name_key, link_names
from notedesk.core.index_read import IndexReads
from notedesk.core.links import resolve_many, resolve_markdown
from notedesk.core.note import NoteMeta
from notedesk.core.vault import VaultError, VaultFile, is_note_path

if TYPE_CHECKING:
    from notedesk.core.store import IndexStore

__all__ = ["NAMES_KEY", "IndexUpdates"]

NAMES_KEY = "names-fingerprint"  # store info: the set of file names resolutions were made for


class IndexUpdates(IndexReads):
    """The link graph's upkeep and ``apply``; the state is ``VaultIndex``'s."""

    store: IndexStore | None
    _batching: bool

    # -- link graph ----------------------------------------------------------

    def _link_source(self, source: str, meta: NoteMeta) -> None:
        links = meta.links
        markdown = [i for i, link in enumerate(links) if link.kind == "markdown"]
        self._link_targets(source, [link.target for link in links], markdown, link_names(meta))

    def _link_targets(
        self, source: str, targets: list[str], markdown: list[int], names: list[str]
    ) -> list[str | None]:
        """Resolve a note's link targets (``markdown``: positions of Markdown links) and
        enter them in the graph with its link name keys; returns the resolved paths."""
        paths = resolve_many(targets, source, self._names)
        for i in markdown:
            paths[i] = resolve_markdown(targets[i], source, self._names)
        self._graph.add(source, paths, names)
        return paths

    def _relink_named(self, path: str, folders: Sequence[str] = ()) -> None:
        """Re-resolve every note linking by a name ``path`` carries (it appeared or left),
        or by the name of one of ``folders`` (which appeared or left with it)."""
        keys = {link_name_key(path), *map(link_name_key, folders)}
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
        self._completions = None
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
        if not path or self.vault.is_ignored(path):
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
            found = list(self.vault.iter_files(path))
        elif full.is_file():
            try:
                st = full.stat()
            except OSError:
                return
            found = [VaultFile(path, st.st_size, st.st_mtime_ns)]
        else:  # vanished before we looked: a delete will follow, or it already happened
            self._remove_tree(path)
            return
        batch: list[scan.ParsedFile] = []
        for vf in found:
            parsed = self._add_file(vf)
            if parsed is not None:
                batch.append(parsed)
        if self.store is not None and batch:
            resolved = self._graph.resolved
            self.store.put(batch, {p.path: resolved[p.path] for p in batch if p.path in resolved})
            self._commit()

    def _add_file(self, vf: VaultFile) -> scan.ParsedFile | None:
        old = self._files.get(vf.path)
        is_new = old is None
        if is_new:
            self._forget_names_fingerprint()
        if not is_note_path(vf.path):
            self._files[vf.path] = vf
            if is_new:
                self._names.add(vf.path)
                self._relink_named(vf.path, self._names.lone_folders(vf.path))
            return None
        if not is_new and vf.path in self._metas and old == vf:
            return None  # unchanged (our own save echoed back, or a duplicate event)
        parsed = scan.read_and_parse(str(self.vault.root), vf.path)
        self._files[vf.path] = VaultFile(vf.path, max(parsed.size, 0), parsed.mtime_ns)
        if vf.path in self._metas:
            self._drop_note(vf.path)
        self._metas[vf.path] = parsed.meta
        self._tags.add(vf.path, parsed.meta.tags)
        self._link_source(vf.path, parsed.meta)
        if is_new:
            self._names.add(vf.path)
            self._relink_named(vf.path, self._names.lone_folders(vf.path))
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
        folders = self._names.lone_folders(path)
        self._names.remove(path)
        self._relink_named(path, folders)

    def _forget_names_fingerprint(self) -> None:
        """The set of files changed: cached resolutions must not be trusted next open."""
        if self.store is not None:
            self.store.set_info(NAMES_KEY, "")
            self.store.drop_image()
