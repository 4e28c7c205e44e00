"""File operations: create, names that break links or collide, no-overwrite moves, trash."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest

from notedesk.core import movefile, renameapply
from notedesk.core.events import FileEvent
from notedesk.core.filenames import (
    FileOpError,
    InvalidNameError,
    NameCollisionError,
    check_name,
    moved_path,
    renamed_path,
)
from notedesk.core.fileops import plan_rename
from notedesk.core.index import VaultIndex
from notedesk.core.movefile import move_noreplace
from notedesk.core.newfiles import create_folder, create_note, daily_note_path
from notedesk.core.renameapply import apply_rename
from notedesk.core.trash import Trash
from notedesk.core.vault import Vault


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    root.mkdir()
    return Vault(root)


def indexed(vault: Vault) -> VaultIndex:
    index = VaultIndex(vault, workers=1)
    index.build()
    return index


def test_create_note_picks_the_first_free_untitled_name(vault: Vault) -> None:
    assert create_note(vault) == "Untitled.md"
    assert create_note(vault) == "Untitled 1.md"
    (vault.root / "untitled 2.md").write_text("")  # taken, case-insensitively
    assert create_note(vault, text="hi") == "Untitled 3.md"
    assert (vault.root / "Untitled 3.md").read_text() == "hi"
    assert create_note(vault, "Sub/Deep") == "Sub/Deep/Untitled.md"


def test_create_note_goes_through_the_given_save(vault: Vault) -> None:
    saved: list[str] = []

    def save(rel: str, text: str, fmt: object) -> bytes:
        saved.append(rel)
        return vault.save(rel, text)

    path = create_note(vault, save=save)
    assert saved == [path]


def test_create_folder_is_unique_too(vault: Vault) -> None:
    assert create_folder(vault) == "Untitled"
    assert create_folder(vault) == "Untitled 1"
    assert create_folder(vault, "Untitled") == "Untitled/Untitled"
    assert (vault.root / "Untitled/Untitled").is_dir()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("a#b", "heading"),
        ("a|b", "shown text"),
        ("a^b", "block"),
        ("a:b", "Windows"),
        ("a%%b", "comment"),
        ("a[[b", "starts a link"),
        ("a]]b", "ends a link"),
        ("a/b", "folders"),
        ("a\\b", "folders"),
        ("", "empty"),
        ("  ", "empty"),
        (" a", "space"),
        (".hidden", "hidden"),
        ("a?", "Windows"),
        ("CON", "reserved"),
        ("a.", "“.”"),
        ("x" * 300, "too long"),
    ],
)
def test_names_that_break_links_are_refused_with_the_reason(name: str, reason: str) -> None:
    with pytest.raises(InvalidNameError, match=reason):
        check_name(name)


@pytest.mark.parametrize("name", ["Note", "a [b] c", "Über 2", "x.y", "a-b_c (1)", "日本語"])
def test_good_names_pass(name: str) -> None:
    check_name(name)


def test_renamed_path_keeps_the_note_extension() -> None:
    assert renamed_path("a/Old.md", "New") == "a/New.md"
    assert renamed_path("a/Old.md", "New.md") == "a/New.md"
    assert renamed_path("Old.markdown", "New") == "New.markdown"
    assert renamed_path("pic.png", "photo.jpg") == "photo.jpg"
    assert renamed_path("Folder", "Other", is_dir=True) == "Other"
    assert moved_path("a/b/N.md", "") == "N.md"
    assert moved_path("a/b/N.md", "c") == "c/N.md"
    with pytest.raises(FileOpError, match="into itself"):
        moved_path("a", "a/b")


def test_collisions_are_refused_case_insensitively(vault: Vault) -> None:
    for name in ("Taken.md", "Other.markdown", "Folder/x.md", "A.md"):
        (vault.root / name).parent.mkdir(parents=True, exist_ok=True)
        (vault.root / name).write_text("")
    index = indexed(vault)
    for target in ("taken.md", "TAKEN.md", "other.md", "folder"):
        with pytest.raises(NameCollisionError, match="already exists"):
            plan_rename(index, vault, "A.md", target)
    # a case-only rename of the same file is fine
    plan = plan_rename(index, vault, "A.md", "a.md")
    apply_rename(vault, plan)
    assert sorted(os.listdir(vault.root)) == ["Folder", "Other.markdown", "Taken.md", "a.md"]


def test_rename_refuses_bad_names_missing_files_and_moves_into_itself(vault: Vault) -> None:
    (vault.root / "Dir").mkdir()
    (vault.root / "A.md").write_text("")
    index = indexed(vault)
    with pytest.raises(InvalidNameError):
        plan_rename(index, vault, "A.md", "B#1.md")
    with pytest.raises(FileOpError, match="does not exist"):
        plan_rename(index, vault, "Gone.md", "B.md")
    with pytest.raises(FileOpError, match="into itself"):
        plan_rename(index, vault, "Dir", "Dir/Sub/Dir")
    # moving keeps an old name even if it would not be allowed today
    (vault.root / "odd#name.md").write_text("")
    plan = plan_rename(indexed(vault), vault, "odd#name.md", "Dir/odd#name.md")
    assert apply_rename(vault, plan).events == [
        FileEvent("moved", "odd#name.md", "Dir/odd#name.md")
    ]


def test_move_noreplace_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a")
    (tmp_path / "b").write_text("b")
    with pytest.raises(FileExistsError):
        move_noreplace(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_text() == "b"
    move_noreplace(tmp_path / "a", tmp_path / "sub" / "c")
    assert (tmp_path / "sub" / "c").read_text() == "a"


def test_move_noreplace_without_os_support_still_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(movefile, "_rename_excl", lambda _s, _d: False)
    (tmp_path / "a").write_text("a")
    (tmp_path / "b").write_text("b")
    with pytest.raises(FileExistsError):
        move_noreplace(tmp_path / "a", tmp_path / "b")


def test_failed_move_restores_the_rewritten_files(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    (vault.root / "a.md").write_text("[[T]]")
    (vault.root / "T.md").write_text("")
    index = indexed(vault)
    plan = plan_rename(index, vault, "T.md", "U.md")
    assert plan.summary == "1 link in 1 file"

    def boom(_src: Path, _dst: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(renameapply, "move_noreplace", boom)
    with pytest.raises(FileOpError, match="Permission denied"):
        apply_rename(vault, plan)
    assert (vault.root / "a.md").read_text() == "[[T]]"
    assert (vault.root / "T.md").exists()


def test_apply_replans_a_file_edited_after_the_plan(vault: Vault) -> None:
    (vault.root / "a.md").write_text("[[T]]\n")
    (vault.root / "T.md").write_text("")
    plan = plan_rename(indexed(vault), vault, "T.md", "U.md")
    (vault.root / "a.md").write_text("new line\n[[T|x]] and [[T]]\n")
    report = apply_rename(vault, plan)
    assert (vault.root / "a.md").read_text() == "new line\n[[U|x]] and [[U]]\n"
    assert report.summary == "2 links in 1 file"


def test_apply_without_link_update_only_moves(vault: Vault) -> None:
    (vault.root / "a.md").write_text("[[T]]")
    (vault.root / "T.md").write_text("")
    report = apply_rename(vault, plan_rename(indexed(vault), vault, "T.md", "U.md"), False)
    assert (vault.root / "a.md").read_text() == "[[T]]"
    assert report.summary == "0 links in 0 files"
    assert report.events == [FileEvent("moved", "T.md", "U.md")]


def test_folder_move_events(vault: Vault) -> None:
    (vault.root / "P").mkdir()
    (vault.root / "P/n.md").write_text("")
    (vault.root / "x.md").write_text("[[P/n]]")
    report = apply_rename(vault, plan_rename(indexed(vault), vault, "P", "Q"))
    assert report.events == [
        FileEvent("moved", "P", "Q", is_dir=True),
        FileEvent("modified", "x.md"),
    ]


def test_daily_note_path() -> None:
    assert daily_note_path("Daily", date(2026, 11, 28)) == "Daily/2026-11-28.md"
    assert daily_note_path("", date(2026, 1, 2), "%d.%m.%Y") == "02.01.2026.md"
    assert daily_note_path("/J/", date(2026, 1, 2), "%Y/%m/%Y-%m-%d") == "J/2026/01/2026-01-02.md"


# -- trash --------------------------------------------------------------------------


def test_trash_follows_the_freedesktop_spec(vault: Vault, tmp_path: Path) -> None:
    home_trash = tmp_path / "data" / "Trash"
    (vault.root / "Dir").mkdir()
    (vault.root / "Dir" / "n.md").write_text("one")
    trash = Trash(home_trash, platform="linux")
    result = trash.trash(vault, "Dir/n.md")
    assert result.kind == "system"
    assert not (vault.root / "Dir" / "n.md").exists()
    assert (home_trash / "files" / "n.md").read_text() == "one"
    info = (home_trash / "info" / "n.md.trashinfo").read_text()
    lines = info.splitlines()
    assert lines[0] == "[Trash Info]"
    assert unquote(lines[1].removeprefix("Path=")) == str(vault.root / "Dir" / "n.md")
    assert lines[2].startswith("DeletionDate=") and len(lines[2]) == len("DeletionDate=") + 19
    assert oct((home_trash / "files").stat().st_mode & 0o777) == "0o700"
    # a second file of the same name gets its own slot; folders go whole
    (vault.root / "Dir" / "n.md").write_text("two")
    trash.trash(vault, "Dir/n.md")
    assert (home_trash / "files" / "n 2.md").read_text() == "two"
    assert (home_trash / "info" / "n 2.md.trashinfo").exists()
    trash.trash(vault, "Dir")
    assert (home_trash / "files" / "Dir").is_dir() and not (vault.root / "Dir").exists()


def test_trash_on_another_device_uses_the_vault_trash(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import notedesk.core.trash as trash_module

    devices = iter([1, 2])
    monkeypatch.setattr(trash_module, "_device", lambda _p: next(devices))
    (vault.root / "n.md").write_text("x")
    (vault.root / ".trash").mkdir()
    (vault.root / ".trash" / "n.md").write_text("older")
    result = Trash(tmp_path / "Trash", platform="linux").trash(vault, "n.md")
    assert result.kind == "vault" and result.location == ".trash/n 2.md"
    assert (vault.root / ".trash" / "n 2.md").read_text() == "x"
    assert not (tmp_path / "Trash").exists()


def test_trash_uses_the_native_trash_on_macos_and_windows(vault: Vault, tmp_path: Path) -> None:
    sent: list[str] = []
    (vault.root / "n.md").write_text("x")
    result = Trash(tmp_path / "T", native=sent.append, platform="darwin").trash(vault, "n.md")
    assert result.kind == "system" and sent == [str(vault.root / "n.md")]
    # without send2trash: the vault's own trash, never a permanent delete
    result = Trash(tmp_path / "T", platform="win32").trash(vault, "n.md")
    assert result.kind == "vault" and (vault.root / ".trash" / "n.md").exists()


def test_trash_refuses_missing_and_outside_paths(vault: Vault, tmp_path: Path) -> None:
    trash = Trash(tmp_path / "T", platform="linux")
    with pytest.raises(FileOpError, match="does not exist"):
        trash.trash(vault, "nope.md")
    with pytest.raises(FileOpError):
        trash.trash(vault, "../outside.md")


def test_plan_reads_notes_changed_since_they_were_indexed(vault: Vault) -> None:
    (vault.root / "a.md").write_text("[[T]]\n")
    (vault.root / "b.md").write_text("[[T|x]]\n")
    (vault.root / "T.md").write_text("")
    index = indexed(vault)
    (vault.root / "a.md").write_text("moved down\n\n[[T]] and [[T#h]]\n")  # index not told
    plan = plan_rename(index, vault, "T.md", "U.md")
    assert plan.summary == "3 links in 2 files"
    apply_rename(vault, plan)
    assert (vault.root / "a.md").read_text() == "moved down\n\n[[U]] and [[U#h]]\n"
    assert (vault.root / "b.md").read_text() == "[[U|x]]\n"
