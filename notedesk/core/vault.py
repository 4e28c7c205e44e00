"""A vault: a folder of Markdown notes and their attachments."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from notedesk.core.atomic import TextFormat, decode_text, save_text
from notedesk.core.filekinds import looks_binary
from notedesk.core.ignore import IgnoreRules, LeftOut, is_hidden_part

NOTE_SUFFIXES = (".md", ".markdown")


class VaultError(Exception):
    """A vault operation failed; the message is meant for the user."""


class BinaryFileError(VaultError):
    """A file is binary (filekinds.looks_binary), though it may be named ``.md``: it has
    no text to read, as the index has it."""


def binary_message(rel: str) -> str:
    return f"{rel} is a binary file, not a text note"


class OutsideVaultError(VaultError):
    """A path points outside the vault (``..``, absolute path or symlink escape)."""


@dataclass(frozen=True)
class VaultFile:
    """One file in the vault, named by its vault-relative ``/``-separated path."""

    path: str
    size: int
    mtime_ns: int

    @property
    def is_note(self) -> bool:
        return is_note_path(self.path)


@dataclass(frozen=True)
class LoadedText:
    text: str
    fmt: TextFormat
    lossless: bool
    size: int
    mtime_ns: int


def is_note_path(path: str) -> bool:
    return path.lower().endswith(NOTE_SUFFIXES)


def note_title(path: str) -> str:
    """A note's title as shown: its file name without the extension (``a/Note.md``: ``Note``)."""
    return posixpath.splitext(path.rsplit("/", 1)[-1])[0]


# "C:", "C:foo": a Windows drive (a colon elsewhere, as in "Meeting 10:30.md", is a name).
_DRIVE = re.compile(r"[A-Za-z]:")


_OUTSIDE = "a link to outside the vault: left out"


