"""Conflict copies, sync-tool conflict files and Compare rows."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from notedesk.core.conflicts import (
    DiffRow,
    changed_rows,
    conflict_copy_name,
    find_sync_conflicts,
    is_set_aside_name,
    side_by_side,
    unified_diff,
    write_conflict_copy,
)

WHEN = datetime(2026, 11, 28, 18, 30, 5)


def test_conflict_copy_name() -> None:
    assert conflict_copy_name("Note.md", WHEN) == "Note (conflict 2026-11-28 18-30-05).md"
    assert conflict_copy_name("Note.md", WHEN, 2) == "Note (conflict 2026-11-28 18-30-05 2).md"
    assert conflict_copy_name("README", WHEN) == "README (conflict 2026-11-28 18-30-05)"


def test_copy_next_to_the_note_never_overwrites(tmp_path: Path) -> None:
    note = tmp_path / "Note.md"
    note.write_text("mine")
    first = write_conflict_copy(note, b"theirs 1", when=WHEN)
    second = write_conflict_copy(note, b"theirs 2", when=WHEN)
    assert first.in_vault and second.in_vault
    assert first.path.name == "Note (conflict 2026-11-28 18-30-05).md"
    assert second.path.name == "Note (conflict 2026-11-28 18-30-05 2).md"
    assert first.path.read_bytes() == b"theirs 1"
    assert second.path.read_bytes() == b"theirs 2"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_copy_goes_to_the_data_dir_when_the_folder_is_read_only(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    folder = vault / "sub"
    folder.mkdir(parents=True)
    note = folder / "Note.md"
    note.write_text("mine")
    folder.chmod(0o555)
    try:
        copy = write_conflict_copy(note, b"theirs", vault_root=vault, when=WHEN)
    finally:
        folder.chmod(0o755)
    assert not copy.in_vault
    data = Path(os.environ["NOTEDESK_DATA_DIR"])
    assert (
        copy.path == data / "conflicts" / "vault" / "sub" / "Note (conflict 2026-11-28 18-30-05).md"
    )
    assert copy.path.read_bytes() == b"theirs"


def test_copy_falls_back_when_the_folder_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permission bits, so simulate the refusal at the one write path.
    from notedesk.core import conflicts
    from notedesk.core.atomic import SaveError, atomic_write

    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    note = vault / "sub" / "Note.md"

    def refuse_in_vault(path: Path, data: bytes) -> None:
        if vault in Path(path).parents:
            raise SaveError(13, "Permission denied")
        atomic_write(path, data)

    monkeypatch.setattr(conflicts, "atomic_write", refuse_in_vault)
    copy = conflicts.write_conflict_copy(note, b"theirs", vault_root=vault, when=WHEN)
    assert not copy.in_vault
    assert copy.path.parent == Path(os.environ["NOTEDESK_DATA_DIR"]) / "conflicts" / "vault" / "sub"
    assert copy.path.read_bytes() == b"theirs"


def test_find_sync_conflicts() -> None:
    paths = [
        "Plain.md",
        "notes/Idea.sync-conflict-20231105-101112-ABCDEF7.md",
        "Trip (Ann's conflicted copy 2023-11-05).md",
        "Trip (conflicted copy 2023-11-06 (1)).md",
        "x/Todo (conflicted copy 2023-11-05 101112).md",
        "Note (conflict 2026-11-28 18-30-05).md",
        "Old_conflict-20231105-101112.md",
        "A sync-conflict note.md",
        "Conflicted copy of thoughts.md",
    ]
    assert find_sync_conflicts(paths) == [
        ("Note (conflict 2026-11-28 18-30-05).md", "Note.md"),
        ("Old_conflict-20231105-101112.md", "Old.md"),
        ("Trip (Ann's conflicted copy 2023-11-05).md", "Trip.md"),
        ("Trip (conflicted copy 2023-11-06 (1)).md", "Trip.md"),
        ("notes/Idea.sync-conflict-20231105-101112-ABCDEF7.md", "notes/Idea.md"),
        ("x/Todo (conflicted copy 2023-11-05 101112).md", "x/Todo.md"),
    ]


def test_side_by_side_rows() -> None:
    rows = side_by_side("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n")
    assert rows == [
        DiffRow("equal", 1, "a", 1, "a"),
        DiffRow("replace", 2, "b", 2, "B"),
        DiffRow("equal", 3, "c", 3, "c"),
        DiffRow("equal", 4, "d", 4, "d"),
        DiffRow("insert", None, None, 5, "e"),
    ]
    assert changed_rows(rows) == [1, 4]
    uneven = side_by_side("x\ny\nz", "X")
    assert [r.tag for r in uneven] == ["replace", "delete", "delete"]


def test_unified_diff() -> None:
    lines = unified_diff("a\nb\n", "a\nc\n")
    assert lines[:2] == ["--- mine", "+++ theirs"]
    assert "-b" in lines and "+c" in lines


@pytest.mark.parametrize(
    ("path", "aside"),
    [
        ("Note.md~", True),
        ("sub/Note.md.~3~", True),
        ("Note.md.bak", True),
        ("Note.BAK", True),
        ("Note.md.orig", True),
        ("Note.md.swp", True),
        ("Note.sync-conflict-20261129-101112-ABCDEFG.md", True),
        ("Note (conflicted copy 2026-11-29 101112).md", True),
        ("Note (Ann's conflicted copy 2026-11-29 (1)).md", True),
        ("Note (conflict 2026-11-29 10-11-12).md", True),
        ("Note_conflict-20261129-101112.md", True),
        ("Better name.md", False),
        ("sub/Note.md", False),
        ("Backup plan.md", False),
    ],
)
def test_set_aside_names(path: str, aside: bool) -> None:
    assert is_set_aside_name(path) is aside
