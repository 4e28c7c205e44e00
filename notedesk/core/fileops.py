"""File operations on a vault: create, rename and move with link updates.

Renaming is planned first and applied second, so the user can be asked
("Update 12 links in 5 files?") between the two:

    plan = plan_rename(index, vault, "Old.md", "New.md")
    report = apply_rename(vault, plan)          # report.summary: "12 links in 5 files"

Applying rewrites every linking file through the one atomic save, then moves
the file or folder with a rename that refuses to overwrite anything. If the
move fails, the rewritten files are written back. Deleting is in ``trash``.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from notedesk.core.atomic import TextFormat
from notedesk.core.events import FileEvent
from notedesk.core.filenames import (
    FileOpError,
    InvalidNameError,
    NameCollisionError,
    check_name,
    find_collision,
    unique_path,
)
from notedesk.core.links import NameTable
from notedesk.core.note import Link, parse_note
from notedesk.core.rewrite import (
    LinkEdit,
    apply_edits,
    resolve_link,
    resolves_by_path,
    rewrite_link,
)
from notedesk.core.vault import Vault, VaultError, is_note_path

__all__ = [
    "FileOpError",
    "InvalidNameError",
    "NameCollisionError",
    "RenamePlan",
    "RenameReport",
    "apply_rename",
    "create_folder",
    "create_note",
    "daily_note_path",
    "move_noreplace",
    "plan_links",
    "plan_rename",
    "prepare_rename",
]

SaveFn = Callable[[str, str, TextFormat], bytes]


class LinkIndex(Protocol):
    """What planning needs from the vault index (``VaultIndex`` has it)."""

    def notes(self) -> list[str]: ...
    def attachments(self) -> list[str]: ...
    def outgoing(self, path: str) -> Sequence[tuple[Link, str | None]]: ...


# -- create -----------------------------------------------------------------


def create_note(
    vault: Vault,
    folder: str = "",
    base: str = "Untitled",
    text: str = "",
    save: SaveFn | None = None,
) -> str:
    """Create ``folder/Untitled.md`` (or ``Untitled 1.md``…) and return its path."""
    check_name(base)
    path = unique_path(vault, folder, base, ".md")
    (save or vault.save)(path, text, TextFormat())
    return path


def create_folder(vault: Vault, parent: str = "", base: str = "Untitled") -> str:
    """Create ``parent/Untitled`` (or ``Untitled 1``…) and return its path."""
    check_name(base)
    path = unique_path(vault, parent, base)
    try:
        vault.abspath(path).mkdir(parents=True)
    except OSError as exc:
        raise FileOpError(f"Cannot create the folder “{path}”: {exc.strerror}") from exc
    return path


def daily_note_path(folder: str, day: date, fmt: str = "%Y-%m-%d") -> str:
    """The vault path of the daily note for ``day``; ``/`` in ``fmt`` makes subfolders."""
    name = day.strftime(fmt)
    for part in name.split("/"):
        check_name(part)
    folder = folder.strip("/")
    return f"{folder}/{name}.md" if folder else f"{name}.md"


# -- move without overwriting -----------------------------------------------

_RENAME_NOREPLACE = 1  # linux/fs.h
_RENAME_EXCL = 4  # macOS stdio.h, renamex_np


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - every POSIX libc loads
        return None


def _rename_excl(src: str, dst: str) -> bool:
    """An atomic no-overwrite rename where the OS has one; False if it has none."""
    libc = _libc() if sys.platform in ("linux", "darwin") else None
    if libc is None:
        return False
    if sys.platform == "linux":
        fn = getattr(libc, "renameat2", None)
        args: tuple[object, ...] = (-100, src.encode(), -100, dst.encode(), _RENAME_NOREPLACE)
    else:
        fn = getattr(libc, "renamex_np", None)
        args = (src.encode(), dst.encode(), _RENAME_EXCL)
    if fn is None:
        return False
    if fn(*args) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # the file system cannot do it: fall back to check-then-rename
    raise OSError(err, os.strerror(err), dst)


def move_noreplace(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``; raises ``FileExistsError`` rather than overwrite."""
    same_entry = os.path.lexists(dst) and os.path.samefile(src, dst)
    if same_entry:
        # A case-only rename on a case-insensitive file system: go through a free name.
        tmp = src.with_name(f".{src.name}.{uuid.uuid4().hex[:8]}.tmp")
        os.rename(src, tmp)
        try:
            move_noreplace(tmp, dst)
        except BaseException:
            os.rename(tmp, src)
            raise
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    if _rename_excl(str(src), str(dst)):
        return
    if os.path.lexists(dst):
        raise FileExistsError(errno.EEXIST, "File exists", str(dst))
    os.rename(src, dst)  # Windows refuses to overwrite by itself


