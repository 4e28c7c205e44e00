"""Move to Folder… in the real window with several notes picked in the file tree."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from test_files_wiring import _action, controller  # noqa: F401

from notedesk.core.events import FileEvent


def test_move_to_folder_moves_every_note_picked_in_the_tree(
    qtbot,
    controller,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    root = tmp_path / "vault"
    (root / "Projects").mkdir()
    (root / "C.md").write_text("[[A]] and [[B]]\n", encoding="utf-8")
    ops = controller.files_wiring.ops
    controller.files_wiring.apply_events(
        [FileEvent("created", "Projects", is_dir=True), FileEvent("created", "C.md")]
    )
    monkeypatch.setattr(ops, "ask_update_links", lambda plan: QMessageBox.StandardButton.Yes)
    window = controller.window
    tab = window.current_tab()
    assert tab.path == "A.md"
    tree = window.file_tree
    flag = QItemSelectionModel.SelectionFlag

    def pick(*paths: str) -> None:
        tree.select_path(paths[0])
        for path in paths[1:]:
            tree.selectionModel().select(tree.source_model.index_of(path), flag.Select)
        tree.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)

    pick("A.md", "B.md", "C.md")
    picker = controller.files_wiring.folder_picker
    _action(window, "Move to Folder…").trigger()
    assert picker.isVisible() and picker.input.placeholderText() == "Move 3 items to folder…"
    qtbot.keyClicks(picker.input, "proj")
    with qtbot.waitSignal(ops.operation_completed, timeout=20000) as blocker:
        qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert blocker.args == ["Moved 3 items to “Projects”"]
    assert sorted(p.name for p in (root / "Projects").iterdir()) == ["A.md", "B.md", "C.md"]
    assert tab.path == "Projects/A.md"
    assert sorted(tree.selected_paths()) == ["Projects/A.md", "Projects/B.md", "Projects/C.md"]
    # From the command palette, with the keys in the tree: the same three go back.
    tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    palette = controller.panels.palette
    palette.popup("move to folder")
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.input.placeholderText() == "Move 3 items to folder…"
    assert picker.row_titles()[0] == "/ (vault root)"
    with qtbot.waitSignal(ops.operation_completed, timeout=20000) as blocker:
        qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert blocker.args == ["Moved 3 items to the vault's top folder"]
    assert all((root / name).is_file() for name in ("A.md", "B.md", "C.md"))
    assert window.statusBar().currentMessage() == "Moved 3 items to the vault's top folder"
