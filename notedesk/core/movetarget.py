"""Where a rename or move may put things: paths typed as names, and moving many at once.

``typed_path`` turns what the user typed as a new name into a vault path: a
plain name renames in place, ``Projects/Idea`` moves the note there (the path
starts at the vault's top folder, as in Obsidian; missing folders are made by
the move itself). ``check_moves`` sorts the items of a multi-selection moved
into one folder into those that can go and those that cannot, with the reason.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import NamedTuple

from notedesk.core.filenames import (
    FileOpError,
    FolderNames,
    InvalidNameError,
    check_name,
    find_collision,
    name_keys,
    renamed_path,
)
from notedesk.core.leftout import move_problem
from notedesk.core.vault import Vault, VaultError

__all__ = ["MoveCheck", "check_moves", "missing_folders", "typed_path"]


def missing_folders(vault: Vault, path: str) -> list[str]:
    """The folders above ``path`` that do not exist yet, top first."""
    missing: list[str] = []
    folder = posixpath.dirname(path)
    while folder and not vault.abspath(folder).is_dir():
        missing.append(folder)
        folder = posixpath.dirname(folder)
    return missing[::-1]


def _existing_folder(vault: Vault, parent: str, name: str) -> str | None:
    """``name`` as it is spelled on disk in ``parent`` if a folder matches it case-insensitively
    (None: no such folder yet); a file of that name is refused."""
    try:
        base = vault.abspath(parent) if parent else vault.root
        entries = os.listdir(base)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileOpError(f"Cannot read the folder “{parent}”: {exc.strerror}") from exc
    if name in entries and (base / name).is_dir():
        return name
    for entry in sorted(entries):
        if entry.casefold() == name.casefold():
            if (base / entry).is_dir():
                return entry
            shown = f"{parent}/{entry}" if parent else entry
            raise FileOpError(f"“{shown}” is a file, not a folder.")
    return None


def typed_path(vault: Vault, old: str, typed: str, is_dir: bool = False) -> str:
    """The path ``old`` gets when renamed to ``typed``.

    Without a ``/`` that is a name in the same folder. With one it is a path from
    the vault's top folder (``Projects/Idea``); a folder that exists with other
    capitals is used as it is spelled. Refuses ``..``, a leading ``/``, empty
    folder names and anything leading outside the vault.
    """
    text = typed.strip()
    if "/" not in text:
        return renamed_path(old, text, is_dir)
    if text.startswith("/"):
        raise InvalidNameError(
            f"“{text}”: a path starts at the vault's top folder, without a “/” in front."
        )
    parts = text.split("/")
    if any(p in (".", "..") for p in parts):
        raise InvalidNameError(
            f"“{text}”: “.” and “..” cannot be used; a path starts at the vault's top folder."
        )
    if any(not p for p in parts):
        raise InvalidNameError(f"“{text}”: a folder name between two “/” is empty.")
    folder = ""
    for part in parts[:-1]:
        check_name(part)
        spelled = _existing_folder(vault, folder, part) or part
        folder = f"{folder}/{spelled}" if folder else spelled
    new = renamed_path(f"{folder}/{posixpath.basename(old)}", parts[-1], is_dir)
    try:
        vault.abspath(new)
    except VaultError as exc:
        raise FileOpError(f"“{text}” leads outside the vault.") from exc
    return new


class MoveCheck(NamedTuple):
    """``moves``: (old, new) pairs that can go; ``refused``: (path, why not) for the rest."""

    moves: list[tuple[str, str]]
    refused: list[tuple[str, str]]


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK | os.X_OK)


def _nearest_existing(vault: Vault, folder: str) -> Path:
    full = vault.abspath(folder) if folder else vault.root
    while not full.exists() and full != vault.root:
        full = full.parent
    return full


def check_moves(vault: Vault, paths: list[str], dest: str) -> MoveCheck:
    """Which of ``paths`` can move into folder ``dest`` ("" is the vault root).

    Items already in ``dest`` and items inside another item are left out (they
    are where they go, or go with it); a folder into itself, a name taken in
    ``dest`` (by a file there or by another item) and a folder the user may not
    write to are refused with the reason.
    """
    dest = dest.strip("/")
    unique = list(dict.fromkeys(p.strip("/") for p in paths if p.strip("/")))
    items = [p for p in unique if not any(p.startswith(q + "/") for q in unique)]
    moves: list[tuple[str, str]] = []
    refused: list[tuple[str, str]] = []
    claimed: dict[str, str] = {}  # name key in dest -> item that takes it
    names = FolderNames(vault)
    try:
        dest_ok = _writable(_nearest_existing(vault, dest))
    except VaultError as exc:
        raise FileOpError(str(exc)) from exc
    for path in items:
        if posixpath.dirname(path) == dest:
            continue
        name = path.rsplit("/", 1)[-1]
        new = f"{dest}/{name}" if dest else name
        try:
            why = _refusal(vault, path, new, dest, dest_ok, claimed, names)
        except VaultError as exc:
            why = str(exc)
        if why is not None:
            refused.append((path, why))
            continue
        claimed.update(dict.fromkeys(name_keys(name), path))
        moves.append((path, new))
    return MoveCheck(moves, refused)


def _refusal(
    vault: Vault,
    path: str,
    new: str,
    dest: str,
    dest_ok: bool,
    claimed: dict[str, str],
    names: FolderNames,
) -> str | None:
    """Why ``path`` cannot move to ``new`` (None: it can)."""
    full = vault.abspath(path)
    if not os.path.lexists(full):
        return "it does not exist any more"
    if dest == path or dest.startswith(path + "/"):
        return "a folder cannot go into itself"
    hidden = move_problem(vault.ignore_rules, path, new, full.is_dir())
    if hidden is not None:
        return hidden
    clash = find_collision(vault, new, names=names)
    if clash is not None:
        return f"“{clash}” already exists"
    other = next((claimed[k] for k in name_keys(new.rsplit("/", 1)[-1]) if k in claimed), None)
    if other is not None:
        return f"“{other}” goes there too, under the same name"
    # A folder moved to another folder has its own ".." entry rewritten: it must be writable.
    if not dest_ok or not _writable(full.parent) or (full.is_dir() and not _writable(full)):
        return "permission denied"
    return None