# -- rename planning ----------------------------------------------------------


@dataclass
class FileRewrite:
    """One file whose links change: its text before and after, and each edit."""

    path: str  # where the file is now
    final_path: str  # where it will be after the move
    before: str
    after: str
    fmt: TextFormat
    edits: list[LinkEdit]


@dataclass
class RenamePlan:
    """Everything a rename or move will change, for the user to confirm."""

    old: str
    new: str
    is_dir: bool
    moves: dict[str, str]  # every file that moves: old path -> new path
    sources: list[str] = field(default_factory=list)  # notes that may need rewriting
    rewrites: list[FileRewrite] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    names_before: NameTable = field(default_factory=NameTable, repr=False)
    names_after: NameTable = field(default_factory=NameTable, repr=False)

    @property
    def link_count(self) -> int:
        return sum(len(r.edits) for r in self.rewrites)

    @property
    def file_count(self) -> int:
        return len(self.rewrites)

    @property
    def summary(self) -> str:
        return link_summary(self.link_count, self.file_count)


@dataclass
class RenameReport:
    old: str
    new: str
    links: int
    files: int
    events: list[FileEvent]

    @property
    def summary(self) -> str:
        return link_summary(self.links, self.files)


def link_summary(links: int, files: int) -> str:
    return f"{links} link{'s' * (links != 1)} in {files} file{'s' * (files != 1)}"


def _check_target(vault: Vault, old: str, new: str) -> bool:
    """Validate a rename/move of ``old`` to ``new``; returns whether ``old`` is a folder."""
    try:
        full = vault.abspath(old)
    except VaultError as exc:
        raise FileOpError(str(exc)) from exc
    if not os.path.lexists(full):
        raise FileOpError(f"“{old}” does not exist any more.")
    if new.rsplit("/", 1)[-1] != old.rsplit("/", 1)[-1]:
        check_name(new.rsplit("/", 1)[-1])
    vault.abspath(new)  # refuses paths leaving the vault
    if new == old or new.startswith(old + "/"):
        raise FileOpError(f"Cannot move “{old}” into itself.")
    clash = find_collision(vault, new, old)
    if clash is not None:
        raise NameCollisionError(f"“{clash}” already exists: choose another name.")
    return full.is_dir()


def plan_rename(index: LinkIndex, vault: Vault, old: str, new: str) -> RenamePlan:
    """Work out every link that must change when ``old`` becomes ``new``; writes nothing."""
    return plan_links(vault, prepare_rename(index, vault, old, new))


def prepare_rename(index: LinkIndex, vault: Vault, old: str, new: str) -> RenamePlan:
    """Check the target and find the notes to read, from the index alone (fast, no reading).

    The index is used on the UI thread only, so this part runs there;
    :func:`plan_links` can then read and parse those notes on a worker thread.
    """
    is_dir = _check_target(vault, old, new)
    files = set(index.notes()) | set(index.attachments())
    if is_dir:
        prefix = old + "/"
        moves = {p: new + p[len(old) :] for p in files if p.startswith(prefix)}
    else:
        files.add(old)
        moves = {old: new}
    after = sorted((files - moves.keys()) | set(moves.values()))
    plan = RenamePlan(old, new, is_dir, moves, names_before=NameTable(sorted(files)))
    plan.names_after = NameTable(after)
    moved = moves.keys()
    sources = {s for s in index.notes() if any(t in moved for _l, t in index.outgoing(s))}
    sources.update(p for p in moved if is_note_path(p))
    plan.sources = sorted(sources)
    return plan


