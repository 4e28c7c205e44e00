"""Applying a rename or move plan (fileops.py) to the vault.

Every linking file is rewritten through the one atomic save, then the missing
folders are made and each file or folder is moved with a rename that refuses to
overwrite anything. If a move fails, what was moved goes back, the folders made
are removed and the rewritten files are written back.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor, as_completed

from notedesk.core.events import FileEvent
from notedesk.core.filenames import FileOpError, FolderNames
from notedesk.core.fileops import check_target, file_edits
from notedesk.core.movefile import move_noreplace
from notedesk.core.moveplan import FileRewrite, MoveItem, RenamePlan, RenameReport
from notedesk.core.movetarget import missing_folders
from notedesk.core.newfiles import SaveFn
from notedesk.core.rewrite import apply_edits
from notedesk.core.vault import Vault

__all__ = ["apply_rename"]


def apply_rename(
    vault: Vault, plan: RenamePlan, update_links: bool = True, save: SaveFn | None = None
) -> RenameReport:
    """Rewrite the linking files, then move; on any failure everything is put back."""
    save = save or vault.save
    names = FolderNames(vault)
    for item in plan.items:
        check_target(vault, item.old, item.new, names)
    done, links, error = _rewrite_all(vault, plan, save) if update_links else ([], 0, None)
    made: list[str] = []
    moved: list[MoveItem] = []
    current: MoveItem | None = None
    try:
        if error is not None:
            raise error
        for current in plan.items:
            made += _make_folders(vault, current.new)
            move_noreplace(vault.abspath(current.old), vault.abspath(current.new))
            moved.append(current)
    except (OSError, ValueError) as exc:
        _undo_moves(vault, moved, made)
        for rewrite in done:
            with contextlib.suppress(OSError):
                save(rewrite.path, rewrite.before, rewrite.fmt)
        if isinstance(exc, FileOpError):
            raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        failed = current or plan.items[0]
        undone = "; nothing was moved" if len(plan.items) > 1 else ""
        raise FileOpError(
            f"Cannot move “{failed.old}” to “{failed.new}”: {reason}{undone}"
        ) from exc
    events = [FileEvent("created", folder, is_dir=True) for folder in made]
    events += [FileEvent("moved", item.old, item.new, is_dir=item.is_dir) for item in plan.items]
    events.extend(FileEvent("modified", rewrite.final_path) for rewrite in done)
    stale = dict(plan.stale_links) if update_links else {}
    return RenameReport(list(plan.items), links, len(done), events, made, stale)


def _make_folders(vault: Vault, path: str) -> list[str]:
    """Make the missing folders above ``path``; returns those made, top first."""
    made: list[str] = []
    for folder in missing_folders(vault, path):
        vault.abspath(folder).mkdir()
        made.append(folder)
    return made


def _undo_moves(vault: Vault, moved: list[MoveItem], made: list[str]) -> None:
    """Put back what a failed multi-move had already moved, and remove the folders it made."""
    for item in reversed(moved):
        with contextlib.suppress(OSError, ValueError):
            move_noreplace(vault.abspath(item.new), vault.abspath(item.old))
    for folder in reversed(made):
        with contextlib.suppress(OSError, ValueError):
            vault.abspath(folder).rmdir()  # only if empty: nothing of the user's goes


# Each atomic save waits for fsync; a few at a time keep the disk busy.
_WRITERS = 8


def _rewrite_all(
    vault: Vault, plan: RenamePlan, save: SaveFn
) -> tuple[list[FileRewrite], int, Exception | None]:
    """Save every rewritten file; returns those saved, the link count and the first error."""
    done: list[FileRewrite] = []
    links = 0
    error: Exception | None = None
    if not plan.rewrites:
        return done, links, error
    with ThreadPoolExecutor(max_workers=min(_WRITERS, len(plan.rewrites))) as pool:
        futures = {
            pool.submit(_apply_file, vault, plan, item, save): item for item in plan.rewrites
        }
        for future in as_completed(futures):
            try:
                count = future.result()
            except (OSError, ValueError) as exc:
                error = error or exc
                continue
            if count:
                done.append(futures[future])
                links += count
    done.sort(key=lambda item: item.path)
    return done, links, error


def _apply_file(vault: Vault, plan: RenamePlan, item: FileRewrite, save: SaveFn) -> int:
    loaded = vault.load(item.path)
    if loaded.text != item.before:
        # Edited since the plan was made (autosave, sync): plan this file again.
        if not loaded.lossless:
            return 0
        item.edits = file_edits(loaded.text, item.path, item.final_path, plan)
        item.before = loaded.text
        item.after = apply_edits(loaded.text, item.edits)
        item.fmt = loaded.fmt
    if item.edits:
        save(item.path, item.after, item.fmt)
    return len(item.edits)
