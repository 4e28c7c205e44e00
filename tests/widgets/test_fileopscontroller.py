"""The file-operations controller, driven through the real tree and real dialogs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fileops_helpers import Harness, answer, make_harness, rename_in_place
from PySide6.QtWidgets import QLineEdit

from notedesk.app.fileopscontroller import FileOpsController
from notedesk.core.events import FileEvent
from notedesk.core.trash import Trash

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise.*", "This plugin does not support grabbing.*"
)


@pytest.fixture
def harness(qtbot, tmp_path: Path) -> Harness:
    return make_harness(qtbot, tmp_path)


def test_rename_in_tree_updates_links_after_confirmation(qtbot, harness: Harness) -> None:
    seen: list[str] = []
    answer("Update Links", seen)
    with qtbot.waitSignal(harness.controller.files_changed, timeout=10000) as blocker:
        rename_in_place(qtbot, harness.tree, "Target.md", "New Name")
    assert seen == ["Update 5 links in 2 files?"]
    assert harness.text("Linker.md") == (
        "[[New Name]] [[New Name|alias]] ![[New Name#^blk]] [t](New%20Name.md)\n"
    )
    assert harness.text("Folder/Inner.md").startswith("[[New Name#Target]]")
    assert harness.text("Unrelated.md") == "[[Other]]\n"
    assert blocker.args[0][0] == FileEvent("moved", "Target.md", "New Name.md")
    assert {e.path for e in blocker.args[0][1:]} == {"Linker.md", "Folder/Inner.md"}
    assert "New Name.md" in harness.tree.source_model
    assert "Target.md" not in harness.tree.source_model
    assert harness.messages == ["Renamed “Target.md” to “New Name.md”; updated 5 links in 2 files"]
    assert {b.source for b in harness.index.backlinks("New Name.md")} == {
        "Linker.md",
        "Folder/Inner.md",
    }


def test_rename_without_updating_links(qtbot, harness: Harness) -> None:
    answer("Don't Update", [])
    with qtbot.waitSignal(harness.controller.path_renamed, timeout=10000) as blocker:
        harness.controller.rename("Target.md", "Other Name")
    assert blocker.args == ["Target.md", "Other Name.md"]
    assert harness.text("Linker.md").startswith("[[Target]]")


def test_cancel_changes_nothing(qtbot, harness: Harness) -> None:
    seen: list[str] = []
    answer("Cancel", seen)
    with qtbot.assertNotEmitted(harness.controller.files_changed, wait=100):
        harness.controller.rename("Target.md", "X")
        qtbot.waitUntil(lambda: bool(seen) and not harness.controller.busy)
    assert (harness.vault.root / "Target.md").exists()


def test_refused_names_and_collisions_give_the_reason(qtbot, harness: Harness) -> None:
    with qtbot.waitSignal(harness.controller.operation_failed) as blocker:
        rename_in_place(qtbot, harness.tree, "Target.md", "A#B")
    assert "heading" in blocker.args[0]
    with qtbot.waitSignal(harness.controller.operation_failed) as blocker:
        harness.controller.rename("Target.md", "linker")
    assert blocker.args[0] == "“Linker.md” already exists: choose another name."
    assert (harness.vault.root / "Target.md").exists()


def test_unsaved_linking_note_blocks_the_rewrite(qtbot, harness: Harness) -> None:
    harness.unsaved.append("Linker.md")
    with qtbot.waitSignal(harness.controller.operation_failed, timeout=10000) as blocker:
        harness.controller.rename("Target.md", "Renamed")
    assert "Save “Linker.md” first" in blocker.args[0]
    assert (harness.vault.root / "Target.md").exists()
    assert not harness.controller.busy


def test_drag_a_folder_into_another_moves_it_and_fixes_path_links(qtbot, harness: Harness) -> None:
    (harness.vault.root / "Archive").mkdir()
    harness.tree.add_path("Archive", is_dir=True)
    answer("Update Links", [])
    with qtbot.waitSignal(harness.controller.files_changed, timeout=10000) as blocker:
        harness.tree.move_requested.emit(["Folder/Deep"], "Archive")
    assert blocker.args[0][0] == FileEvent("moved", "Folder/Deep", "Archive/Deep", is_dir=True)
    assert harness.text("Folder/Inner.md").endswith("[[Archive/Deep/Leaf]]\n")
    assert "Archive/Deep/Leaf.md" in harness.tree.source_model


def test_move_without_links_needs_no_question(qtbot, harness: Harness) -> None:
    with qtbot.waitSignal(harness.controller.files_changed, timeout=10000):
        harness.controller.move("Unrelated.md", "Folder")
    assert (harness.vault.root / "Folder/Unrelated.md").exists()


def test_new_note_and_folder_from_the_context_menu(qtbot, harness: Harness) -> None:
    with qtbot.waitSignal(harness.controller.note_created) as blocker:
        harness.tree.new_note_requested.emit("Folder")
    assert blocker.args == ["Folder/Untitled.md"]
    assert "Folder/Untitled.md" in harness.tree.source_model
    editor = harness.tree.findChild(QLineEdit)  # renaming the new note starts at once
    assert editor is not None and editor.text() == "Untitled"
    with qtbot.waitSignal(harness.controller.folder_created) as blocker:
        harness.tree.new_folder_requested.emit("")
    assert blocker.args == ["Untitled"]
    assert harness.tree.source_model.is_dir("Untitled")
    assert harness.controller.create_note("Folder") == "Folder/Untitled 1.md"


def test_delete_confirms_then_moves_to_the_trash(qtbot, harness: Harness, tmp_path: Path) -> None:
    seen: list[str] = []
    answer("Cancel", seen)
    harness.tree.delete_requested.emit(["Unrelated.md"])
    assert seen == ["Move “Unrelated.md” to the trash?"]
    assert (harness.vault.root / "Unrelated.md").exists()
    answer("Move to Trash", seen)
    with qtbot.waitSignal(harness.controller.files_changed) as blocker:
        harness.tree.delete_requested.emit(["Unrelated.md", "Folder"])
    assert seen[-1] == "Move 2 items to the trash?"
    assert blocker.args[0] == [
        FileEvent("deleted", "Unrelated.md"),
        FileEvent("deleted", "Folder", is_dir=True),
    ]
    assert (tmp_path / "Trash/files/Unrelated.md").exists()
    assert (tmp_path / "Trash/files/Folder/Deep/Leaf.md").exists()
    assert "Folder" not in harness.tree.source_model


def test_reveal_and_daily_note(qtbot, harness: Harness) -> None:
    harness.tree.reveal_requested.emit("Folder/Inner.md")
    harness.tree.reveal_requested.emit("")
    assert harness.revealed == [harness.vault.root / "Folder/Inner.md", harness.vault.root]
    # The daily note's name is fixed: created, but not a "new note" to be named.
    created = harness.controller.note_created
    with qtbot.assertNotEmitted(created), qtbot.waitSignal(harness.controller.files_changed):
        path = harness.controller.daily_note("Daily", date(2026, 11, 28))
    assert path == "Daily/2026-11-28.md" and (harness.vault.root / path).exists()
    assert harness.tree.findChild(QLineEdit) is None
    with qtbot.assertNotEmitted(harness.controller.note_created):
        assert harness.controller.daily_note("Daily", date(2026, 11, 28)) == path


def test_no_index_yet_refuses_instead_of_breaking_links(qtbot, harness: Harness) -> None:
    controller = FileOpsController(harness.vault, lambda: None, trash=Trash(Path("/nonexistent")))
    with qtbot.waitSignal(controller.operation_failed) as blocker:
        controller.rename("Target.md", "X")
    assert "indexed" in blocker.args[0]
