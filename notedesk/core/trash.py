"""Deleting means moving to a trash: never a permanent delete.

On Linux and the BSDs this follows the FreeDesktop.org Trash specification
1.0: the file goes to ``$XDG_DATA_HOME/Trash/files/`` with a matching
``info/<name>.trashinfo`` (original path, deletion date), so the desktop's
trash can restore it. A vault on another device than the home trash (a USB
stick, a network share) cannot be renamed into it without copying, so such
files go to the vault's own ``.trash/`` folder, as Obsidian does; the vault
never shows that folder. On macOS and Windows the native trash is used through
``send2trash`` when it is installed, else the vault's ``.trash/``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import quote

from notedesk.core.filenames import FileOpError
from notedesk.core.vault import Vault, VaultError

__all__ = ["Trash", "TrashResult", "home_trash_dir"]

TrashKind = Literal["system", "vault"]
VAULT_TRASH = ".trash"


class TrashResult(NamedTuple):
    path: str  # vault-relative path that was removed
    kind: TrashKind
    location: str  # where it is now ("" when the native trash does not tell)


def home_trash_dir(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME/Trash``, by default ``~/.local/share/Trash``."""
    env = os.environ if environ is None else environ
    data = env.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data) / "Trash"


def _device(path: Path) -> int | None:
    """The device of ``path`` or of its nearest existing ancestor."""
    for candidate in (path, *path.parents):
        try:
            return candidate.stat().st_dev
        except OSError:
            continue
    return None


def _split(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if not stem:  # no extension, or a dot-file
        return name, ""
    return stem, dot + ext


def _free_names(name: str) -> list[str]:
    stem, ext = _split(name)
    return [name] + [f"{stem} {n}{ext}" for n in range(2, 10000)]


class Trash:
    """Moves vault files and folders to a trash; the one way notedesk deletes."""

    def __init__(
        self,
        home_trash: Path | None = None,
        native: Callable[[str], None] | None = None,
        *,
        platform: str = sys.platform,
    ) -> None:
        self.home_trash = home_trash if home_trash is not None else home_trash_dir()
        self._platform = platform
        self._native = native if native is not None else _load_send2trash(platform)

    def trash(self, vault: Vault, rel: str) -> TrashResult:
        """Move ``rel`` (file or folder) to a trash; raises :class:`FileOpError`."""
        try:
            full = vault.abspath(rel)
        except VaultError as exc:
            raise FileOpError(str(exc)) from exc
        if not os.path.lexists(full):
            raise FileOpError(f"“{rel}” does not exist any more.")
        if self._platform in ("darwin", "win32"):
            if self._native is not None:
                try:
                    self._native(str(full))
                except OSError as exc:
                    raise FileOpError(f"Cannot move “{rel}” to the trash: {exc}") from exc
                return TrashResult(rel, "system", "")
            return self._to_vault_trash(vault, rel, full)
        if _device(full.parent) == _device(self.home_trash):
            return self._to_home_trash(rel, full)
        return self._to_vault_trash(vault, rel, full)

    def _to_home_trash(self, rel: str, full: Path) -> TrashResult:
        files = self.home_trash / "files"
        info = self.home_trash / "info"
        try:
            for folder in (self.home_trash, files, info):
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise FileOpError(f"Cannot use the trash {self.home_trash}: {exc.strerror}") from exc
        stamp = datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
        body = f"[Trash Info]\nPath={quote(str(full.absolute()), safe='/')}\nDeletionDate={stamp}\n"
        for name in _free_names(full.name):
            info_file = info / f"{name}.trashinfo"
            # O_EXCL reserves the name atomically, as the specification asks.
            try:
                fd = os.open(info_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            except OSError as exc:
                raise FileOpError(f"Cannot write to the trash: {exc.strerror}") from exc
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(body)
            target = files / name
            try:
                if os.path.lexists(target):
                    raise FileExistsError(target)
                os.rename(full, target)
            except FileExistsError:
                with contextlib.suppress(OSError):
                    info_file.unlink()
                continue
            except OSError as exc:
                with contextlib.suppress(OSError):
                    info_file.unlink()
                raise FileOpError(f"Cannot move “{rel}” to the trash: {exc.strerror}") from exc
            return TrashResult(rel, "system", str(target))
        raise FileOpError("The trash has too many files of that name.")

    def _to_vault_trash(self, vault: Vault, rel: str, full: Path) -> TrashResult:
        folder = vault.root / VAULT_TRASH
        try:
            folder.mkdir(exist_ok=True)
            for name in _free_names(full.name):
                target = folder / name
                if os.path.lexists(target):
                    continue
                os.rename(full, target)
                return TrashResult(rel, "vault", f"{VAULT_TRASH}/{name}")
        except OSError as exc:
            raise FileOpError(f"Cannot move “{rel}” to the vault's trash: {exc.strerror}") from exc
        raise FileOpError("The vault's trash has too many files of that name.")


def _load_send2trash(platform: str) -> Callable[[str], None] | None:
    if platform not in ("darwin", "win32"):
        return None
    try:
        from send2trash import send2trash
    except ImportError:
        return None
    return send2trash  # type: ignore[no-any-return]
