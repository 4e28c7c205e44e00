"""The file tree: every operation is a request signal; the model follows afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMenu

from notedesk.app.widgets.filetree import FileTree
from notedesk.app.widgets.filetreemodel import PATH_ROLE, encode_paths
from notedesk.core.events import FileEvent

FILES = [
    "Note 10.md",
    "Note 2.md",
    "b/inner.md",
    "a/pic.png",
    "a/doc.pdf",
    "a/sub/deep.md",
]
FOLDERS = ["a", "a/sub", "b", "empty"]
# Popup menus on the offscreen platform: its limits, not notedesk's.
offscreen_popups = pytest.mark.qt_log_ignore(
    "This plugin does not support raise.*", "This plugin does not support grabbing.*"
)


@pytest.fixture
def tree(qtbot) -> FileTree:
    widget = FileTree(root=Path("/vault"))
    qtbot.addWidget(widget)
    widget.resize(300, 500)
    widget.set_paths(FILES, FOLDERS)
    widget.expandAll()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def rows(tree: FileTree) -> list[str]:
    """Visible rows top to bottom as vault paths."""
    out = []
    index = tree.model().index(0, 0)
    while index.isValid():
        out.append(index.data(PATH_ROLE))
        index = tree.indexBelow(index)
    return out


def center(tree: FileTree, path: str) -> QPoint:
    tree.select_path(path)
    return tree.visualRect(tree.currentIndex()).center()


def test_folders_first_natural_sort(tree: FileTree) -> None:
    assert rows(tree) == [
        "a",
        "a/sub",
        "a/sub/deep.md",
        "a/doc.pdf",
        "a/pic.png",
        "b",
        "b/inner.md",
        "empty",
        "Note 2.md",
        "Note 10.md",
    ]


def test_selecting_a_path_with_ctrl_held_keeps_one_row_selected(qtbot, tree: FileTree) -> None:
    tree.select_path("Note 2.md")
    qtbot.keyPress(tree, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
    try:
        assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.ControlModifier
        tree.select_path("b/inner.md")  # a note opened by Ctrl+click on a link
    finally:
        qtbot.keyRelease(tree, Qt.Key.Key_Control)
    selected = [i.data(PATH_ROLE) for i in tree.selectionModel().selectedRows()]
    assert selected == ["b/inner.md"]


def test_a_name_sorts_before_longer_names_it_starts(tree: FileTree) -> None:
    tree.apply_events(
        [
            FileEvent("created", "Plan (conflict 2026-01-01).md"),
            FileEvent("created", "Plan.md"),
            FileEvent("created", "Plan.png"),
            FileEvent("created", "Plan 2.md"),
        ]
    )
    assert rows(tree)[-6:] == [
        "Note 2.md",
        "Note 10.md",
        "Plan.md",
        "Plan.png",
        "Plan (conflict 2026-01-01).md",
        "Plan 2.md",
    ]


def test_attachments_get_file_type_icons(tree: FileTree) -> None:
    model = tree.source_model
    icon = Qt.ItemDataRole.DecorationRole
    png = model.index_of("a/pic.png").data(icon)
    pdf = model.index_of("a/doc.pdf").data(icon)
    note = model.index_of("Note 2.md").data(icon)
    assert not png.isNull() and not pdf.isNull()
    keys = {png.cacheKey(), pdf.cacheKey(), note.cacheKey()}
    assert len(keys) == 3


def test_click_opens_and_middle_click_opens_in_new_tab(qtbot, tree: FileTree) -> None:
    viewport = tree.viewport()
    pos = center(tree, "Note 2.md")
    with qtbot.waitSignal(tree.open_requested) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == ["Note 2.md", False]
    pos = center(tree, "Note 10.md")
    with qtbot.waitSignal(tree.open_requested) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.MiddleButton, pos=pos)
    assert blocker.args == ["Note 10.md", True]


def spot(tree: FileTree, path: str) -> QPoint:
    """Where ``path``'s row is, without selecting it."""
    return tree.visualRect(tree.source_model.index_of(path)).center()


