"""Per-user folders (platformdirs) and the first-start copy of the sample vault."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from notedesk.core.vaultconfig import mentions_foam

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


def enclosing_vault(folder: Path, max_up: int = 8) -> Path:
    """The vault a note in ``folder`` belongs to: the nearest folder above with
    ``.obsidian/``, else the Foam workspace or git repository it is in, else its own."""
    obsidian = obsidian_vault(folder, max_up)
    if obsidian is not None:
        return obsidian
    workspace = workspace_root(folder)
    return workspace[0] if workspace is not None else folder


def obsidian_vault(folder: Path, max_up: int = 8) -> Path | None:
    """The nearest folder from ``folder`` up with ``.obsidian/`` (not above the home folder)."""
    current = folder
    for _ in range(max_up):
        if _is_dir(current / ".obsidian"):
            return current
        if current.parent == current or current == Path.home():
            break
        current = current.parent
    return None


# What makes a folder a workspace of notes when no vault holds a note, nearest first:
# a Foam workspace, else the root of the git repository (``.git`` is a file in a
# worktree or a submodule).
WORKSPACE_KINDS = ("Foam workspace", "git repository")
_MAX_WORKSPACE_DEPTH = 64


def workspace_root(folder: Path) -> tuple[Path, str] | None:
    """The Foam workspace (``.foam/``, or ``.vscode/settings.json`` with Foam settings)
    ``folder`` is in, else its git repository's root, with which of ``WORKSPACE_KINDS``
    it is; None when there is none below the home folder.

    The home folder and a file system's root are never one: a home folder kept in git
    (dotfiles) would make every loose note open the whole home folder.
    """
    home = Path.home().absolute()
    current = folder.absolute()
    repository: Path | None = None
    for _ in range(_MAX_WORKSPACE_DEPTH):
        if current == home or current.parent == current:
            break
        if _is_dir(current / ".foam") or (
            _is_file(current / ".vscode" / "settings.json") and mentions_foam(current)
        ):
            return current, WORKSPACE_KINDS[0]
        if repository is None and _exists(current / ".git"):
            repository = current
        current = current.parent
    return (repository, WORKSPACE_KINDS[1]) if repository is not None else None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


# Opened when no note was asked for and none was open last time, in this order; a
# README or index in any case (Foam and git repositories write them in lowercase).
START_NOTES = ("Welcome to notedesk.md", "README.md", "Index.md")


def start_note(root: Path) -> str | None:
    """The vault's start note (see ``START_NOTES``): its name as on disk, or None."""
    for wanted in START_NOTES:
        if _is_file(root / wanted):
            return wanted
    # The exact names are not there: the top folder is listed once (only then).
    try:
        with os.scandir(root) as entries:
            names = sorted(e.name for e in entries)
    except OSError:
        return None
    for wanted in START_NOTES[1:]:
        for name in names:
            if name.casefold() == wanted.casefold() and _is_file(root / name):
                return name
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def unreadable_reason(folder: Path) -> str:
    """Why notedesk cannot open ``folder`` as a vault ('' if it can): it must be a folder
    that can be listed and whose entries can be opened."""
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except FileNotFoundError:
        return "not found"
    except NotADirectoryError:
        return "not a folder"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return exc.strerror or str(exc)
    if not os.access(folder, os.X_OK):
        return "permission denied"
    return ""


def vault_for_file(note: Path, known: Iterable[str | Path]) -> tuple[Path, str] | None:
    """The vault a note file opens in, and its path there; None if it is in no vault.

    The candidates are the ``known`` vaults (the open one, the last and the recent
    ones) that hold the file, and the nearest folder above it with ``.obsidian/``;
    the deepest of them wins.
    """
    note = note.absolute()
    found: list[tuple[Path, str]] = []
    for entry in known:
        if not entry:
            continue
        root = Path(entry).absolute()
        rel = _relative(note, root)
        if rel is not None and _is_dir(root):
            found.append((root, rel))
    obsidian = obsidian_vault(note.parent)
    if obsidian is not None:
        rel = _relative(note, obsidian)
        if rel is not None:
            found.append((obsidian, rel))
    return max(found, key=lambda hit: len(hit[0].parts), default=None)


def _relative(note: Path, root: Path) -> str | None:
    """``note``'s path inside ``root`` (symbolic links followed if need be), or None."""
    real = (Path(os.path.realpath(note)), Path(os.path.realpath(root)))
    for inner, outer in ((note, root), real):
        if inner != outer and inner.is_relative_to(outer):
            return inner.relative_to(outer).as_posix()
    return None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a folder above that cannot be searched
        return False


