"""Links that name a folder of the vault, or a place outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.core.linkplaces import FolderLink, folder_link, folder_note, leaves_vault, link_path
from notedesk.core.vault import Vault


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    for rel in ("README.md", "docs/index.md", "docs/guide/index.md", "docs/api/a.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n", encoding="utf-8")
    (tmp_path / "docs/shared").mkdir()
    (tmp_path / "manual").mkdir()
    (tmp_path / "manual/ReadMe.MD").write_text("x\n", encoding="utf-8")
    (tmp_path / "both").mkdir()
    (tmp_path / "both/README.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "both/Index.md").write_text("x\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    return Vault(tmp_path)


@pytest.mark.parametrize(
    "target,source,expected",
    [
        ("docs/", "README.md", "docs"),
        ("..", "docs/guide/index.md", "docs"),
        ("../..", "docs/guide/index.md", ""),
        ("./", "docs/index.md", "docs"),
        ("/docs/api/", "docs/guide/index.md", "docs/api"),
        ("docs/My%20Page.md#x", "README.md", "docs/My Page.md"),
        ("..", "README.md", None),
        ("../../..", "docs/guide/index.md", None),
        ("/../x", "README.md", "x"),  # a leading / stays in the vault
    ],
)
def test_link_path(target, source, expected):
    assert link_path(target, source) == expected


def test_folder_with_an_index_note_opens_it(vault):
    assert folder_link(vault, "docs/", "README.md") == FolderLink("docs", "docs/index.md")
    assert folder_link(vault, "..", "docs/guide/index.md") == FolderLink("docs", "docs/index.md")


def test_folder_without_a_note_is_shown(vault):
    assert folder_link(vault, "docs/api/", "README.md") == FolderLink("docs/api", None)
    assert folder_link(vault, "../shared", "docs/guide/index.md") == FolderLink("docs/shared", None)


def test_readme_in_any_case_and_index_first(vault):
    assert folder_note(vault, "manual") == "manual/ReadMe.MD"
    assert folder_note(vault, "both") == "both/Index.md"
    assert folder_note(vault, "") == "README.md"


def test_top_folder_and_root_relative_fallback(vault):
    assert folder_link(vault, "../..", "docs/guide/index.md") == FolderLink("", "README.md")
    # not beside the note: from the vault's top folder, as Markdown links resolve
    assert folder_link(vault, "manual", "docs/index.md") == FolderLink("manual", "manual/ReadMe.MD")


def test_no_folder(vault):
    assert folder_link(vault, "Nowhere", "README.md") is None
    assert folder_link(vault, "README.md", "README.md") is None  # a file, not a folder
    assert folder_link(vault, ".git", "README.md") is None  # not vault content
    assert folder_link(vault, "#heading", "docs/index.md") is None
    assert folder_link(vault, "..", "README.md") is None


def test_leaves_vault():
    assert leaves_vault("..", "README.md")
    assert leaves_vault("../../x.md", "docs/a.md")
    assert not leaves_vault("..", "docs/guide/index.md")