def test_ctrl_alt_and_shift_click_pick_several_without_opening(qtbot, tree: FileTree) -> None:
    viewport = tree.viewport()
    mod = Qt.KeyboardModifier
    left = Qt.MouseButton.LeftButton
    with qtbot.waitSignal(tree.open_requested):
        qtbot.mouseClick(viewport, left, pos=spot(tree, "Note 2.md"))
    with qtbot.assertNotEmitted(tree.open_requested, wait=50):
        qtbot.mouseClick(viewport, left, mod.ControlModifier, spot(tree, "b/inner.md"))
        qtbot.mouseClick(viewport, left, mod.AltModifier, spot(tree, "a/pic.png"))
        qtbot.mouseClick(viewport, left, mod.ControlModifier, spot(tree, "a/sub"))
    assert sorted(tree.selected_paths()) == ["Note 2.md", "a/pic.png", "a/sub", "b/inner.md"]
    assert tree.isExpanded(tree.source_model.index_of("a/sub"))  # picked, not folded
    with qtbot.assertNotEmitted(tree.open_requested, wait=50):
        qtbot.mouseClick(viewport, left, mod.AltModifier, spot(tree, "a/pic.png"))  # unpicked
        qtbot.mouseClick(viewport, left, mod.ControlModifier, spot(tree, "a/sub"))
    assert sorted(tree.selected_paths()) == ["Note 2.md", "b/inner.md"]
    qtbot.mouseClick(viewport, left, pos=spot(tree, "b/inner.md"))
    with qtbot.assertNotEmitted(tree.open_requested, wait=50):
        qtbot.mouseClick(viewport, left, mod.ShiftModifier, spot(tree, "Note 10.md"))
    assert tree.selected_paths() == ["b/inner.md", "empty", "Note 2.md", "Note 10.md"]
    menu = tree.context_menu(tree.source_model.index_of("empty"))
    assert "Move 4 Items to Folder…" in [a.text().replace("&", "") for a in menu.actions()]


def test_picked_items_stay_picked_where_they_moved(qtbot, tree: FileTree) -> None:
    flag = QItemSelectionModel.SelectionFlag
    tree.select_path("Note 2.md")
    tree.selectionModel().select(tree.source_model.index_of("a/pic.png"), flag.Select)
    tree.selectionModel().select(tree.source_model.index_of("b/inner.md"), flag.Select)
    tree.apply_events(
        [
            FileEvent("moved", "Note 2.md", "empty/Note 2.md"),
            FileEvent("moved", "a/pic.png", "empty/pic.png"),
            FileEvent("deleted", "b/inner.md"),
        ]
    )
    assert sorted(tree.selected_paths()) == ["empty/Note 2.md", "empty/pic.png"]


def test_f2_renames_in_place_and_emits_a_request(qtbot, tree: FileTree) -> None:
    center(tree, "Note 2.md")
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = tree.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Note 2"
    assert editor.selectedText() == "Note 2"
    qtbot.keyClicks(editor, "Renamed")
    with qtbot.waitSignal(tree.rename_requested) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert blocker.args == ["Note 2.md", "Renamed"]
    # the model is untouched until the rename really happened
    assert "Note 2.md" in tree.source_model
    tree.rename_path("Note 2.md", "Renamed.md")
    assert "Renamed.md" in tree.source_model and "Note 2.md" not in tree.source_model
    assert tree.current_path() == "Renamed.md"


def test_escape_or_unchanged_name_requests_nothing(qtbot, tree: FileTree) -> None:
    tree.edit_path("b/inner.md")
    editor = tree.findChild(QLineEdit)
    assert editor is not None
    with qtbot.assertNotEmitted(tree.rename_requested):
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def context_menu(qtbot, tree: FileTree, path: str | None) -> QMenu:
    pos = center(tree, path) if path else QPoint(5, tree.viewport().height() - 5)
    if path is None:
        tree.clearSelection()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, tree.viewport().mapToGlobal(pos))
    QApplication.sendEvent(tree.viewport(), event)
    menu = tree.last_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    return menu


def trigger(menu: QMenu, text: str) -> None:
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    action = next((a for a in menu.actions() if a.text().replace("&", "") == text), None)
    assert action is not None, f"{text!r} not in {texts}"
    action.trigger()
    menu.close()


@offscreen_popups
def test_context_menu_on_a_file(qtbot, tree: FileTree) -> None:
    menu = context_menu(qtbot, tree, "a/sub/deep.md")
    assert [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()] == [
        "Open in New Tab",
        "New Note",
        "New Folder",
        "Rename…",
        "Move to Folder…",
        "Delete",
        "Reveal in File Manager",
        "Copy Path",
        "Copy Full Path",
    ]
    with qtbot.waitSignal(tree.new_note_requested) as blocker:
        trigger(menu, "New Note")
    assert blocker.args == ["a/sub"]
    menu = context_menu(qtbot, tree, "a/sub/deep.md")
    with qtbot.waitSignal(tree.move_to_folder_requested) as blocker:
        trigger(menu, "Move to Folder…")
    assert blocker.args == [["a/sub/deep.md"]]
    menu = context_menu(qtbot, tree, "a/sub/deep.md")
    with qtbot.waitSignal(tree.delete_requested) as blocker:
        trigger(menu, "Delete")
    assert blocker.args == [["a/sub/deep.md"]]
    menu = context_menu(qtbot, tree, "a/sub/deep.md")
    with qtbot.waitSignal(tree.reveal_requested) as blocker:
        trigger(menu, "Reveal in File Manager")
    assert blocker.args == ["a/sub/deep.md"]
    menu = context_menu(qtbot, tree, "a/sub/deep.md")
    trigger(menu, "Copy Path")
    assert QGuiApplication.clipboard().text() == "a/sub/deep.md"
    menu = context_menu(qtbot, tree, "a/sub/deep.md")
    trigger(menu, "Copy Full Path")
    assert QGuiApplication.clipboard().text() == str(Path("/vault/a/sub/deep.md"))
    menu = context_menu(qtbot, tree, "a/sub/deep.md")
    trigger(menu, "Rename…")
    editor = tree.findChild(QLineEdit)
    assert editor is not None and editor.text() == "deep"


