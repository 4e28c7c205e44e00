"""The file names of an exported site: safe to copy to any disk people carry a site on.

A USB stick (FAT, exFAT), a Windows or macOS share and macOS's own disk ignore case, so
``case.md`` and ``CASE.md`` would land on one file; Windows also refuses ``<>:"|?*\\``,
control characters, names ending in a dot or space and device names (``CON``, ``nul.txt``,
``COM1``...). Each vault file and folder gets a name that avoids all of that: its own name
where it is already safe, else a readable stand-in (``_`` for a forbidden character,
`` (2)`` for the second of two names a disk would take for one). The same vault always
gets the same names.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable

from notedesk.core.render import page_path
from notedesk.core.vault import is_note_path

_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')
# Windows device names, reserved with any extension ("nul.txt") and with trailing spaces.
_DEVICE = re.compile(r"(?:CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³]) *", re.I)
# Most file systems allow 255 bytes a name; what is left over makes room for " (12)".
MAX_NAME_BYTES = 240


def name_key(name: str) -> str:
    """The name as a case-insensitive disk compares it (macOS also merges Unicode forms)."""
    return unicodedata.normalize("NFC", name).casefold()


def _split_ext(name: str) -> tuple[str, str]:
    stem, ext = posixpath.splitext(name)
    return (stem, ext) if stem else (name, "")


def _fit(stem: str, tail: str) -> str:
    """``stem + tail`` cut at a character so it takes at most ``MAX_NAME_BYTES`` bytes."""
    room = MAX_NAME_BYTES - len(tail.encode("utf-8"))
    data = stem.encode("utf-8")
    if len(data) > room:
        stem = data[:room].decode("utf-8", errors="ignore").rstrip(". ")
    return stem + tail


def safe_name(name: str) -> str:
    """``name`` as Windows accepts it: the same text when it already does."""
    name = _FORBIDDEN.sub("_", name)
    trimmed = name.rstrip(". ")
    if trimmed != name:  # "Draft." and "Draft" stay apart until the collision check
        name = trimmed + "_"
    first = name.split(".", 1)[0]
    if _DEVICE.fullmatch(first):
        name = first.rstrip(" ") + "_" + name[len(first) :]
    stem, ext = _split_ext(name)
    return _fit(stem, ext) if len(name.encode("utf-8")) > MAX_NAME_BYTES else name


def _numbered(name: str, n: int) -> str:
    stem, ext = _split_ext(name)
    return _fit(stem, f" ({n}){ext}")


class _Folder:
    """One output folder: the names taken in it and the vault entries that want one."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        # original name -> (wanted name, rank): names already safe rank first, then
        # notes and folders before other files
        self.wanted: dict[str, tuple[str, tuple[bool, int]]] = {}

    def want(self, original: str, target: str, kind: int) -> None:
        """``original`` (a vault name) would be ``target`` in the export."""
        if original not in self.wanted:
            safe = safe_name(target)
            self.wanted[original] = (safe, (safe != target, kind))

    def claim(self, wanted: str) -> str:
        name, n = wanted, 1
        while name_key(name) in self.taken:
            n += 1
            name = _numbered(wanted, n)
        self.taken.add(name_key(name))
        return name

    def assign(self) -> dict[str, str]:
        """Original name -> output name: names already safe first, each group sorted."""
        order = sorted(self.wanted.items(), key=lambda item: (item[1][1], item[0]))
        return {original: self.claim(wanted) for original, (wanted, _rank) in order}


def export_names(files: list[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Vault path -> path in the export (a note's page, another file's copy).

    ``reserved`` names at the top of the export are the site's own (its asset folder):
    no vault file or folder takes them.
    """
    folders: dict[str, _Folder] = {"": _Folder()}
    folders[""].taken.update(name_key(r) for r in reserved)
    for path in files:
        parent = ""
        parts = path.split("/")
        for part in parts[:-1]:
            folders.setdefault(parent, _Folder()).want(part, part, 0)
            parent = f"{parent}/{part}" if parent else part
        note = is_note_path(path)
        target = posixpath.basename(page_path(path)) if note else parts[-1]
        folders.setdefault(parent, _Folder()).want(parts[-1], target, 0 if note else 1)
    chosen = {folder: entries.assign() for folder, entries in folders.items()}
    out_dirs: dict[str, str] = {"": ""}
    for folder in sorted(folders, key=lambda f: f.count("/") if f else -1):
        if folder:  # parents come first: fewer slashes
            parent, _, name = folder.rpartition("/")
            above = out_dirs[parent]
            out_dirs[folder] = f"{above}/{chosen[parent][name]}" if above else chosen[parent][name]

    result: dict[str, str] = {}
    for path in files:
        parent, _, name = path.rpartition("/")
        above = out_dirs[parent]
        result[path] = f"{above}/{chosen[parent][name]}" if above else chosen[parent][name]
    return result
