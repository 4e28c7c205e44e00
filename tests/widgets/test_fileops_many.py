"""Moving a multi-selection, renaming to a path with "/", deleting several: one question,
one message, nothing lost."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from fileops_helpers import Harness, answer, make_harness, rename_in_place
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise.*", "This plugin does not support grabbing.*"
)


@pytest.fixture
def harness(qtbot, tmp_path: Path) -> Harness:
    return make_harness(qtbot, tmp_path)


def wait_done(qtbot, h: Harness) -> None:
    qtbot.waitUntil(lambda: not h.controller.busy, timeout=10000)


def test_three_items_move_together_with_one_question_and_one_message(
    qtbot, harness: Harness
) -> None:
    (harness.vault.root / "Archive").mkdir()
    harness.tree.add_path("Archive", is_dir=True)
    seen: list[str] = []
    renamed: list[tuple[str, str]] = []
    harness.controller.path_renamed.connect(lambda a, b: renamed.append((a, b)))
    answer("Update Links", seen)
    with qtbot.waitSignal(harness.controller.operation_completed, timeout=10000):
        harness.controller.move_items(["Target.md", "Folder/Deep", "Unrelated.md"], "Archive")
    assert seen == ["Update 2 links in 2 files?"]
    assert harness.messages == ["Moved 3 items to “Archive”; updated 2 links in 2 files"]
    assert harness.failures == []
    assert renamed == [
        ("Target.md", "Archive/Target.md"),
        ("Folder/Deep", "Archive/Deep"),
        ("Unrelated.md", "Archive/Unrelated.md"),
    ]
    root = harness.vault.root
    assert (root / "Archive/Target.md").is_file() and (root / "Archive/Deep/Leaf.md").is_file()
    assert harness.text("Folder/Inner.md") == "[[Target#Target]] and [[Archive/Deep/Leaf]]\n"
    model = harness.tree.source_model
    assert {"Archive/Target.md", "Archive/Deep/Leaf.md", "Archive/Unrelated.md"} <= set(
        model.paths()
    )
    assert "Target.md" not in model and "Folder/Deep" not in model


def test_items_that_cannot_move_are_named_and_the_others_move(
    qtbot, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = harness.vault.root
    (root / "Archive").mkdir()
    (root / "Archive/unrelated.md").write_text("already here\n", encoding="utf-8")
    movetarget = importlib.import_module("notedesk.core.movetarget")  # new with this test
    real = movetarget._writable
    monkeypatch.setattr(movetarget, "_writable", lambda p: p.name != "Folder" and real(p))
    answer("Update Links", [])
    with qtbot.waitSignal(harness.controller.operation_failed, timeout=10000):
        harness.controller.move_items(
            ["Unrelated.md", "Target.md", "Folder/Inner.md", "Folder/Deep/Leaf.md"], "Archive"
        )
    assert harness.messages == ["Moved 2 items to “Archive”; updated 2 links in 2 files"]
    assert harness.failures == [
        "Moved 2 of 4 items. Not moved, left where they are: “Unrelated.md” "
        "(“Archive/unrelated.md” already exists); “Folder/Inner.md” (permission denied)."
    ]
    assert harness.text("Unrelated.md") == "[[Other]]\n"
    assert harness.text("Archive/unrelated.md") == "already here\n"
    assert (root / "Archive/Target.md").is_file() and (root / "Archive/Leaf.md").is_file()
    assert harness.text("Folder/Inner.md") == "[[Target#Target]] and [[Archive/Leaf]]\n"


def test_a_folder_into_itself_is_refused(qtbot, harness: Harness) -> None:
    with qtbot.waitSignal(harness.controller.operation_failed) as blocker:
        harness.controller.move_items(["Folder"], "Folder/Deep")
    assert blocker.args == ["Cannot move “Folder”: a folder cannot go into itself."]
    with qtbot.waitSignal(harness.controller.operation_failed) as blocker:
        harness.controller.move_items(["Folder", "Folder/Deep/Leaf.md"], "Folder/Deep")
    assert blocker.args == ["Cannot move “Folder”: a folder cannot go into itself."]
    assert (harness.vault.root / "Folder/Deep/Leaf.md").is_file()
    with qtbot.waitSignal(harness.controller.operation_failed, timeout=10000) as blocker:
        harness.controller.move_items(["Folder", "Unrelated.md"], "Folder/Deep")
    assert blocker.args == [
        "Moved 1 of 2 items. Not moved, left where it is: "
        "“Folder” (a folder cannot go into itself)."
    ]
    assert harness.messages == ["Moved 1 item to “Folder/Deep”"]
    assert (harness.vault.root / "Folder/Deep/Unrelated.md").is_file()


def test_a_name_with_a_slash_moves_the_note_and_makes_its_folders(qtbot, harness: Harness) -> None:
    harness.tree.set_rename_check(harness.controller.rename_problem)
    harness.tree.rename_requested.disconnect()
    harness.tree.rename_requested.connect(lambda p, n: harness.controller.rename(p, n, inline=True))
    seen: list[str] = []
    answer("Cancel", seen)
    rename_in_place(qtbot, harness.tree, "Target.md", "Projects/Ideas/Goal")
    qtbot.waitUntil(lambda: bool(seen))
    wait_done(qtbot, harness)
    root = harness.vault.root
    assert not (root / "Projects").exists()  # cancelled: no folder made
    assert (root / "Target.md").is_file()
    answer("Update Links", seen)
    with qtbot.waitSignal(harness.controller.operation_completed, timeout=10000):
        rename_in_place(qtbot, harness.tree, "Target.md", "Projects/Ideas/Goal")
    assert seen[-1] == "Update 5 links in 2 files?"
    assert harness.messages == [
        "Moved “Target.md” to “Projects/Ideas/Goal.md”; updated 5 links in 2 files; "
        "created the folders “Projects”, “Projects/Ideas”"
    ]
    assert harness.text("Projects/Ideas/Goal.md").startswith("# Target")
    assert harness.text("Linker.md").startswith("[[Goal]] [[Goal|alias]]")
    assert harness.tree.source_model.is_dir("Projects/Ideas")
    assert "Projects/Ideas/Goal.md" in harness.tree.source_model


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("../Up", "“..” cannot be used"),
        ("/Top/Note", "without a “/” in front"),
        ("Projects//Note", "is empty"),
        ("Linker.md/Note", "is a file, not a folder"),
    ],
)
def test_a_refused_path_keeps_the_name_box_open(
    qtbot, harness: Harness, typed: str, why: str
) -> None:
    harness.tree.set_rename_check(harness.controller.rename_problem)
    with qtbot.assertNotEmitted(harness.tree.rename_requested):
        rename_in_place(qtbot, harness.tree, "Target.md", typed)
    assert why in (harness.tree.rename_problem_shown() or "")
    editor = harness.tree.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert sorted(p.name for p in harness.vault.root.iterdir()) == [
        "Folder",
        "Linker.md",
        "Target.md",
        "Unrelated.md",
    ]


def test_deleting_several_asks_once_and_names_what_stayed(qtbot, harness: Harness) -> None:
    seen: list[str] = []
    answer("Move to Trash", seen)
    with qtbot.waitSignal(harness.controller.operation_failed) as blocker:
        harness.tree.delete_requested.emit(["Gone.md", "Unrelated.md", "Folder", "Folder/Inner.md"])
    assert seen == ["Move 3 items to the trash?"]
    assert harness.messages == ["Moved 2 items to the trash"]
    assert blocker.args == ["Not deleted: “Gone.md” does not exist any more."]
    assert harness.failures == blocker.args
    assert not (harness.vault.root / "Folder").exists()
    assert not (harness.vault.root / "Unrelated.md").exists()


def test_moving_to_a_new_folder_makes_it_only_when_moving(
    qtbot, harness: Harness, tmp_path: Path
) -> None:
    harness.unsaved.append("Linker.md")  # the move stops: links in it would change
    with qtbot.waitSignal(harness.controller.operation_failed, timeout=10000):
        harness.controller.move_items(["Target.md"], "Later/Here", new_folder=True)
    assert not (harness.vault.root / "Later").exists()
    harness.unsaved.clear()
    with qtbot.waitSignal(harness.controller.operation_completed, timeout=10000):
        harness.controller.move_items(["Unrelated.md"], "Later/Here", new_folder=True)
    assert (harness.vault.root / "Later/Here/Unrelated.md").is_file()


def test_a_move_failing_half_way_puts_everything_back(
    qtbot, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = harness.vault.root
    (root / "Archive").mkdir()
    (root / "Archive/unrelated.md").write_text("already here\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    renameapply = importlib.import_module("notedesk.core.renameapply")
    real = renameapply.move_noreplace

    def refuse_the_folder(src: Path, dst: Path) -> None:
        if src.name == "Deep":
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(renameapply, "move_noreplace", refuse_the_folder)
    answer("Update Links", [])
    with qtbot.waitSignal(harness.controller.operation_failed, timeout=10000) as blocker:
        harness.controller.move_items(["Target.md", "Folder/Deep", "Unrelated.md"], "Archive")
    assert blocker.args == [
        "Cannot move “Folder/Deep” to “Archive/Deep”: Permission denied; nothing was moved. "
        "Cannot move “Unrelated.md”: “Archive/unrelated.md” already exists."
    ]
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert harness.messages == [] and not harness.controller.busy
