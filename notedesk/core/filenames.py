"""Rules for the names of notes and folders: what breaks links, what collides, what is free."""

from __future__ import annotations

import os
import posixpath

from notedesk.core.vault import NOTE_SUFFIXES, Vault, VaultError, is_note_path

__all__ = [
    "FileOpError",
    "FolderNames",
    "InvalidNameError",
    "NameCollisionError",
    "check_name",
    "find_collision",
    "moved_path",
    "name_keys",
    "renamed_path",
    "unique_path",
]

# Each of these ends a wikilink target or starts a fragment, alias or comment.
_LINK_BREAKERS = (
    ("[[", "“[[” starts a link"),
    ("]]", "“]]” ends a link"),
    ("%%", "“%%” starts a comment"),
    ("#", "“#” starts a heading reference in links"),
    ("|", "“|” separates a link from its shown text"),
    ("^", "“^” starts a block reference in links"),
    (":", "“:” is not allowed in file names on Windows and macOS"),
    ("/", "“/” separates folders"),
    ("\\", "“\\” separates folders on Windows"),
)
_WINDOWS_RESERVED = '<>"?*'
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)


class FileOpError(VaultError):
    """A file operation was refused or failed; the message is meant for the user."""


class InvalidNameError(FileOpError):
    """The new name would break links or is not a valid file name."""


class NameCollisionError(FileOpError):
    """Another file or folder already has that name (compared case-insensitively)."""


def check_name(name: str) -> None:
    """Raise :class:`InvalidNameError` with the reason if ``name`` cannot be used."""
    if not name.strip():
        raise InvalidNameError("The name is empty.")
    if name != name.strip():
        raise InvalidNameError("A name cannot start or end with a space.")
    if name in (".", ".."):
        raise InvalidNameError(f"“{name}” is not a valid name.")
    if name.startswith("."):
        raise InvalidNameError("A name starting with “.” would be hidden from the vault.")
    for chars, reason in _LINK_BREAKERS:
        if chars in name:
            raise InvalidNameError(f"“{name}” cannot be used: {reason}.")
    bad = sorted({ch for ch in name if ch in _WINDOWS_RESERVED})
    if bad:
        shown = " ".join(bad)
        raise InvalidNameError(f"“{name}” cannot be used: {shown} are not allowed on Windows.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise InvalidNameError("A name cannot contain control characters.")
    if name.endswith("."):
        raise InvalidNameError("A name cannot end with “.” (Windows drops it).")
    if name.split(".", 1)[0].casefold() in _WINDOWS_DEVICES:
        raise InvalidNameError(f"“{name}” is a reserved device name on Windows.")
    if len(name.encode("utf-8")) > 255:
        raise InvalidNameError("The name is too long.")


def _note_suffix(path: str) -> str:
    low = path.casefold()
    return next((s for s in NOTE_SUFFIXES if low.endswith(s)), "")


def renamed_path(old: str, new_name: str, is_dir: bool = False) -> str:
    """The path ``old`` gets when renamed to ``new_name`` in its folder.

    A note keeps its extension when the user types a bare name (``Memo`` ->
    ``Memo.md``), as the tree shows notes without it.
    """
    new_name = new_name.strip()
    check_name(new_name)
    suffix = "" if is_dir else _note_suffix(old)
    if suffix and not is_note_path(new_name):
        new_name += suffix
    folder = posixpath.dirname(old)
    return f"{folder}/{new_name}" if folder else new_name


def moved_path(old: str, dest_folder: str) -> str:
    """The path ``old`` gets when moved into ``dest_folder`` (``""`` is the vault root)."""
    dest_folder = dest_folder.strip("/")
    if dest_folder == old or dest_folder.startswith(old + "/"):
        raise FileOpError(f"Cannot move “{old}” into itself.")
    name = old.rsplit("/", 1)[-1]
    return f"{dest_folder}/{name}" if dest_folder else name


def _stem_key(name: str) -> str:
    """Notes ``A.md`` and ``a.markdown`` answer the same ``[[A]]``: they collide."""
    suffix = _note_suffix(name)
    return (name[: -len(suffix)] if suffix else name).casefold() + ("\0note" if suffix else "")


def name_keys(name: str) -> set[str]:
    """What ``name`` collides with in a folder: itself in any case, and ``A.md`` with
    ``a.markdown`` (both answer ``[[A]]``)."""
    return {name.casefold(), _stem_key(name)}


class FolderNames:
    """The names in vault folders by what they collide with, each folder read once:
    for checking many names (a multi-selection moved into one folder) without
    listing the folder again for each."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._folders: dict[str, dict[str, list[str]]] = {}

    def keyed(self, folder: str) -> dict[str, list[str]]:
        """Collision key -> the entries of ``folder`` with that key (none if it is missing)."""
        found = self._folders.get(folder)
        if found is not None:
            return found
        try:
            base = self._vault.abspath(folder) if folder else self._vault.root
            entries = os.listdir(base)
        except FileNotFoundError:
            entries = []
        except OSError as exc:
            raise FileOpError(f"Cannot read the folder “{folder}”: {exc.strerror}") from exc
        found = {}
        for entry in entries:
            for key in name_keys(entry):
                found.setdefault(key, []).append(entry)
        self._folders[folder] = found
        return found


def find_collision(
    vault: Vault, new: str, old: str | None = None, names: FolderNames | None = None
) -> str | None:
    """The existing entry that ``new`` would collide with, or None.

    Compared case-insensitively (as macOS and Windows do); ``old`` itself does
    not count, so a case-only rename is allowed. ``names``: folders already read.
    """
    folder = posixpath.dirname(new)
    name = new.rsplit("/", 1)[-1]
    keyed = (names or FolderNames(vault)).keyed(folder)
    old_name = old.rsplit("/", 1)[-1] if old is not None else None
    same_folder = old is not None and posixpath.dirname(old) == folder
    for key in name_keys(name):
        for entry in keyed.get(key, ()):
            if not (same_folder and entry == old_name):
                return f"{folder}/{entry}" if folder else entry
    return None


def unique_path(vault: Vault, folder: str, base: str, suffix: str = "") -> str:
    """``folder/base``, or ``base 1``, ``base 2``… : the first name nothing collides with."""
    folder = folder.strip("/")
    names = FolderNames(vault)
    n = 0
    while True:
        name = f"{base}{suffix}" if n == 0 else f"{base} {n}{suffix}"
        path = f"{folder}/{name}" if folder else name
        if find_collision(vault, path, names=names) is None:
            return path
        n += 1