def is_wide_folder(folder: Path) -> bool:
    """The home folder or the root of a file system: far more than a folder of notes."""
    folder = folder.absolute()
    return folder == Path.home().absolute() or folder.parent == folder


@dataclass(frozen=True)
class VaultChoice:
    """What a start (or a vault switch) opens.

    ``remember``: the folder becomes the last vault and heads Recent Vaults.
    ``notice``: shown in the window, when the vault is not the one asked for or not
    a vault the user chose (a loose note's folder).
    ``wide``: the vault is a loose note's home folder or a file system's root.
    """

    root: Path
    first_note: str | None = None
    remember: bool = True
    notice: str = ""
    wide: bool = False


OPEN_VAULT_HINT = "To open your own folder of notes, use File › Open Vault… (Ctrl+Shift+O)."


def choose_vault(target: Path | None, last_vault: str, recent: Sequence[str] = ()) -> VaultChoice:
    """The vault folder to open for ``target`` (a folder, a note file or None).

    A folder is opened if it can be read. A note opens in the deepest known vault
    (``last_vault``, ``recent``) or Obsidian vault holding it, else in the Foam
    workspace or git repository it is in, else in its own folder; those two are then
    not remembered. Otherwise (nothing asked for, or what was asked
    for cannot be read) the last vault opens, else the sample vault; a last vault
    that is missing (an unplugged drive) stays the last vault, for the next start.
    """
    notice = ""
    if target is not None:
        target = target.absolute()
        if _is_dir(target):
            reason = unreadable_reason(target)
            if not reason:
                return VaultChoice(target)
            notice = f"notedesk cannot read the folder {target}: {reason}."
        else:
            hit = vault_for_file(target, [last_vault, *recent])
            if hit is not None and not unreadable_reason(hit[0]):
                return VaultChoice(hit[0], hit[1])
            workspace = workspace_root(target.parent)
            if workspace is not None:
                choice = _workspace_note(target, *workspace)
                if choice is not None:
                    return choice
            folder = target.parent
            reason = unreadable_reason(folder)
            if not reason:
                return _loose_note(target)
            notice = f"notedesk cannot read the folder {folder}: {reason}."
    if last_vault and (target is None or Path(last_vault).absolute() != target):
        last = Path(last_vault)
        reason = unreadable_reason(last)
        if not reason:
            return VaultChoice(last, None, remember=False, notice=_showing(notice, str(last)))
        why = "was not found" if reason == "not found" else f"cannot be read ({reason})"
        notice = _join(
            notice,
            f"The vault {last} {why}; showing the sample vault. "
            "notedesk opens it again at the next start once it is back.",
        )
    elif notice:
        notice = _showing(notice, "the sample vault")
    from notedesk.resources import resource

    sample = ensure_sample_vault(resource("sample-vault"))
    welcome = "Welcome to notedesk.md"
    first = welcome if (sample / welcome).is_file() else None
    return VaultChoice(sample, first, remember=not (last_vault or notice), notice=notice)


def _loose_note(note: Path) -> VaultChoice:
    folder = note.parent
    wide = is_wide_folder(folder)
    where = "your home folder" if folder == Path.home().absolute() else "the whole file system"
    notice = (
        f"{note.name} is not in a vault you have opened, so its folder {folder} "
        + (f"— {where} — " if wide else "")
        + "is shown as a vault. It is not added to Recent Vaults. "
        + OPEN_VAULT_HINT
    )
    return VaultChoice(folder, note.name, remember=False, notice=notice, wide=wide)


def _workspace_note(note: Path, root: Path, kind: str) -> VaultChoice | None:
    """A loose note opened in the Foam workspace or git repository it is in: its links to
    notes and images in other folders of it resolve. Not remembered (the user did not
    choose the folder), as a loose note's folder is not."""
    rel = _relative(note, root)
    if rel is None or unreadable_reason(root):
        return None
    notice = (
        f"{note.name} is not in a vault you have opened, so the {kind} it is in, {root}, "
        "is shown as a vault. It is not added to Recent Vaults. " + OPEN_VAULT_HINT
    )
    return VaultChoice(root, rel, remember=False, notice=notice)


def _showing(notice: str, what: str) -> str:
    return _join(notice, f"Showing {what} instead.") if notice else ""


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)
