"""What the vault leaves out is never written to by following a link or by a move:
a link to a left-out file or folder, or ending in ``/``, creates no note; a rename or
move into a left-out folder is refused with the rule that leaves it out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notedesk.core.filenames import FileOpError
from notedesk.core.fileops import check_target
from notedesk.core.linkplaces import no_new_note
from notedesk.core.linkurls import new_note_path
from notedesk.core.movetarget import check_moves
from notedesk.core.vault import Vault

FILES = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "build/\n*.log\n",
    ".github/workflows/ci.yml": "on: push\n",
    "README.md": "# Readme\n",
    "docs/install.md": "# Install\n",
    "build/html/out.md": "# Out\n",
    "node_modules/pkg/README.md": "# Pkg\n",
    "app.log": "log\n",
    "_layouts/page.md": "layout\n",
}


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "repo"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / ".vscode").mkdir()
    settings = {"foam.files.ignore": ["**/_layouts/**/*"]}
    (root / ".vscode/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return Vault(root)


def refusal(vault: Vault, target: str, source: str = "README.md") -> str | None:
    return no_new_note(vault, target, source, new_note_path(target, source))


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("build/", "“build/” is left out of this vault (.gitignore)"),
        ("build", "“build/” is left out of this vault (.gitignore)"),
        ("build/html", "“build/” is left out of this vault (.gitignore)"),
        ("build/html/out.md", "“build/” is left out of this vault (.gitignore)"),
        ("build/new-page", "“build/” is left out of this vault (.gitignore)"),
        (".github/", "“.github/” is left out of this vault (a hidden name)"),
        ("app.log", "“app.log” is left out of this vault (.gitignore)"),
        ("node_modules/pkg/", "“node_modules/” is left out of this vault (node_modules"),
        ("_layouts/new", "“_layouts/” is left out of this vault (foam.files.ignore)"),
        ("nofolder/", "no folder “nofolder/”"),
    ],
)
def test_links_that_create_nothing(vault: Vault, target: str, words: str) -> None:
    message = refusal(vault, target)
    assert message is not None and words in message


def test_links_from_a_note_in_a_folder_are_read_from_there_and_from_the_top(vault: Vault) -> None:
    assert "“build/”" in (refusal(vault, "../build/", "docs/install.md") or "")
    assert "“build/”" in (refusal(vault, "build/html", "docs/install.md") or "")


@pytest.mark.parametrize("target", ["New idea", "docs/new", "ideas/first", "docs/install-2"])
def test_ordinary_unresolved_links_still_create_notes(vault: Vault, target: str) -> None:
    assert refusal(vault, target) is None


def test_a_rename_into_a_left_out_folder_is_refused(vault: Vault) -> None:
    for new, words in [
        ("_layouts/inbox/install.md", "“_layouts” is left out of this vault (foam.files.ignore)"),
        ("build/install.md", "“build” is left out of this vault (.gitignore)"),
        ("node_modules/x/install.md", "“node_modules” is left out of this vault"),
        ("docs/install.log", "“docs/install.log” is left out of this vault (.gitignore)"),
    ]:
        with pytest.raises(FileOpError) as err:
            check_target(vault, "docs/install.md", new)
        assert words in str(err.value)
        assert "the note would disappear from notedesk" in str(err.value)
    with pytest.raises(FileOpError, match="the folder would disappear"):
        check_target(vault, "docs", "build/docs")
    assert check_target(vault, "docs/install.md", "guide/install.md") is False


def test_a_left_out_note_may_be_renamed_where_it_is_or_brought_in(vault: Vault) -> None:
    check_target(vault, "build/html/out.md", "build/html/page.md")
    check_target(vault, "build/html/out.md", "docs/out.md")


def test_a_move_into_a_left_out_folder_refuses_each_item(vault: Vault) -> None:
    moves, refused = check_moves(vault, ["docs/install.md", "README.md"], "build")
    assert moves == []
    assert [p for p, _why in refused] == ["docs/install.md", "README.md"]
    assert all("“build” is left out of this vault (.gitignore)" in why for _p, why in refused)
    moves, refused = check_moves(vault, ["docs/install.md"], "_layouts/inbox")
    assert moves == [] and "foam.files.ignore" in refused[0][1]
    moves, refused = check_moves(vault, ["docs/install.md"], "guide")
    assert moves == [("docs/install.md", "guide/install.md")] and refused == []