@offscreen_popups
def test_context_menu_on_a_folder_and_on_empty_space(qtbot, tree: FileTree) -> None:
    menu = context_menu(qtbot, tree, "a/pic.png")  # attachments open in a tab too
    assert "Open in New Tab" in [a.text().replace("&", "") for a in menu.actions()]
    with qtbot.waitSignal(tree.open_external_requested) as blocker:
        trigger(menu, "Open with Default Application")
    assert blocker.args == ["a/pic.png"]
    menu.close()
    menu = context_menu(qtbot, tree, "b")
    assert "Open in New Tab" not in [a.text().replace("&", "") for a in menu.actions()]
    with qtbot.waitSignal(tree.new_folder_requested) as blocker:
        trigger(menu, "New Folder")
    assert blocker.args == ["b"]
    menu = context_menu(qtbot, tree, None)
    assert "Rename…" not in [a.text().replace("&", "") for a in menu.actions()]
    with qtbot.waitSignal(tree.new_note_requested) as blocker:
        trigger(menu, "New Note")
    assert blocker.args == [""]


def test_delete_key_sends_the_selection(qtbot, tree: FileTree) -> None:
    tree.select_path("a")
    index = tree.model().index(0, 0)
    tree.selectionModel().select(
        tree.indexBelow(tree.indexBelow(index)),  # a/sub/deep.md, inside a: dropped
        tree.selectionModel().SelectionFlag.Select,
    )
    note = tree.source_model.index_of("Note 2.md")
    tree.selectionModel().select(note, tree.selectionModel().SelectionFlag.Select)
    tree.setFocus()
    with qtbot.waitSignal(tree.delete_requested) as blocker:
        qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert sorted(blocker.args[0]) == ["Note 2.md", "a"]


def _drag_event(cls: type, pos: QPoint, *args: object) -> object:
    # PySide6 6.12 takes a QPointF here (the QPoint form is deprecated); 6.11 only a QPoint.
    try:
        return cls(QPointF(pos), *args)
    except TypeError:
        return cls(pos, *args)


