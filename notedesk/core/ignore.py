"""Which files in a vault folder are not vault content: the one answer for every listing.

The vault's listing (tree, index, search, switcher, export, check) and the watcher
all ask the same :class:`IgnoreRules`, which :class:`~notedesk.core.vault.Vault`
loads when it is made (so a changed rule is seen when the vault is next opened).
Left out, in this order:

- dot-names (``.obsidian``, ``.git``, ``.trash``, ``.hidden.md``) and names no vault
  path can carry (a backslash, not UTF-8): never vault content;
- folders named ``node_modules``, anywhere;
- Foam's ``foam.files.ignore`` / ``foam.files.exclude`` globs in ``.vscode/settings.json``;
- ``.gitignore`` rules, when the vault folder is a git work tree (it has ``.git``) and
  not an Obsidian vault (no ``.obsidian/`` folder: Obsidian shows what git ignores, and
  its users keep private folders out of git while using them every day). The
  ``.gitignore`` of the vault folder and those of the folders in it count, as git has
  them: a deeper file's rules win, the last matching line of a file wins, ``!`` keeps
  a path, and nothing inside a left-out folder comes back. Not read: ``.git/info/exclude``,
  git's global excludes file, and ``.gitignore`` files above the vault folder.

A left-out folder is not read at all: it counts once, whatever it holds.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from notedesk.core.events import FileEvent
from notedesk.core.ignore_sources import (
    FOAM_SETTINGS,
    GlobSet,
    gitignore_decides,
    read_foam_globs,
    read_gitignore,
)

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

NODE_MODULES = "node_modules"
FOAM_SOURCE = FOAM_SETTINGS


def is_hidden_part(name: str) -> bool:
    """Dot-names; also names the vault cannot address: with a backslash (a separator
    in vault paths) or not valid UTF-8 (undecodable bytes the OS hands back as
    surrogates: no link can name them and the index cannot store them)."""
    if name.startswith(".") or "\\" in name:
        return True
    if name.isascii():
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass
class LeftOut:
    """A tally of what ignore rules left out of one listing: (source, "file"/"folder") -> count."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, source: str, is_dir: bool) -> None:
        self.counts[(source, "folder" if is_dir else "file")] += 1

    @property
    def files(self) -> int:
        return sum(n for (_s, kind), n in self.counts.items() if kind == "file")

    @property
    def folders(self) -> int:
        return sum(n for (_s, kind), n in self.counts.items() if kind == "folder")

    @property
    def total(self) -> int:
        return self.files + self.folders

    def by_source(self) -> dict[str, dict[str, int]]:
        """source -> {"files": n, "folders": m}, sources sorted."""
        out: dict[str, dict[str, int]] = {}
        for (source, kind), n in sorted(self.counts.items()):
            out.setdefault(source, {"files": 0, "folders": 0})[kind + "s"] += n
        return out

    def summary(self) -> str:
        """``"2 folders and 1 file left out by .gitignore, node_modules"`` ('' for none)."""
        if not self.total:
            return ""
        return f"{count_text(self.files, self.folders)} left out by {', '.join(self.by_source())}"


def count_text(files: int, folders: int) -> str:
    parts = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in ((folders, "folder"), (files, "file"))
        if n
    ]
    return " and ".join(parts) or "nothing"


