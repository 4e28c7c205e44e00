"""Tab and Shift+Tab move a list item together with its children."""

from __future__ import annotations

import pytest
from editor_helpers import cursor_to
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from notedesk.app.widgets.editor import NoteEditor

_SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def editor(qtbot: QtBot) -> NoteEditor:
    widget = NoteEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


@pytest.mark.parametrize("child", ["\t- c", "  - c"])
def test_tab_indents_the_item_with_its_children_in_one_undo_step(
    editor: NoteEditor, qtbot: QtBot, child: str
) -> None:
    text = f"- a\n- b\n{child}\n- d"
    editor.set_text_without_undo(text)
    cursor_to(editor, len("- a\n- b"))
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == f"- a\n\t- b\n\t{child}\n- d"
    assert editor.textCursor().position() == len("- a\n\t- b")
    editor.undo()
    assert editor.toPlainText() == text


def test_shift_tab_outdents_the_item_with_its_children(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.set_text_without_undo("- a\n\t- b\n\t\t- c\n\n\t\t  more of c\n\t- d")
    cursor_to(editor, len("- a\n\t- "))
    qtbot.keyClick(editor, Qt.Key.Key_Tab, _SHIFT)
    # the blank line inside the subtree stays blank; the sibling d stays where it was
    assert editor.toPlainText() == "- a\n- b\n\t- c\n\n\t  more of c\n\t- d"
    editor.undo()
    assert editor.toPlainText() == "- a\n\t- b\n\t\t- c\n\n\t\t  more of c\n\t- d"


def test_shift_tab_on_a_top_level_item_leaves_its_children(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("- b\n\t- c")
    cursor_to(editor, 1)
    qtbot.keyClick(editor, Qt.Key.Key_Tab, _SHIFT)
    assert editor.toPlainText() == "- b\n\t- c"


def test_tab_on_a_selection_of_items_takes_the_last_ones_children(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    text = "- a\n- b\n\t- b1\n- c\n\t- c1\n\t\t- c2\n- d"
    editor.set_text_without_undo(text)
    cursor = editor.textCursor()
    cursor.setPosition(text.index("- b"))
    cursor.setPosition(text.index("- c") + 1, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "- a\n\t- b\n\t\t- b1\n\t- c\n\t\t- c1\n\t\t\t- c2\n- d"
    qtbot.keyClick(editor, Qt.Key.Key_Tab, _SHIFT)
    assert editor.toPlainText() == text
    editor.undo()
    editor.undo()
    assert editor.toPlainText() == text
    editor.redo()
    assert editor.toPlainText() == "- a\n\t- b\n\t\t- b1\n\t- c\n\t\t- c1\n\t\t\t- c2\n- d"


def test_tab_in_a_quote_moves_the_children_inside_the_quote(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("> - a\n> - b\n> \t- c\n> - d")
    cursor_to(editor, len("> - a\n> - b"))
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "> - a\n> \t- b\n> \t\t- c\n> - d"
