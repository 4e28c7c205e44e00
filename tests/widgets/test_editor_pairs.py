"""Auto-pairing of brackets, quotes and Markdown syntax, typed for real."""

from __future__ import annotations

import pytest
from editor_helpers import cursor_to
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from notedesk.app.widgets.completer import CompletionProviders
from notedesk.app.widgets.editor import NoteEditor

NOTES = [("Markdown tour", "[[Markdown tour]]"), ("Books", "[[Books]]")]


@pytest.fixture
def editor(qtbot: QtBot) -> NoteEditor:
    widget = NoteEditor(providers=CompletionProviders(notes=lambda: NOTES))
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def _state(editor: NoteEditor) -> str:
    """The text with ``|`` at the cursor."""
    text = editor.toPlainText()
    pos = editor.textCursor().position()
    return text[:pos] + "|" + text[pos:]


def test_double_bracket_pairs_and_typing_the_closers_steps_over(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    qtbot.keyClicks(editor, "[[")
    assert _state(editor) == "[[|]]"
    editor.completer.close()
    qtbot.keyClicks(editor, "x]]")
    assert _state(editor) == "[[x]]|"
    qtbot.keyClicks(editor, ' (a) {b} "c"')
    assert _state(editor) == '[[x]] (a) {b} "c"|'


def test_completion_after_double_bracket_leaves_one_pair(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "see [[Boo")
    assert editor.completer.active
    assert _state(editor) == "see [[Boo|]]"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _state(editor) == "see [[Books]]|"


def test_backspace_in_an_empty_pair_deletes_both(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "a [[")
    editor.completer.close()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert _state(editor) == "a [|]"
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert _state(editor) == "a |"
    qtbot.keyClicks(editor, "(x")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert _state(editor) == "a |"


def test_no_pair_before_a_word_or_for_a_quote_after_a_letter(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("word")
    cursor_to(editor, 0)
    qtbot.keyClicks(editor, "(")
    assert _state(editor) == "(|word"
    editor.set_text_without_undo("it")
    cursor_to(editor, 2)
    qtbot.keyClicks(editor, '"')
    assert _state(editor) == 'it"|'


def test_a_closer_typed_by_hand_is_not_stepped_over(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.set_text_without_undo("()")
    cursor_to(editor, 1)
    qtbot.keyClicks(editor, ")")
    assert _state(editor) == "()|)"


def test_selection_is_wrapped_by_brackets_and_markdown_syntax(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("a word here")
    cursor = editor.textCursor()
    cursor.setPosition(2)
    cursor.setPosition(6, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "**")
    assert editor.toPlainText() == "a **word** here"
    assert editor.textCursor().selectedText() == "word"
    qtbot.keyClicks(editor, "[")
    assert editor.toPlainText() == "a **[word]** here"
    editor.undo()
    assert editor.toPlainText() == "a **word** here"
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(1, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "x")  # not a pairing character: replaces as usual
    assert editor.toPlainText() == "x **word** here"


def test_a_pair_is_one_undo_step_and_read_only_does_not_pair(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    qtbot.keyClicks(editor, "(")
    assert editor.toPlainText() == "()"
    editor.undo()
    assert editor.toPlainText() == ""
    editor.setReadOnly(True)
    qtbot.keyClicks(editor, "(")
    assert editor.toPlainText() == ""