def drop(tree: FileTree, paths: list[str], on: str | None) -> QDropEvent:
    """A drag entering the view, moving over ``on`` (None: empty space) and dropping."""
    pos = center(tree, on) if on else QPoint(5, tree.viewport().height() - 5)
    mime = encode_paths(paths)  # events do not own their data: keep it alive
    args = (
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    viewport = tree.viewport()
    QApplication.sendEvent(viewport, _drag_event(QDragEnterEvent, pos, *args))
    QApplication.sendEvent(viewport, _drag_event(QDragMoveEvent, pos, *args))
    event = QDropEvent(QPointF(pos), *args)
    QApplication.sendEvent(viewport, event)
    return event


def test_drag_and_drop_requests_moves(qtbot, tree: FileTree) -> None:
    with qtbot.waitSignal(tree.move_requested) as blocker:
        drop(tree, ["Note 2.md"], "a/sub")
    assert blocker.args == [["Note 2.md"], "a/sub"]
    # dropping on a file moves into that file's folder
    with qtbot.waitSignal(tree.move_requested) as blocker:
        drop(tree, ["b/inner.md"], "a/pic.png")
    assert blocker.args == [["b/inner.md"], "a"]
    # onto empty space: the vault root
    with qtbot.waitSignal(tree.move_requested) as blocker:
        drop(tree, ["a/sub"], None)
    assert blocker.args == [["a/sub"], ""]
    # the model did not change by itself
    assert "Note 2.md" in tree.source_model and "a/sub/deep.md" in tree.source_model


def test_dropping_several_items_is_one_request(qtbot, tree: FileTree) -> None:
    with qtbot.waitSignal(tree.move_requested) as blocker:
        drop(tree, ["Note 2.md", "b/inner.md", "a/sub/deep.md", "a"], "a/sub")
    # one already there stays out; the folder into itself is the receiver's to refuse
    assert blocker.args == [["Note 2.md", "b/inner.md", "a"], "a/sub"]


def test_drops_into_itself_or_its_own_folder_are_refused(qtbot, tree: FileTree) -> None:
    with qtbot.assertNotEmitted(tree.move_requested):
        assert not drop(tree, ["a"], "a/sub").isAccepted()
        assert not drop(tree, ["a/pic.png"], "a/doc.pdf").isAccepted()


def test_rename_path_moves_a_folder_with_its_contents_and_expansion(tree: FileTree) -> None:
    tree.select_path("a/sub/deep.md")
    tree.rename_path("a", "b/moved")
    assert "a" not in tree.source_model
    assert "b/moved/sub/deep.md" in tree.source_model
    assert tree.current_path() == "b/moved/sub/deep.md"
    assert "b/moved/sub/deep.md" in rows(tree)  # still expanded
    tree.apply_events(
        [
            FileEvent("created", "c.md"),
            FileEvent("created", "new folder", is_dir=True),
            FileEvent("deleted", "b/inner.md"),
            FileEvent("moved", "Note 10.md", "empty/Note 10.md"),
        ]
    )
    paths = tree.source_model.paths()
    assert "c.md" in paths and "new folder" in paths and "b/inner.md" not in paths
    assert "empty/Note 10.md" in paths and "Note 10.md" not in paths
    assert tree.source_model.is_dir("new folder")


def test_a_note_saved_again_after_its_deletion_comes_back(tree: FileTree) -> None:
    tree.apply_events([FileEvent("deleted", "c.md"), FileEvent("created", "c.md")])
    tree.apply_events([FileEvent("deleted", "c.md")])
    assert "c.md" not in tree.source_model.paths()
    tree.apply_events([FileEvent("modified", "c.md")])  # saved from the still open tab
    assert tree.source_model.paths().count("c.md") == 1
    tree.apply_events([FileEvent("modified", "c.md")])
    assert tree.source_model.paths().count("c.md") == 1


def test_changes_keep_the_natural_order_of_a_fresh_fill(qtbot, tree: FileTree) -> None:
    tree.apply_events(
        [FileEvent("created", "Note 1.md"), FileEvent("created", "a/sub/Deep 3.md")]
        + [FileEvent("created", f"b/n {i}.md") for i in (11, 2, 1)]
    )
    tree.rename_path("Note 10.md", "Note 0.md")
    model = tree.source_model
    fresh = FileTree()
    qtbot.addWidget(fresh)
    fresh.set_paths(
        sorted((p for p in model.paths() if not model.is_dir(p)), reverse=True),
        [p for p in model.paths() if model.is_dir(p)],
    )
    fresh.expandAll()
    tree.expandAll()
    assert rows(tree) == rows(fresh)
    assert rows(tree)[:2] == ["a", "a/sub"]
    assert rows(tree)[-3:] == ["Note 0.md", "Note 1.md", "Note 2.md"]
    assert [p for p in rows(tree) if p.startswith("b/")] == [
        "b/inner.md",
        "b/n 1.md",
        "b/n 2.md",
        "b/n 11.md",
    ]


def test_a_burst_of_creations_keeps_selection_and_expansion(tree: FileTree) -> None:
    tree.select_path("a/sub/deep.md")
    burst = [FileEvent("created", f"a/sub/x {i}.md") for i in range(200)]
    tree.apply_events([*burst, FileEvent("created", "zz", is_dir=True)])
    assert tree.current_path() == "a/sub/deep.md"
    shown = rows(tree)
    assert "a/sub/x 0.md" in shown and "a/sub/x 199.md" in shown  # a/sub still expanded
    assert shown.index("a/sub/x 2.md") < shown.index("a/sub/x 10.md")
    assert tree.source_model.is_dir("zz")


def test_indexes_of_removed_items_are_invalid_not_dangling(tree: FileTree) -> None:
    model = tree.source_model
    stale = model.index_of("b/inner.md")
    model.remove_path("b")
    assert not model.parent(stale).isValid()
    assert model.data(stale, PATH_ROLE) is None
    assert "b/inner.md" not in model


def test_a_refused_name_keeps_the_box_open_and_says_why(qtbot, tree: FileTree) -> None:
    tree.set_rename_check(lambda path, name: "“Taken” already exists" if name == "Taken" else None)
    center(tree, "Note 2.md")
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = tree.findChild(QLineEdit)
    qtbot.keyClicks(editor, "Taken")
    with qtbot.assertNotEmitted(tree.rename_requested), qtbot.waitSignal(tree.rename_refused):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert tree.state() == QAbstractItemView.State.EditingState
    assert tree.findChild(QLineEdit) is editor and editor.selectedText() == "Taken"
    assert tree.rename_problem_shown() == "“Taken” already exists"
    qtbot.keyClicks(editor, "Free")  # the keys go on into the name, replacing it
    assert editor.text() == "Free"
    assert tree.rename_problem_shown() is None
    with qtbot.waitSignal(tree.rename_requested) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert blocker.args == ["Note 2.md", "Free"]
