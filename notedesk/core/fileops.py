"""File operations on a vault: rename and move with link updates.

Renaming is planned first and applied second, so the user can be asked
("Update 12 links in 5 files?") between the two:

    plan = plan_rename(index, vault, "Old.md", "New.md")
    report = apply_rename(vault, plan)  # renameapply.py; report.summary: "12 links in 5 files"

Many files and folders moved at once (a multi-selection) are one plan
(``prepare_moves``): their links are planned together, asked about once, and
a note linking to several of them is rewritten once.

Applying a plan is in ``renameapply``; deleting is in ``trash``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol

from notedesk.core.canvasrefs import canvas_edits, is_canvas_path
from notedesk.core.filenames import (
    FileOpError,
    FolderNames,
    InvalidNameError,
    NameCollisionError,
    check_name,
    find_collision,
    name_keys,
)
from notedesk.core.leftout import move_problem
from notedesk.core.links import NameTable
from notedesk.core.moveplan import (
    FileRewrite,
    MetaSource,
    MoveItem,
    RenamePlan,
    RenameReport,
    link_summary,
)
from notedesk.core.movetarget import missing_folders
from notedesk.core.newfiles import SaveFn
from notedesk.core.note import Link, parse_note
from notedesk.core.rewrite import (
    LinkEdit,
    apply_edits,
    line_starts,
    link_offset,
    resolve_link,
    resolves_by_path,
    rewrite_link,
)
from notedesk.core.vault import NOTE_SUFFIXES, Vault, VaultError, VaultFile, is_note_path

__all__ = [
    "FileOpError",
    "FileRewrite",
    "InvalidNameError",
    "MetaSource",
    "MoveItem",
    "NameCollisionError",
    "RenamePlan",
    "RenameReport",
    "SaveFn",
    "check_target",
    "file_edits",
    "find_sources",
    "link_summary",
    "plan_links",
    "plan_rename",
    "prepare_moves",
    "prepare_rename",
]


class LinkIndex(Protocol):
    """What planning needs from the vault index (``VaultIndex`` has it)."""

    def snapshot(self) -> MetaSource: ...
    def attachments(self) -> list[str]: ...
    def file(self, path: str) -> VaultFile | None: ...


# -- rename planning ----------------------------------------------------------


def check_target(vault: Vault, old: str, new: str, names: FolderNames | None = None) -> bool:
    """Validate a rename/move of ``old`` to ``new``; returns whether ``old`` is a folder.

    ``names``: the folders read by earlier checks (of a multi-selection)."""
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
    clash = find_collision(vault, new, old, names)
    if clash is not None:
        raise NameCollisionError(f"“{clash}” already exists: choose another name.")
    is_dir = full.is_dir()
    hidden = move_problem(vault.ignore_rules, old, new, is_dir)
    if hidden is not None:
        raise FileOpError(f"{hidden}.")
    return is_dir


def plan_rename(index: LinkIndex, vault: Vault, old: str, new: str) -> RenamePlan:
    """Work out every link that must change when ``old`` becomes ``new``; writes nothing."""
    return plan_links(vault, prepare_rename(index, vault, old, new))


def prepare_rename(index: LinkIndex, vault: Vault, old: str, new: str) -> RenamePlan:
    """Check the target and take what planning needs from the index; reads no note.

    The index may only be used on the UI thread, so this part (a few
    milliseconds on a 10k-note vault) runs there; :func:`plan_links` then does
    the heavy part on a worker thread from the snapshot taken here.
    """
    return prepare_moves(index, vault, [(old, new)])


def prepare_moves(index: LinkIndex, vault: Vault, pairs: list[tuple[str, str]]) -> RenamePlan:
    """:func:`prepare_rename` for several ``(old, new)`` moves done together.

    Each is checked as a single move; two of them may not end at the same name.
    """
    if not pairs:
        raise FileOpError("Nothing to move.")
    items: list[MoveItem] = []
    taken: dict[str, str] = {}
    names = FolderNames(vault)
    for old, new in pairs:
        items.append(MoveItem(old, new, check_target(vault, old, new, names)))
        folder, name = new.rpartition("/")[::2]
        for key in name_keys(name):
            other = taken.setdefault(f"{folder.casefold()}/{key}", old)
            if other != old:
                raise NameCollisionError(f"“{old}” and “{other}” would both become “{new}”.")
    metas = index.snapshot()
    files = [*metas, *index.attachments()]
    moves: dict[str, str] = {}
    folders: list[str] = []
    for item in items:
        if item.is_dir:
            prefix = item.old + "/"
            moves.update((p, item.new + p[len(item.old) :]) for p in files if p.startswith(prefix))
        else:
            if item.old not in metas and item.old not in files:
                files.append(item.old)
            moves[item.old] = item.new
        folders += [f for f in missing_folders(vault, item.new) if f not in folders]
    stats = {p: (f.size, f.mtime_ns) for p in metas if (f := index.file(p)) is not None}
    return RenamePlan(items, moves, folders, metas=metas, files=files, stats=stats)


def _name_key(target: str) -> str:
    """The last path component, casefolded, without a note suffix: what a link can match."""
    name = target.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].casefold()
    for suffix in NOTE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def find_sources(plan: RenamePlan) -> list[str]:
    """Notes with a link into the moved files or one the move would redirect to them,
    and the moved notes themselves."""
    # A link by the new name that resolved elsewhere may resolve to the moved file
    # afterwards ([[Alpha]] from f1/ meant f1/Alpha.md until a note became Alpha.md).
    keys = {_name_key(p) for p in plan.moves} | {_name_key(p) for p in plan.moves.values()}
    if plan.is_dir:  # links to the folder itself ([docs](docs/))
        keys |= {_name_key(plan.old), _name_key(plan.new)}
    sources = {p for p in plan.moves if is_note_path(p)}
    names = plan.names_before
    for source in plan.metas:
        meta = plan.metas.get(source)
        if meta is None or source in sources:
            continue
        for link in meta.links:
            if not link.target or _name_key(link.target) not in keys:
                continue
            target = resolve_link(link, source, names)
            if target in plan.moves or (
                target is not None and resolve_link(link, source, plan.names_after) != target
            ):
                sources.add(source)
                break
    return sorted(sources)


def plan_links(vault: Vault, plan: RenamePlan) -> RenamePlan:
    """Find and read every note and canvas whose links change; record the edits. Any thread."""
    files = set(plan.files)
    plan.names_before = NameTable(sorted(files))
    after = (files - plan.moves.keys()) | set(plan.moves.values())
    plan.names_after = NameTable(sorted(after))
    # Canvas files name files by their vault path: each is read (there are few).
    plan.sources = find_sources(plan) + sorted(p for p in files if is_canvas_path(p))
    plan.rewrites.clear()
    plan.skipped.clear()
    plan.stale_links.clear()
    for source in plan.sources:
        _plan_file(vault, plan, source)
    return plan


def _plan_file(vault: Vault, plan: RenamePlan, source: str) -> None:
    final = plan.moves.get(source, source)
    meta = plan.metas.get(source)
    indexed = plan.stats.get(source)
    trusted = meta is not None and indexed is not None and _stat(vault, source) == indexed
    if trusted and meta is not None and not link_edits(meta.links, source, final, plan):
        return  # unchanged since indexed and nothing to rewrite: no need to read it
    try:
        loaded = vault.load(source)
    except VaultError as exc:
        plan.skipped.append((source, str(exc)))
        return
    if not loaded.lossless:
        # Not rewritten (that would change its bytes), but said: its links that would
        # change break. Counted in the text as read (bad bytes replaced).
        stale = rewrite_edits(loaded.text, source, final, plan)
        if stale:
            plan.skipped.append((source, NOT_UTF8))
            plan.stale_links[source] = len(stale)
        return
    edits = None
    if trusted and meta is not None:
        edits = link_edits(meta.links, source, final, plan)
        if not _fits(loaded.text, edits):
            edits = None
    if edits is None:
        edits = file_edits(loaded.text, source, final, plan)
    if edits:
        after = apply_edits(loaded.text, edits)
        plan.rewrites.append(FileRewrite(source, final, loaded.text, after, loaded.fmt, edits))


NOT_UTF8 = "not valid UTF-8"


def _stat(vault: Vault, rel: str) -> tuple[int, int] | None:
    try:
        st = vault.abspath(rel).stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _fits(text: str, edits: list[LinkEdit]) -> bool:
    """Whether every edit's old text is where the index saw it."""
    starts = line_starts(text)
    for edit in edits:
        if edit.line > len(starts):
            return False
        at = link_offset(starts, edit.line, edit.col)
        if text[at : at + len(edit.old)] != edit.old:
            return False
    return True


