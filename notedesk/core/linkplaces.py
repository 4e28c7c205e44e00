"""Where a link that names no file points: a folder of the vault, or outside it.

A link to a folder never creates a note: the app shows the folder, or the note a
docs reader expects for it (its ``index.md``, else its ``README.md``, any case;
index first, as MkDocs does). Nor does a link ending in ``/``, a link to a file or
folder the vault leaves out (hidden, ignored), or one whose new note would land in a
hidden or left-out folder: :func:`no_new_note` says why.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from notedesk.core.leftout import left_out_part, left_out_text
from notedesk.core.links import is_folder_path, resolve_markdown
from notedesk.core.nametable import NameTable
from notedesk.core.vault import Vault, VaultError

FOLDER_NOTES = ("index.md", "readme.md")  # casefolded, in order of preference


@dataclass(frozen=True)
class FolderLink:
    """A link naming a folder: ``folder`` ('' for the vault's top folder) and the note
    that stands for it, if the folder has one."""

    folder: str
    note: str | None


def link_path(target: str, source: str, *, from_root: bool = False) -> str | None:
    """The vault path a link's target names: relative to ``source``'s folder (to the
    vault's top folder for a ``/``-leading target, or with ``from_root``); '' for the top
    folder itself; None when the path leaves the vault."""
    path = unquote(target.partition("#")[0]).strip().replace("\\", "/")
    if path.startswith("/") or from_root:
        joined = posixpath.normpath("/" + path.lstrip("/")).lstrip("/")
    else:
        folder = posixpath.dirname(source)
        joined = posixpath.normpath(posixpath.join(folder, path) if folder else path or ".")
    if joined == ".." or joined.startswith("../"):
        return None
    return "" if joined in (".", "/") else joined


def leaves_vault(target: str, source: str) -> bool:
    return link_path(target, source) is None


def _is_folder(vault: Vault, path: str) -> bool:
    if path == "":
        return True
    if vault.is_ignored(path, True):
        return False  # .git, .obsidian, node_modules...: not vault content
    try:
        return vault.abspath(path).is_dir()
    except (VaultError, OSError):
        return False


def folder_note(vault: Vault, folder: str) -> str | None:
    """The folder's ``index.md``, else its ``README.md`` (any case), or None."""
    try:
        base = vault.abspath(folder) if folder else vault.root
        names = {e.name.casefold(): e.name for e in os.scandir(base) if e.is_file()}
    except (VaultError, OSError):
        return None
    for wanted in FOLDER_NOTES:
        name = names.get(wanted)
        if name is not None:
            return f"{folder}/{name}" if folder else name
    return None


def folder_link(vault: Vault, target: str, source: str) -> FolderLink | None:
    """The vault folder a link's target names (relative to the note, then, unless it
    starts with ``./`` or ``../``, from the vault's top folder), or None when it names
    no folder."""
    if not target.partition("#")[0].strip():
        return None  # `[x](#heading)`: this note, not its folder
    relative = target.startswith(("./", "../")) or target.partition("#")[0] in (".", "..")
    for from_root in (False,) if relative else (False, True):
        path = link_path(target, source, from_root=from_root)
        if path is not None and _is_folder(vault, path):
            return FolderLink(path, folder_note(vault, path))
    return None


def listed_folder_note(names: NameTable, folder: str) -> str | None:
    """``folder_note`` by a listing of the vault's files (the index's, or an export's)."""
    for wanted in FOLDER_NOTES:
        key = (f"{folder}/{wanted}" if folder else wanted).casefold()
        found = sorted(p for p in names.by_key.get(key, ()) if p.casefold() == key)
        if found:
            return found[0]
    return None


def listed_folder_link(names: NameTable, target: str, source: str) -> FolderLink | None:
    """The folder a Markdown link's (URL-decoded) target names by the link rules over a
    listing of the vault's files (``links.resolve_markdown``: a file there wins; a folder
    is one holding a file), and its note; None when it names no folder."""
    found = resolve_markdown(target, source, names)
    if found is None or not is_folder_path(found):
        return None
    folder = found.strip("/")
    return FolderLink(folder, listed_folder_note(names, folder))


def no_new_note(vault: Vault, target: str, source: str, new_path: str) -> str | None:
    """Why following the unresolved link ``target`` (from note ``source``) must not create
    the note ``new_path``: a message for the user, or None (it may be created)."""
    rules = vault.ignore_rules
    written = unquote(target.partition("#")[0]).strip()
    relative = written.startswith(("./", "../"))
    for from_root in (False,) if relative else (False, True):
        path = link_path(target, source, from_root=from_root)
        if not path:
            continue
        try:
            full = vault.abspath(path)
            exists = os.path.lexists(full)
            is_dir = exists and full.is_dir()
        except (VaultError, OSError):
            continue
        part = left_out_part(rules, path, is_dir) if exists else None
        if part is not None:
            return f"Not opened: {left_out_text(rules, part, slash=True)}"
    if written.endswith("/"):
        return f"Not opened: there is no folder “{written}” in this vault"
    part = left_out_part(rules, new_path, False)
    if part is not None:
        return f"Not created: {new_path} — {left_out_text(rules, part, slash=True)}"
    return None
