"""Find and replace bar under the editor, driven by keys and clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from notedesk.app.widgets.editorpane import EditorPane

CTRL = Qt.KeyboardModifier.ControlModifier
TEXT = "Cat cat concat\n- [x] one 🌱 cat\n- [ ] two\nCAT"


@pytest.fixture
def pane(qtbot: QtBot) -> EditorPane:
    widget = EditorPane(line_numbers=True)
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.editor.set_text_without_undo(TEXT)
    widget.editor.setFocus()
    return widget


def selected(pane: EditorPane) -> tuple[int, int]:
    cursor = pane.editor.textCursor()
    return cursor.selectionStart(), cursor.selectionEnd()


def test_ctrl_f_counts_and_steps_through_matches(pane: EditorPane, qtbot: QtBot) -> None:
    bar = pane.find_bar
    qtbot.keyClick(pane.editor, Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and bar.find_edit.hasFocus()
    assert not bar.replace_edit.isVisible()
    qtbot.keyClicks(bar.find_edit, "cat")
    assert bar.match_count() == 5
    assert bar.count_label.text() == "5 found"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    assert selected(pane) == (0, 3)
    assert bar.count_label.text() == "1 of 5"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    # past "🌱" (two UTF-16 units): the fourth match still lands on "cat"
    assert pane.editor.textCursor().selectedText() == "cat"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert selected(pane) == (11, 14)
    assert len(pane.editor.extraSelections()) == 5
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert pane.editor.hasFocus()
    assert pane.editor.extraSelections() == []


def test_escape_in_the_text_closes_the_bar(pane: EditorPane, qtbot: QtBot) -> None:
    bar = pane.find_bar
    qtbot.keyClick(pane.editor, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.find_edit, "cat")
    pane.editor.setFocus()
    qtbot.keyClick(pane.editor, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert pane.editor.extraSelections() == []


def test_options_case_word_regex(pane: EditorPane, qtbot: QtBot) -> None:
    bar = pane.find_bar
    pane.show_find()
    qtbot.keyClicks(bar.find_edit, "cat")
    qtbot.mouseClick(bar.case_button, Qt.MouseButton.LeftButton)
    assert bar.match_count() == 3
    qtbot.mouseClick(bar.word_button, Qt.MouseButton.LeftButton)
    assert bar.match_count() == 2
    qtbot.mouseClick(bar.case_button, Qt.MouseButton.LeftButton)
    assert bar.match_count() == 4
    bar.find_edit.clear()
    qtbot.mouseClick(bar.word_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.regex_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_edit, r"^- \[(.)\]")
    assert bar.match_count() == 2
    qtbot.keyClicks(bar.find_edit, "(")
    assert bar.count_label.text() == "Invalid regex"
    assert bar.match_count() == 0


def test_ctrl_h_replace_one_then_all_in_one_undo_step(pane: EditorPane, qtbot: QtBot) -> None:
    bar = pane.find_bar
    qtbot.keyClick(pane.editor, Qt.Key.Key_H, CTRL)
    assert bar.replace_edit.isVisible()
    qtbot.keyClicks(bar.find_edit, "cat")
    qtbot.mouseClick(bar.word_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.replace_edit, "dog")
    qtbot.keyClick(bar.replace_edit, Qt.Key.Key_Return)  # selects the first match
    qtbot.keyClick(bar.replace_edit, Qt.Key.Key_Return)  # replaces it, selects the next
    assert pane.editor.toPlainText().startswith("dog cat concat")
    assert bar.match_count() == 3
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert pane.editor.toPlainText() == "dog dog concat\n- [x] one 🌱 dog\n- [ ] two\ndog"
    assert bar.count_label.text() == "3 replaced"
    pane.editor.undo()
    assert pane.editor.toPlainText().startswith("dog cat concat")
    assert pane.editor.toPlainText().endswith("CAT")


def test_regex_replace_with_groups(pane: EditorPane, qtbot: QtBot) -> None:
    bar = pane.find_bar
    pane.show_replace()
    qtbot.mouseClick(bar.regex_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_edit, r"^- \[(.)\] (\w+)")
    qtbot.keyClicks(bar.replace_edit, r"* \2 (\1)")
    assert bar.replace_all() == 2
    assert pane.editor.toPlainText().split("\n")[1:3] == ["* one (x) 🌱 cat", "* two ( )"]


def test_matches_recount_after_edits(pane: EditorPane, qtbot: QtBot) -> None:
    bar = pane.find_bar
    pane.show_find()
    qtbot.keyClicks(bar.find_edit, "two")
    assert bar.match_count() == 1
    pane.editor.setFocus()
    pane.editor.moveCursor(pane.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(bar._recount_timer.timeout):
        qtbot.keyClicks(pane.editor, " two")
    assert bar.match_count() == 2


def test_selection_seeds_the_query(pane: EditorPane, qtbot: QtBot) -> None:
    cursor = pane.editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(7, cursor.MoveMode.KeepAnchor)
    pane.editor.setTextCursor(cursor)
    qtbot.keyClick(pane.editor, Qt.Key.Key_F, CTRL)
    assert pane.find_bar.find_edit.text() == "cat"