def plan_links(vault: Vault, plan: RenamePlan) -> RenamePlan:
    """Read every candidate note of a prepared plan and record its link edits."""
    plan.rewrites.clear()
    plan.skipped.clear()
    for source in plan.sources:
        _plan_file(vault, plan, source)
    return plan


def _plan_file(vault: Vault, plan: RenamePlan, source: str) -> None:
    try:
        loaded = vault.load(source)
    except VaultError as exc:
        plan.skipped.append((source, str(exc)))
        return
    if not loaded.lossless:
        plan.skipped.append((source, "not valid UTF-8, left unchanged"))
        return
    final = plan.moves.get(source, source)
    edits = rewrite_edits(loaded.text, source, final, plan)
    if edits:
        after = apply_edits(loaded.text, edits)
        plan.rewrites.append(FileRewrite(source, final, loaded.text, after, loaded.fmt, edits))


def rewrite_edits(text: str, source: str, final: str, plan: RenamePlan) -> list[LinkEdit]:
    """The link edits one note (now at ``source``, later at ``final``) needs."""
    edits: list[LinkEdit] = []
    for link in parse_note(text).links:
        if not link.target:
            continue  # [[#Heading]] points into the note itself, wherever it is
        old_target = resolve_link(link, source, plan.names_before)
        if old_target is None:
            continue
        new_target = plan.moves.get(old_target, old_target)
        if old_target not in plan.moves and (
            source == final or resolve_link(link, final, plan.names_after) == new_target
        ):
            continue
        by_path = link.kind == "markdown" and resolves_by_path(link, source, plan.names_before)
        raw = rewrite_link(
            link,
            final,
            old_target,
            new_target,
            plan.names_after,
            by_path=by_path,
        )
        if raw != link.raw:
            edits.append(LinkEdit(link.line, link.col, link.raw, raw))
    return edits


# -- applying -------------------------------------------------------------------


def apply_rename(
    vault: Vault, plan: RenamePlan, update_links: bool = True, save: SaveFn | None = None
) -> RenameReport:
    """Rewrite the linking files, then move; on a failed move the files are restored."""
    save = save or vault.save
    _check_target(vault, plan.old, plan.new)
    done: list[FileRewrite] = []
    links = 0
    try:
        for item in plan.rewrites if update_links else ():
            links += _apply_file(vault, plan, item, save)
            done.append(item)
        move_noreplace(vault.abspath(plan.old), vault.abspath(plan.new))
    except (OSError, ValueError) as exc:
        for item in reversed(done):
            with contextlib.suppress(OSError):
                save(item.path, item.before, item.fmt)
        if isinstance(exc, FileOpError):
            raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileOpError(f"Cannot move “{plan.old}” to “{plan.new}”: {reason}") from exc
    events = [FileEvent("moved", plan.old, plan.new, is_dir=plan.is_dir)]
    events.extend(FileEvent("modified", item.final_path) for item in done)
    return RenameReport(plan.old, plan.new, links, len(done), events)


def _apply_file(vault: Vault, plan: RenamePlan, item: FileRewrite, save: SaveFn) -> int:
    loaded = vault.load(item.path)
    if loaded.text != item.before:
        # Edited since the plan was made (autosave, sync): plan this file again.
        if not loaded.lossless:
            return 0
        item.edits = rewrite_edits(loaded.text, item.path, item.final_path, plan)
        item.before = loaded.text
        item.after = apply_edits(loaded.text, item.edits)
        item.fmt = loaded.fmt
    if item.edits:
        save(item.path, item.after, item.fmt)
    return len(item.edits)
