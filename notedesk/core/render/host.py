"""``PathHost``: a ``RenderHost`` straight on a ``Vault``, for tests, the CLI and export."""

from __future__ import annotations

from notedesk.core.linkplaces import FolderLink, listed_folder_link
from notedesk.core.links import NameTable, resolve, split_fragment
from notedesk.core.vault import Vault

# Embedded text beyond this is not read: a transclusion is for reading, not for 100 MB logs.
MAX_EMBED_BYTES = 4 * 1024 * 1024


class PathHost:
    """Resolves links by the vault rules (``notedesk.core.links``) over one listing of the vault."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.files: list[str] = sorted(f.path for f in vault.iter_files())
        self._names = NameTable(self.files)

    def resolve_link(self, target: str, source: str) -> str | None:
        name, _fragment = split_fragment(target)
        return resolve(name, source, self._names)

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        return listed_folder_link(self._names, split_fragment(target)[0], source)

    def read_text(self, path: str) -> str | None:
        return self.vault.read_text_limited(path, MAX_EMBED_BYTES)
