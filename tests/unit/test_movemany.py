"""Moving several files at once, and renaming to a path typed with "/"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notedesk.core import movetarget, renameapply
from notedesk.core.events import FileEvent
from notedesk.core.filenames import FileOpError, InvalidNameError
from notedesk.core.fileops import plan_links, prepare_moves
from notedesk.core.index import VaultIndex
from notedesk.core.movetarget import check_moves, typed_path
from notedesk.core.renameapply import apply_rename
from notedesk.core.vault import Vault

FILES = {
    "Inbox/One.md": "[[Two]] and ![[pic.png]]\n",
    "Inbox/Two.md": "two\n",
    "Inbox/pic.png": "png",
    "Hub.md": "[[One]] [[Two|2]] ![[pic.png]] [o](Inbox/One.md) [[Inbox/Two]]\n",
    "Other/Two.md": "another two\n",
    "Projects/Keep.md": "[[Hub]]\n",
    "Projects/Taken.md": "",
}


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return Vault(root)


def indexed(vault: Vault) -> VaultIndex:
    index = VaultIndex(vault, workers=1)
    index.build()
    return index


def text(vault: Vault, rel: str) -> str:
    return (vault.root / rel).read_text(encoding="utf-8")


def test_typed_path_is_a_name_or_a_path_from_the_vault_root(vault: Vault) -> None:
    assert typed_path(vault, "Inbox/One.md", "Uno") == "Inbox/Uno.md"
    assert typed_path(vault, "Inbox/One.md", "Projects/Idea") == "Projects/Idea.md"
    assert typed_path(vault, "Inbox/One.md", " projects/Idea.md ") == "Projects/Idea.md"
    assert typed_path(vault, "Inbox/One.md", "New/Deeper/Idea") == "New/Deeper/Idea.md"
    assert typed_path(vault, "Inbox/pic.png", "Projects/photo.png") == "Projects/photo.png"
    assert typed_path(vault, "Other", "Projects/Moved", is_dir=True) == "Projects/Moved"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("/Projects/Idea", "without a “/” in front"),
        ("../Idea", "“..” cannot be used"),
        ("Projects/../Idea", "“..” cannot be used"),
        ("./Idea", "“.” and “..” cannot be used"),
        ("Projects//Idea", "is empty"),
        ("Projects/", "is empty"),
        (".obsidian/Idea", "hidden"),
        ("Pro#jects/Idea", "heading"),
        ("Hub.md/Idea", "is a file, not a folder"),
        ("Projects/Id|ea", "separates a link"),
    ],
)
def test_typed_paths_that_are_refused(vault: Vault, typed: str, why: str) -> None:
    with pytest.raises(InvalidNameError if "file, not" not in why else FileOpError, match=why):
        typed_path(vault, "Inbox/One.md", typed)


def test_a_typed_path_through_a_link_leading_out_is_refused(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", vault.root / "Out")
    with pytest.raises(FileOpError, match="leads outside the vault"):
        typed_path(vault, "Inbox/One.md", "Out/Idea")


def test_check_moves_sorts_what_can_go(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    (vault.root / "Inbox/Taken.md").write_text("")
    (vault.root / "Inbox/Sub").mkdir()
    (vault.root / "Inbox/Sub/keep.md").write_text("")
    (vault.root / "Locked").mkdir()
    (vault.root / "Locked/L.md").write_text("")
    real = movetarget._writable
    monkeypatch.setattr(movetarget, "_writable", lambda p: p.name != "Locked" and real(p))
    moves, refused = check_moves(
        vault,
        [
            "Inbox/One.md",
            "Inbox/Taken.md",  # Projects/Taken.md is there
            "Other/Two.md",
            "Inbox/Two.md",  # Other/Two.md goes there under the same name
            "Projects/Keep.md",  # there already: left out, not refused
            "Inbox",  # its items are in the list: they go with it...
            "Inbox/Sub/keep.md",
            "Locked/L.md",
        ],
        "Projects",
    )
    assert moves == [("Other/Two.md", "Projects/Two.md"), ("Inbox", "Projects/Inbox")]
    moves, refused = check_moves(
        vault,
        ["Inbox/One.md", "Inbox/Taken.md", "Other/Two.md", "Inbox/Two.md", "Locked/L.md"],
        "Projects",
    )
    assert moves == [("Inbox/One.md", "Projects/One.md"), ("Other/Two.md", "Projects/Two.md")]
    assert refused == [
        ("Inbox/Taken.md", "“Projects/Taken.md” already exists"),
        ("Inbox/Two.md", "“Other/Two.md” goes there too, under the same name"),
        ("Locked/L.md", "permission denied"),
    ]
    moves, refused = check_moves(vault, ["Inbox", "Hub.md"], "Inbox/Sub")
    assert moves == [("Hub.md", "Inbox/Sub/Hub.md")]
    assert refused == [("Inbox", "a folder cannot go into itself")]
    assert check_moves(vault, ["Gone.md"], "Projects").refused == [
        ("Gone.md", "it does not exist any more")
    ]


def test_many_moves_update_links_once(vault: Vault) -> None:
    index = indexed(vault)
    moves = check_moves(vault, ["Inbox/One.md", "Inbox/Two.md", "Inbox/pic.png"], "Archive").moves
    plan = plan_links(vault, prepare_moves(index, vault, moves))
    assert plan.folders == ["Archive"]
    assert not (vault.root / "Archive").exists()  # made only when applied
    report = apply_rename(vault, plan)
    assert sorted(os.listdir(vault.root / "Archive")) == ["One.md", "Two.md", "pic.png"]
    assert os.listdir(vault.root / "Inbox") == []
    # the two moved together: [[Two]] still finds its neighbour
    assert text(vault, "Archive/One.md") == "[[Two]] and ![[pic.png]]\n"
    assert text(vault, "Hub.md") == (
        "[[One]] [[Archive/Two|2]] ![[pic.png]] [o](Archive/One.md) [[Archive/Two]]\n"
    )
    assert report.events == [
        FileEvent("created", "Archive", is_dir=True),
        FileEvent("moved", "Inbox/One.md", "Archive/One.md"),
        FileEvent("moved", "Inbox/Two.md", "Archive/Two.md"),
        FileEvent("moved", "Inbox/pic.png", "Archive/pic.png"),
        FileEvent("modified", "Hub.md"),
    ]
    assert report.created == ["Archive"] and len(report.items) == 3


def test_a_failed_move_puts_everything_back(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    index = indexed(vault)
    moves = check_moves(vault, ["Inbox/One.md", "Inbox/Two.md"], "New/Deep").moves
    plan = plan_links(vault, prepare_moves(index, vault, moves))
    real = renameapply.move_noreplace

    def second_fails(src: Path, dst: Path) -> None:
        if src.name == "Two.md" and dst.parent.name == "Deep":
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(renameapply, "move_noreplace", second_fails)
    with pytest.raises(FileOpError, match=r"Cannot move “Inbox/Two\.md”.*nothing was moved"):
        apply_rename(vault, plan)
    assert {rel: text(vault, rel) for rel in FILES} == FILES
    assert not (vault.root / "New").exists()


def test_a_rename_to_a_new_folder_makes_it(vault: Vault) -> None:
    index = indexed(vault)
    new = typed_path(vault, "Inbox/Two.md", "Projects/Ideas/Second")
    plan = plan_links(vault, prepare_moves(index, vault, [("Inbox/Two.md", new)]))
    report = apply_rename(vault, plan)
    assert report.events[:2] == [
        FileEvent("created", "Projects/Ideas", is_dir=True),
        FileEvent("moved", "Inbox/Two.md", "Projects/Ideas/Second.md"),
    ]
    assert text(vault, "Projects/Ideas/Second.md") == "two\n"
    assert text(vault, "Hub.md").startswith("[[One]] [[Second|2]] ")


def test_two_items_cannot_become_one(vault: Vault) -> None:
    with pytest.raises(FileOpError, match="would both become"):
        prepare_moves(
            indexed(vault), vault, [("Inbox/Two.md", "X/Two.md"), ("Other/Two.md", "X/two.md")]
        )
