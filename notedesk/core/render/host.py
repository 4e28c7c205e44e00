"""``PathHost``: a ``RenderHost`` straight on a ``Vault``, for tests, the CLI and export."""

from __future__ import annotations

import posixpath

from notedesk.core.vault import Vault, VaultError, is_note_path

# Embedded text beyond this is not read: a transclusion is for reading, not for 100 MB logs.
MAX_EMBED_BYTES = 4 * 1024 * 1024


def clean_target(target: str) -> str | None:
    """A link target as a vault-relative posix path, or None if it tries to leave the vault."""
    t = target.replace("\\", "/").strip()
    if not t or "\x00" in t:
        return None
    t = t.lstrip("/")
    if not t or ":" in t.split("/", 1)[0]:
        return None
    norm = posixpath.normpath(t)
    if norm == "." or norm.startswith("../") or norm == "..":
        return None
    return norm


class PathHost:
    """Resolves links by the vault rules over one listing of the vault's files.

    Exact vault-relative path first, then a match in the linking note's folder,
    then the shortest matching path; case-insensitive, ``.md`` optional.
    """

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.files: list[str] = sorted(f.path for f in vault.iter_files())
        self._by_path: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for path in self.files:
            low = path.lower()
            self._by_path.setdefault(low, path)
            name = low.rsplit("/", 1)[-1]
            self._by_name.setdefault(name, []).append(path)
            if is_note_path(path):
                stem = low.rsplit(".", 1)[0]
                self._by_path.setdefault(stem, path)
                self._by_name.setdefault(stem.rsplit("/", 1)[-1], []).append(path)

    def resolve_link(self, target: str, source: str) -> str | None:
        t = clean_target(target)
        if t is None:
            return None
        low = t.lower()
        exact = self._by_path.get(low)
        if exact is not None:
            return exact
        name = low.rsplit("/", 1)[-1]
        suffix = "/" + low
        candidates = [
            p
            for p in self._by_name.get(name, [])
            if ("/" + p.lower()).endswith(suffix)
            or ("/" + p.lower().rsplit(".", 1)[0]).endswith(suffix)
        ]
        if not candidates:
            return None
        folder = posixpath.dirname(source).lower()
        for path in candidates:
            if posixpath.dirname(path).lower() == folder:
                return path
        return min(candidates, key=lambda p: (len(p), p))

    def read_text(self, path: str) -> str | None:
        try:
            full = self.vault.abspath(path)
            if full.stat().st_size > MAX_EMBED_BYTES:
                return None
            return self.vault.read_text(path)
        except (VaultError, OSError):
            return None
