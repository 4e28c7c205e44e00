"""Conflict copies: ours (named with date and time), sync tools' (recognised), and diffs.

When the user keeps their version over one changed on disk, the disk version
is saved as ``Note (conflict 2026-11-28 18-30-05).md`` next to the note, or,
if that folder cannot be written, under ``<data dir>/conflicts/<vault>/``.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Literal

from notedesk.core.atomic import SaveError, atomic_write
from notedesk.core.locations import data_dir


@dataclass(frozen=True)
class ConflictCopy:
    path: Path
    in_vault: bool  # False: the note's folder was not writable, so it went to the data dir


def conflict_copy_name(name: str, when: datetime, counter: int = 1) -> str:
    """``Note.md`` -> ``Note (conflict 2026-11-28 18-30-05).md`` (`` 2`` etc. if taken)."""
    pure = PurePosixPath(name)
    suffix = pure.suffix
    stem = name[: len(name) - len(suffix)] if suffix else name
    extra = f" {counter}" if counter > 1 else ""
    return f"{stem} (conflict {when:%Y-%m-%d %H-%M-%S}{extra}){suffix}"


def _free_path(folder: Path, name: str, when: datetime) -> Path:
    counter = 1
    while True:
        candidate = folder / conflict_copy_name(name, when, counter)
        if not os.path.lexists(candidate):
            return candidate
        counter += 1


def write_conflict_copy(
    original: str | os.PathLike[str],
    data: bytes,
    *,
    vault_root: str | os.PathLike[str] | None = None,
    when: datetime | None = None,
) -> ConflictCopy:
    """Save ``data`` (the version being set aside) as a conflict copy of ``original``.

    Written through the atomic save. Raises :class:`SaveError` only if neither
    the note's folder nor the data dir can take it.
    """
    when = when or datetime.now()
    original = Path(original)
    try:
        target = _free_path(original.parent, original.name, when)
        atomic_write(target, data)
        return ConflictCopy(target, True)
    except SaveError as first:
        folder = _fallback_folder(original, vault_root)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = _free_path(folder, original.name, when)
            atomic_write(target, data)
        except OSError as exc:
            raise SaveError(
                exc.errno,
                f"Cannot keep the other version of {original.name}: {first.strerror}; "
                f"the data folder failed too: {exc.strerror or exc}",
            ) from exc
        return ConflictCopy(target, False)


def _fallback_folder(original: Path, vault_root: str | os.PathLike[str] | None) -> Path:
    base = data_dir() / "conflicts"
    if vault_root is None:
        return base
    root = Path(vault_root)
    try:
        rel_parent = original.parent.relative_to(root)
    except ValueError:
        rel_parent = Path()
    return base / (root.name or "vault") / rel_parent


# -- conflict files left by sync tools -----------------------------------------

_EXT = r"(\.[^./]*)?$"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("notedesk", re.compile(r"^(.+?) \(conflict \d{4}-\d\d-\d\d \d\d-\d\d-\d\d(?: \d+)?\)" + _EXT)),
    ("syncthing", re.compile(r"^(.+?)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}" + _EXT)),
    # Dropbox: "Note (Ann's conflicted copy 2023-11-05).md", possibly "(1)" inside.
    ("dropbox", re.compile(
        r"^(.+?) \((?:[^()]+'s )?conflicted copy \d{4}-\d\d-\d\d(?: \(\d+\))?\)" + _EXT)),
    # Nextcloud: "Note (conflicted copy 2023-11-05 101112).md".
    ("nextcloud", re.compile(
        r"^(.+?) \(conflicted copy (?:[^()]+ )?\d{4}-\d\d-\d\d \d{6}\)" + _EXT)),
    # ownCloud: "Note_conflict-20231105-101112.md".
    ("owncloud", re.compile(r"^(.+?)_conflict-\d{8}-\d{6}" + _EXT)),
]  # fmt: skip


def sync_conflict_original(path: str) -> tuple[str, str] | None:
    """``(original_path, tool)`` if ``path`` names a conflict file, else None."""
    head, _, name = path.rpartition("/")
    for tool, pattern in _PATTERNS:
        m = pattern.match(name)
        if m:
            original = m.group(1) + (m.group(2) or "")
            return (f"{head}/{original}" if head else original), tool
    return None


# Names other programs give a file they move out of the way of a new version:
# backups (Emacs, vim, ``cp/mv/rsync -b``: ``Note.md~``, ``Note.md.~1~``,
# ``.bak``, ``.orig``), swap files, and conflict copies (sync tools' and ours).
_SET_ASIDE_ENDINGS = ("~", ".bak", ".orig", ".swp", ".old")


def is_set_aside_name(path: str) -> bool:
    """True if ``path`` is named like a backup or conflict copy of another file.

    A note renamed to such a name was set aside by the program that is about to
    write its new version (or already has): the note itself stays where it was.
    """
    name = path.rpartition("/")[2]
    if name.lower().endswith(_SET_ASIDE_ENDINGS):
        return True
    if sync_conflict_original(path) is not None:
        return True
    # Dropbox, Nextcloud and others word their conflict copies in many ways.
    return re.search(r"\([^()]*conflicted copy[^()]*\)", name, re.IGNORECASE) is not None


def find_sync_conflicts(paths: Iterable[str]) -> list[tuple[str, str]]:
    """``(conflict_path, original_path)`` for every conflict file among ``paths``.

    Paths are ``/``-separated (vault-relative); the original may no longer exist.
    """
    found = []
    for path in paths:
        hit = sync_conflict_original(path)
        if hit is not None:
            found.append((path, hit[0]))
    return sorted(found)


# -- diffs for the Compare view ------------------------------------------------

RowTag = Literal["equal", "replace", "delete", "insert"]


@dataclass(frozen=True)
class DiffRow:
    """One side-by-side row; a missing side has ``None`` line number and text."""

    tag: RowTag
    left_no: int | None
    left: str | None
    right_no: int | None
    right: str | None


def side_by_side(left: str, right: str) -> list[DiffRow]:
    """Line-aligned rows for two texts (1-based line numbers)."""
    a, b = left.splitlines(), right.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                DiffRow("equal", i + 1, a[i], j + 1, b[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            has_a, has_b = i < i2, j < j2
            row_tag: RowTag = "replace" if has_a and has_b else ("delete" if has_a else "insert")
            rows.append(
                DiffRow(
                    row_tag,
                    i + 1 if has_a else None,
                    a[i] if has_a else None,
                    j + 1 if has_b else None,
                    b[j] if has_b else None,
                )
            )
    return rows


def unified_diff(
    left: str, right: str, left_name: str = "mine", right_name: str = "theirs", context: int = 3
) -> list[str]:
    """A unified diff as lines (without line endings)."""
    return list(
        difflib.unified_diff(
            left.splitlines(), right.splitlines(), left_name, right_name, n=context, lineterm=""
        )
    )


def changed_rows(rows: list[DiffRow]) -> list[int]:
    """Indexes of the first row of each changed block, for next/previous navigation."""
    starts = []
    for i, row in enumerate(rows):
        if row.tag != "equal" and (i == 0 or rows[i - 1].tag == "equal"):
            starts.append(i)
    return starts
