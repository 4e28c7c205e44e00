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