class Vault:
    """File access inside one vault root. Paths in and out are vault-relative."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).absolute()
        self._real_root = Path(os.path.realpath(self.root))
        #: What is not vault content (see notedesk.core.ignore), read once: a changed
        #: .gitignore or Foam setting counts from the next time the vault is opened.
        self.ignore_rules = IgnoreRules(self.root)

    def __repr__(self) -> str:
        return f"Vault({str(self.root)!r})"

    # -- paths ---------------------------------------------------------------

    def rel(self, path: str | os.PathLike[str]) -> str:
        """The vault-relative posix path of an absolute path inside the vault."""
        p = Path(path)
        try:
            rel = p.absolute().relative_to(self.root)
        except ValueError:
            try:
                rel = Path(os.path.realpath(p)).relative_to(self._real_root)
            except ValueError as exc:
                raise OutsideVaultError(f"{path} is not inside the vault {self.root}") from exc
        return rel.as_posix()

    def abspath(self, rel: str) -> Path:
        """The absolute path of ``rel``, refusing anything that leaves the vault."""
        if not rel or "\x00" in rel:
            raise OutsideVaultError(f"invalid path {rel!r}")
        pure = PurePosixPath(rel.replace("\\", "/"))
        if pure.is_absolute() or (pure.parts and _DRIVE.match(pure.parts[0])) or ".." in pure.parts:
            raise OutsideVaultError(f"{rel} is outside the vault")
        candidate = self.root.joinpath(*pure.parts)
        real = Path(os.path.realpath(candidate))
        if real != self._real_root and self._real_root not in real.parents:
            raise OutsideVaultError(f"{rel} leads outside the vault")
        return candidate

    # -- listing -------------------------------------------------------------

    def is_ignored(self, rel: str, is_dir: bool | None = None) -> bool:
        """Whether ``rel`` is not vault content: a dot-name or left out by an ignore rule
        (see notedesk.core.ignore). It can still be opened, read and saved by its path."""
        return self.ignore_rules.is_ignored(rel, is_dir)

    def iter_files(
        self,
        under: str = "",
        unlisted: dict[str, str] | None = None,
        ignored: LeftOut | None = None,
    ) -> Iterator[VaultFile]:
        """Every file of the vault (below folder ``under``), depth first: not hidden, not
        left out by the ignore rules; symlink loops and escapes are skipped. ``unlisted``,
        when given, receives what had to be left out and why (vault path -> reason: a
        folder that cannot be read, a path too long, a name no path can carry);
        ``ignored`` counts what the ignore rules left out."""
        rules = self.ignore_rules
        if under.strip("/") and rules.is_ignored(under, True):
            return
        seen_dirs: set[tuple[int, int]] = set()
        start = (
            (self.abspath(under), under.strip("/") + "/") if under.strip("/") else (self.root, "")
        )
        if unlisted is None:
            unlisted = {}  # nobody asked: noted and dropped
        stack: list[tuple[Path, str]] = [start]
        while stack:
            folder, prefix = stack.pop()
            try:
                st = folder.stat()
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    continue
                seen_dirs.add(key)
                entries = list(os.scandir(folder))
            except OSError as exc:
                unlisted[prefix.rstrip("/") or "."] = f"folder cannot be read: {exc.strerror}"
                continue
            subdirs: list[tuple[Path, str]] = []
            for entry in entries:
                name = entry.name
                # is_hidden_part inline: a dot-name, a backslash, or (non-ASCII only) not UTF-8
                if name[0] == ".":
                    continue
                if "\\" in name or (not name.isascii() and is_hidden_part(name)):
                    shown = os.fsdecode(os.fsencode(name)).encode("utf-8", "replace").decode()
                    unlisted[prefix + shown] = "name with a backslash or not UTF-8: left out"
                    continue
                rel = prefix + name
                try:
                    if entry.is_dir():
                        if entry.is_symlink() and not self._inside(entry.path):
                            unlisted[rel] = _OUTSIDE
                            continue
                        source = rules.source_for(rel, True)
                        if source is not None:
                            if ignored is not None:
                                ignored.add(source, True)
                            continue
                        subdirs.append((Path(entry.path), rel + "/"))
                    elif entry.is_file():
                        if entry.is_symlink() and not self._inside(entry.path):
                            unlisted[rel] = _OUTSIDE
                            continue
                        source = rules.source_for(rel, False)
                        if source is not None:
                            if ignored is not None:
                                ignored.add(source, False)
                            continue
                        est = entry.stat()
                        yield VaultFile(rel, est.st_size, est.st_mtime_ns)
                except OSError as exc:
                    unlisted[rel] = f"cannot be read: {exc.strerror}"
                    continue
            stack.extend(sorted(subdirs, reverse=True))

    def iter_folders(self) -> Iterator[str]:
        """Every folder of the vault (vault-relative), including empty ones: not hidden,
        not left out by the ignore rules."""
        rules = self.ignore_rules
        for dirpath, dirnames, _files in os.walk(self.root):
            base = Path(dirpath).relative_to(self.root).as_posix()
            prefix = "" if base == "." else base + "/"
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not is_hidden_part(d)
                and rules.source_for(prefix + d, True) is None
                and not self._listed_elsewhere(os.path.join(dirpath, d))
            )
            for name in dirnames:
                yield prefix + name

    def _listed_elsewhere(self, folder: str) -> bool:
        """A link to a folder whose files the listing does not show under it: one outside
        the vault, or one of the folders it is in (a loop)."""
        if not os.path.islink(folder):
            return False
        if not self._inside(folder):
            return True
        real = os.path.realpath(folder)
        here = os.path.realpath(os.path.dirname(folder))
        return here == real or here.startswith(real + os.sep)

    def _inside(self, path: str) -> bool:
        real = Path(os.path.realpath(path))
        return real == self._real_root or self._real_root in real.parents

    # -- content -------------------------------------------------------------

    def load(self, rel: str) -> LoadedText:
        """Read a text file; invalid UTF-8 is replaced and flagged, never fatal. Raises
        BinaryFileError for a binary file (an image renamed ``.md``)."""
        path = self.abspath(rel)
        try:
            with open(path, "rb") as handle:
                st = os.fstat(handle.fileno())
                data = handle.read()
        except OSError as exc:
            raise VaultError(f"Cannot read {rel}: {exc.strerror or exc}") from exc
        if looks_binary(data):
            raise BinaryFileError(binary_message(rel))
        text, fmt, lossless = decode_text(data)
        return LoadedText(text, fmt, lossless, st.st_size, st.st_mtime_ns)

    def read_text(self, rel: str) -> str:
        return self.load(rel).text

    def read_text_limited(self, rel: str, max_bytes: int) -> str | None:
        """The text of ``rel`` if it exists, is readable and not over ``max_bytes``; else None."""
        try:
            if self.abspath(rel).stat().st_size > max_bytes:
                return None
            return self.read_text(rel)
        except (VaultError, OSError):
            return None

    def save(self, rel: str, text: str, fmt: TextFormat = TextFormat()) -> bytes:
        """Save text atomically (the one write path); returns the bytes written."""
        if rel.split("/", 1)[0] == ".obsidian":
            raise VaultError("notedesk never writes into .obsidian/")
        path = self.abspath(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        return save_text(path, text, fmt)
