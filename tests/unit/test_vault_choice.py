"""Which vault a start opens: for a folder, a note file, nothing, or what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.core.locations import (
    choose_vault,
    enclosing_vault,
    start_note,
    unreadable_reason,
    vault_for_file,
    workspace_root,
)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """My Notes/ (no .obsidian) with sub/Ideas.md and Top.md."""
    root = tmp_path / "My Notes"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "Ideas.md").write_text("# Ideas\n", encoding="utf-8")
    (root / "Top.md").write_text("# Top\n", encoding="utf-8")
    return root


def test_folder_opens_and_is_remembered(notes: Path) -> None:
    choice = choose_vault(notes, "")
    assert (choice.root, choice.first_note, choice.remember, choice.notice) == (
        notes,
        None,
        True,
        "",
    )


def test_note_in_a_recent_vault_opens_there_not_in_its_folder(notes: Path) -> None:
    choice = choose_vault(notes / "sub" / "Ideas.md", "/elsewhere", ["/other", str(notes)])
    assert (choice.root, choice.first_note, choice.notice) == (notes, "sub/Ideas.md", "")
    choice = choose_vault(notes / "sub" / "Ideas.md", str(notes))
    assert (choice.root, choice.first_note) == (notes, "sub/Ideas.md")


def test_the_deepest_known_vault_holding_the_note_wins(notes: Path, tmp_path: Path) -> None:
    hit = vault_for_file(notes / "sub" / "Ideas.md", [str(tmp_path), str(notes)])
    assert hit == (notes, "sub/Ideas.md")
    (notes / "sub" / ".obsidian").mkdir()  # a vault of its own, inside
    assert vault_for_file(notes / "sub" / "Ideas.md", [str(notes)]) == (notes / "sub", "Ideas.md")


def test_a_known_vault_reached_through_a_symbolic_link(notes: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(notes)
    assert vault_for_file(notes / "sub" / "Ideas.md", [str(link)]) == (link, "sub/Ideas.md")


def test_a_known_vault_that_is_gone_is_no_candidate(notes: Path) -> None:
    assert vault_for_file(notes / "Top.md", [str(notes / "gone"), ""]) is None


def test_loose_note_opens_its_folder_without_remembering_it(notes: Path) -> None:
    choice = choose_vault(notes / "sub" / "Ideas.md", "")
    assert (choice.root, choice.first_note) == (notes / "sub", "Ideas.md")
    assert not choice.remember and not choice.wide
    assert "Ideas.md is not in a vault you have opened" in choice.notice
    assert "File › Open Vault… (Ctrl+Shift+O)" in choice.notice


def test_loose_note_in_the_home_folder_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "loose-note.md").write_text("x", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    choice = choose_vault(home / "loose-note.md", "")
    assert (choice.root, choice.first_note) == (home, "loose-note.md")
    assert choice.wide and not choice.remember
    assert "your home folder" in choice.notice


def test_missing_last_vault_shows_the_sample_and_stays_last(tmp_path: Path) -> None:
    gone = tmp_path / "usb" / "Vault"
    choice = choose_vault(None, str(gone))
    assert choice.root.name == "Sample vault"
    assert choice.first_note == "Welcome to notedesk.md"
    assert not choice.remember  # the next start, with the drive back, opens it again
    assert f"The vault {gone} was not found; showing the sample vault" in choice.notice


def test_first_start_remembers_the_sample_vault() -> None:
    choice = choose_vault(None, "")
    assert choice.root.name == "Sample vault" and choice.remember and not choice.notice


def test_unreadable_folder_is_not_opened_the_last_vault_is(
    notes: Path, tmp_path: Path, make_unreadable
) -> None:
    locked = tmp_path / "noperm"
    locked.mkdir()
    make_unreadable(locked)
    assert unreadable_reason(locked) == "permission denied"
    choice = choose_vault(locked, str(notes))
    assert choice.root == notes and not choice.remember
    assert choice.notice == (
        f"notedesk cannot read the folder {locked}: permission denied. Showing {notes} instead."
    )
    # no last vault: the sample one, which is not remembered either
    choice = choose_vault(locked, "")
    assert choice.root.name == "Sample vault" and not choice.remember
    assert "permission denied. Showing the sample vault instead." in choice.notice


def test_last_vault_that_became_unreadable(tmp_path: Path, make_unreadable) -> None:
    locked = tmp_path / "noperm"
    locked.mkdir()
    make_unreadable(locked)
    choice = choose_vault(None, str(locked))
    assert choice.root.name == "Sample vault" and not choice.remember
    assert "cannot be read (permission denied)" in choice.notice


def test_unreadable_reason() -> None:
    assert unreadable_reason(Path("/no/such/folder")) == "not found"
    assert unreadable_reason(Path(__file__)) == "not a folder"
    assert unreadable_reason(Path(__file__).parent) == ""


def test_start_note_readme_or_index_in_any_case(tmp_path: Path) -> None:
    assert start_note(tmp_path) is None
    (tmp_path / "index.md").write_text("# i\n", encoding="utf-8")
    assert start_note(tmp_path) == "index.md"
    (tmp_path / "readme.md").mkdir()  # a folder is no note
    assert start_note(tmp_path) == "index.md"
    (tmp_path / "Readme.MD").write_text("# r\n", encoding="utf-8")
    assert start_note(tmp_path) == "Readme.MD"  # README before index, as before
    (tmp_path / "README.md").write_text("# R\n", encoding="utf-8")
    assert start_note(tmp_path) == "README.md"
    (tmp_path / "Welcome to notedesk.md").write_text("# W\n", encoding="utf-8")
    assert start_note(tmp_path) == "Welcome to notedesk.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository of docs: repo/.git, repo/docs/install.md, repo/docs/guide/advanced.md."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "docs" / "guide").mkdir(parents=True)
    (root / "docs" / "install.md").write_text("# Install\n", encoding="utf-8")
    (root / "docs" / "guide" / "advanced.md").write_text("[up](../install.md)\n", "utf-8")
    return root


def test_loose_note_in_a_git_repository_opens_its_root_not_remembered(repo: Path) -> None:
    choice = choose_vault(repo / "docs" / "guide" / "advanced.md", "")
    assert (choice.root, choice.first_note) == (repo, "docs/guide/advanced.md")
    assert not choice.remember and not choice.wide
    assert "advanced.md is not in a vault you have opened" in choice.notice
    assert f"the git repository it is in, {repo}," in choice.notice
    assert "not added to Recent Vaults" in choice.notice


def test_a_git_worktree_or_submodule_marks_its_root_with_a_git_file(repo: Path) -> None:
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n", encoding="utf-8")
    assert workspace_root(repo / "docs" / "guide") == (repo, "git repository")


def test_a_foam_workspace_comes_before_the_repository_it_is_in(repo: Path) -> None:
    workspace = repo / "docs"
    (workspace / ".vscode").mkdir()
    settings = workspace / ".vscode" / "settings.json"
    settings.write_text('{"editor.wordWrap": "on"}', encoding="utf-8")
    assert workspace_root(workspace / "guide") == (repo, "git repository")  # not Foam's
    settings.write_text('{\n  // notes\n  "foam.openDailyNote.directory": "journal",\n}', "utf-8")
    assert workspace_root(workspace / "guide") == (workspace, "Foam workspace")
    settings.unlink()
    (workspace / "guide" / ".git").mkdir()  # a repository nested in the workspace
    (workspace / ".foam").mkdir()
    choice = choose_vault(workspace / "guide" / "advanced.md", "")
    assert (choice.root, choice.first_note) == (workspace, "guide/advanced.md")
    assert "the Foam workspace it is in" in choice.notice and not choice.remember


def test_known_and_obsidian_vaults_still_come_first(repo: Path) -> None:
    note = repo / "docs" / "guide" / "advanced.md"
    choice = choose_vault(note, "", [str(repo / "docs")])
    assert (choice.root, choice.first_note, choice.notice) == (
        repo / "docs",
        "guide/advanced.md",
        "",
    )
    (repo / "docs" / "guide" / ".obsidian").mkdir()
    choice = choose_vault(note, "")
    assert (choice.root, choice.first_note, choice.remember) == (
        repo / "docs" / "guide",
        "advanced.md",
        True,
    )


def test_a_home_folder_kept_in_git_is_no_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / ".git").mkdir(parents=True)
    (home / "notes").mkdir()
    (home / "notes" / "n.md").write_text("x", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    assert workspace_root(home / "notes") is None
    choice = choose_vault(home / "notes" / "n.md", "")
    assert (choice.root, choice.first_note) == (home / "notes", "n.md")


def test_enclosing_vault_follows_the_same_rules(repo: Path) -> None:
    assert enclosing_vault(repo / "docs" / "guide") == repo
    (repo / ".git").rmdir()
    assert enclosing_vault(repo / "docs" / "guide") == repo / "docs" / "guide"
