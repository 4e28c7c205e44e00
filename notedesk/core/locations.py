"""Per-user folders (platformdirs) and the first-start copy of the sample vault."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import platformdirs

APP_NAME = "notedesk"


def data_dir() -> Path:
    """Per-user data folder; ``NOTEDESK_DATA_DIR`` overrides it (tests, portable use)."""
    override = os.environ.get("NOTEDESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    override = os.environ.get("NOTEDESK_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def ensure_sample_vault(bundled: Path) -> Path:
    """A writable copy of the bundled sample vault in the data dir, made once.

    The installed resources are never edited: the user works on the copy.
    """
    target = data_dir() / "Sample vault"
    if not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(target.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(bundled, staging)
        os.replace(staging, target)
    return target


def enclosing_vault(folder: Path, max_up: int = 8) -> Path:
    """The vault a note belongs to: the nearest folder above with ``.obsidian/``, else its own."""
    current = folder
    for _ in range(max_up):
        if (current / ".obsidian").is_dir():
            return current
        if current.parent == current or current == Path.home():
            break
        current = current.parent
    return folder


def choose_vault(target: Path | None, last_vault: str) -> tuple[Path, str | None]:
    """The vault folder to open and, if any, the note to show first."""
    from notedesk.resources import resource

    if target is not None:
        target = target.absolute()
        if target.is_dir():
            return target, None
        root = enclosing_vault(target.parent)
        return root, target.relative_to(root).as_posix()
    if last_vault and Path(last_vault).is_dir():
        return Path(last_vault), None
    sample = ensure_sample_vault(resource("sample-vault"))
    welcome = "Welcome to notedesk.md"
    return sample, welcome if (sample / welcome).is_file() else None