def file_edits(text: str, source: str, final: str, plan: RenamePlan) -> list[LinkEdit]:
    """The edits one note or canvas (now at ``source``, later at ``final``) needs."""
    if is_canvas_path(source):
        return canvas_edits(text, plan.moves.get)  # vault paths: where it is plays no part
    return rewrite_edits(text, source, final, plan)


def rewrite_edits(text: str, source: str, final: str, plan: RenamePlan) -> list[LinkEdit]:
    """The link edits one note (now at ``source``, later at ``final``) needs."""
    return link_edits(parse_note(text).links, source, final, plan)


def link_edits(links: Iterable[Link], source: str, final: str, plan: RenamePlan) -> list[LinkEdit]:
    """The edits for ``links`` of one note (now at ``source``, later at ``final``)."""
    edits: list[LinkEdit] = []
    for link in links:
        if not link.target:
            continue  # [[#Heading]] points into the note itself, wherever it is
        old_target = resolve_link(link, source, plan.names_before)
        if old_target is None:
            continue
        new_target = plan.moves.get(old_target, old_target)
        if old_target.endswith("/"):
            new_target = _moved_folder(old_target, plan)
        by_path = link.kind == "markdown" and resolves_by_path(link, source, plan.names_before)
        if (
            old_target not in plan.moves
            and resolve_link(link, final, plan.names_after) == new_target
            # a relative path stays one (what other Markdown tools follow), not a name
            and (not by_path or resolves_by_path(link, final, plan.names_after))
        ):
            continue  # still points where it did (else the move would redirect it: rewrite)
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


def _moved_folder(folder: str, plan: RenamePlan) -> str:
    """Where a folder a link points at (``docs/``, as ``links.folder_path`` writes it) is
    after the move: it moves when it is the folder moved or inside it."""
    path = folder.rstrip("/")
    if plan.is_dir and path and (path == plan.old or path.startswith(plan.old + "/")):
        return plan.new + path[len(plan.old) :] + "/"
    return folder