class IgnoreRules:
    """The rules of one vault folder. ``source_for`` is what the listing's walk asks, from
    the top down; ``is_ignored`` answers for any one path (its folders included)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        foam = read_foam_globs(self.root)
        self.foam_key = foam.key
        self.foam_globs = foam.globs
        self._foam = GlobSet(foam.globs) if foam.globs else None
        #: What could not be read (a malformed settings.json): said, never fatal.
        self.problems: list[str] = [foam.problem] if foam.problem else []
        self.git = _exists(self.root / ".git")
        self.obsidian = (self.root / ".obsidian").is_dir()
        self.uses_gitignore = self.git and not self.obsidian
        # folder ("" or "a/b/") -> the .gitignore rules that apply in it, deepest first
        self._chains: dict[str, tuple[tuple[str, GitIgnoreSpec], ...]] = {}
        self._lock = threading.Lock()

    def sources(self) -> list[str]:
        """The rules in effect, as said to the user."""
        out = [f"{NODE_MODULES} folders"]
        if self._foam is not None:
            out.append(f"{FOAM_SETTINGS} ({self.foam_key})")
        if self.uses_gitignore:
            out.append(".gitignore files (the vault folder is a git work tree)")
        return out

    def notes(self) -> list[str]:
        """Rules that were looked for and are not used, and why."""
        out = list(self.problems)
        if self.git and self.obsidian:
            out.append(".gitignore is not used: this is an Obsidian vault (it has .obsidian/)")
        return out

    # -- asking ------------------------------------------------------------------------

    def source_for(self, rel: str, is_dir: bool) -> str | None:
        """The rule that leaves out ``rel`` (its folders not being left out), else None."""
        name = rel.rsplit("/", 1)[-1]
        if is_dir and name == NODE_MODULES:
            return NODE_MODULES
        if self._foam is not None and self._foam.match(rel, is_dir):
            return FOAM_SOURCE
        if self.uses_gitignore:
            return self._gitignore_source(rel, is_dir)
        return None

    def is_ignored(self, rel: str, is_dir: bool | None = None) -> bool:
        """Whether ``rel`` is not vault content: hidden, or left out by a rule (or inside
        a folder that is). ``is_dir`` None: looked up on disk (a path gone is a file)."""
        return self.reason(rel, is_dir) is not None

    def reason(self, rel: str, is_dir: bool | None = None) -> str | None:
        """Why ``rel`` is not vault content ("hidden" or a rule's source), else None."""
        rel = rel.strip("/")
        if not rel:
            return None
        parts = rel.split("/")
        if any(is_hidden_part(part) for part in parts):
            return "hidden"
        for i in range(1, len(parts)):
            source = self.source_for("/".join(parts[:i]), True)
            if source is not None:
                return source
        if is_dir is None:
            is_dir = os.path.isdir(self.root / rel)
        return self.source_for(rel, is_dir)

    # -- .gitignore -------------------------------------------------------------------

    def _gitignore_source(self, rel: str, is_dir: bool) -> str | None:
        cut = rel.rfind("/")
        chain = self._chain(rel[: cut + 1] if cut >= 0 else "")
        if len(chain) == 1:  # one .gitignore above: whether it ignores rel is all there is
            prefix, spec = chain[0]
            name = rel[len(prefix) :] + ("/" if is_dir else "")
            return prefix + ".gitignore" if spec.match_file(name) else None
        for prefix, spec in chain:  # the deepest .gitignore that decides wins
            decided = gitignore_decides(spec, rel[len(prefix) :], is_dir)
            if decided is not None:
                return prefix + ".gitignore" if decided else None
        return None

    def _chain(self, folder: str) -> tuple[tuple[str, GitIgnoreSpec], ...]:
        """The .gitignore files that apply in ``folder`` ("" or "a/b/"), deepest first."""
        chain = self._chains.get(folder)
        if chain is not None:
            return chain
        # The folders from ``folder`` up to one whose chain is known, or the vault folder
        # (no recursion: a hostile vault can nest folders thousands deep).
        todo: list[str] = []
        current = folder
        chain = ()
        while True:
            todo.append(current)
            if not current:
                break
            cut = current.rfind("/", 0, len(current) - 1)
            current = current[: cut + 1] if cut >= 0 else ""
            known = self._chains.get(current)
            if known is not None:
                chain = known
                break
        for prefix in reversed(todo):
            spec = read_gitignore(self.root / prefix if prefix else self.root)
            if spec is not None:
                chain = ((prefix, spec), *chain)
            with self._lock:
                self._chains[prefix] = chain
        return chain


def listed_events(
    events: Iterable[FileEvent], ignored: Callable[[str, bool], bool]
) -> list[FileEvent]:
    """``events`` as the vault's listing sees them: events about left-out paths dropped,
    a move out of the vault a deletion, a move into it a creation. ``ignored(path,
    is_dir)`` is the vault's ``is_ignored``."""
    out: list[FileEvent] = []
    for ev in events:
        src_in = bool(ev.path) and not ignored(ev.path, ev.is_dir)
        if ev.kind == "moved" and ev.dest is not None:
            dest_in = not ignored(ev.dest, ev.is_dir)
            if src_in and dest_in:
                out.append(ev)
            elif dest_in:
                out.append(FileEvent("created", ev.dest, None, ev.is_dir))
            elif src_in:
                out.append(FileEvent("deleted", ev.path, None, ev.is_dir))
        elif src_in:
            out.append(ev)
    return out


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False
