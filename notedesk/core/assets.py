"""Qt-free half of the preview's ``vault:`` URL scheme: request path -> (mime type, bytes).

URLs are ``vault://app/<file>`` for the app's own page files and
``vault://asset/<vault-relative path>`` for files of the open vault. Anything
else, and anything that would leave its root, is refused.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from notedesk.core.vault import OutsideVaultError, Vault

# Files above this are not served to the preview (a runaway embed must not exhaust memory).
MAX_ASSET_BYTES = 200 * 1024 * 1024

_EXTRA_TYPES = {
    ".md": "text/markdown",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".opus": "audio/ogg",
    ".m4a": "audio/mp4",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
}


class AssetRefused(Exception):
    """The request names nothing this handler may serve; ``status`` is the HTTP-like reason."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Asset:
    mime: str
    data: bytes


def guess_mime(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def split_url_path(raw_path: str) -> str:
    """Percent-decode a URL path once and refuse the forms that could escape a root."""
    decoded = unquote(raw_path.lstrip("/"))
    if not decoded:
        raise AssetRefused("not-found", "empty path")
    if "\x00" in decoded or "\\" in decoded or decoded.startswith("//"):
        raise AssetRefused("denied", f"invalid path {decoded!r}")
    parts = decoded.split("/")
    if any(p in ("..", ".") for p in parts) or (
        parts and len(parts[0]) >= 2 and parts[0][1] == ":"
    ):
        raise AssetRefused("denied", f"{decoded} is outside the vault")
    return decoded


class AssetServer:
    """Serves the app's page files and the open vault's files, nothing else."""

    def __init__(self, app_root: Path, vault: Vault | None = None) -> None:
        self._app_root = Path(os.path.realpath(app_root))
        self.vault = vault

    def serve(self, host: str, raw_path: str) -> Asset:
        rel = split_url_path(raw_path)
        if host == "app":
            path = self._app_file(rel)
        elif host == "asset":
            if self.vault is None:
                raise AssetRefused("not-found", "no vault is open")
            try:
                path = self.vault.abspath(rel)
            except OutsideVaultError as exc:
                raise AssetRefused("denied", str(exc)) from exc
            if any(part.startswith(".") for part in rel.split("/")):
                raise AssetRefused("denied", f"{rel} is in a hidden folder")
        else:
            raise AssetRefused("denied", f"unknown host {host!r}")
        return Asset(guess_mime(path.name), _read_bounded(path))

    def _app_file(self, rel: str) -> Path:
        path = Path(os.path.realpath(self._app_root / rel))
        if self._app_root not in path.parents:
            raise AssetRefused("denied", f"{rel} is outside the app's files")
        return path


def _read_bounded(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise AssetRefused("not-found", f"{path.name} does not exist")
        if path.stat().st_size > MAX_ASSET_BYTES:
            raise AssetRefused("denied", f"{path.name} is too large to show")
        return path.read_bytes()
    except OSError as exc:
        raise AssetRefused("denied", f"cannot read {path.name}: {exc.strerror}") from exc
