"""Link and tag completion, typed for real into the editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from pytestqt.qtbot import QtBot

from notedesk.app.widgets.completer import CompletionProviders
from notedesk.app.widgets.editor import NoteEditor

NOTES = [
    ("Markdown tour", "[[Markdown tour]]"),
    ("Welcome to notedesk", "[[Welcome to notedesk]]"),
    ("Machine learning", "[[Machine learning]]"),
    ("ML → Machine learning", "[[Machine learning|ML]]"),
    ("Books", "[[Books]]"),
]


@pytest.fixture
def editor(qtbot: QtBot) -> NoteEditor:
    calls: dict[str, list[str]] = {"notes": [], "headings": [], "blocks": []}

    def notes() -> list[tuple[str, str]]:
        calls["notes"].append("")
        return NOTES

    def headings(note: str) -> list[tuple[str, str]]:
        calls["headings"].append(note)
        return [(h, f"[[{note}#{h}]]") for h in ("Emphasis", "Comments")]

    def blocks(note: str) -> list[tuple[str, str]]:
        calls["blocks"].append(note)
        return [("shopping-list", f"[[{note}#^shopping-list]]")]

    providers = CompletionProviders(
        notes=notes,
        headings=headings,
        block_ids=blocks,
        tags=lambda: [("project", "project"), ("projects/done", "projects/done"), ("tour", "tour")],
    )
    widget = NoteEditor(providers=providers)
    widget.calls = calls  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def shown(editor: NoteEditor) -> list[str]:
    popup = editor.completer.popup
    return [popup.item(i).text() for i in range(popup.count())] if popup.isVisible() else []


def test_double_bracket_opens_note_completion_and_enter_closes_link(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    qtbot.keyClicks(editor, "See [[")
    assert shown(editor)[:2] == ["Markdown tour", "Welcome to notedesk"]
    qtbot.keyClicks(editor, "mach")
    assert shown(editor)[0] == "Machine learning"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "See [[Machine learning]]"
    assert editor.textCursor().atEnd()
    assert not editor.completer.popup.isVisible()
    assert len(editor.calls["notes"]) == 1  # type: ignore[attr-defined]


def test_fuzzy_filter_arrow_keys_and_tab(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "[[mkdn")
    assert shown(editor)[0] == "Markdown tour"
    qtbot.keyClicks(editor, "\b\b\b\b")
    qtbot.keyClicks(editor, "M")
    assert shown(editor)[:3] == ["Markdown tour", "Machine learning", "ML → Machine learning"]
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "[[Machine learning|ML]]"


def test_existing_closing_brackets_are_not_doubled(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.set_text_without_undo("[[]] after")
    cursor = editor.textCursor()
    cursor.setPosition(2)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "Boo")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "[[Books]] after"
    assert editor.textCursor().position() == len("[[Books]]")


def test_escape_closes_and_enter_then_inserts_newline(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "[[We")
    assert shown(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not shown(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "[[We\n]]"  # the closing brackets were paired


def test_headings_then_block_ids_of_the_typed_note(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "[[Formatting#com")
    assert shown(editor) == ["Comments"]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "[[Formatting#Comments]]"
    editor.set_text_without_undo("")
    qtbot.keyClicks(editor, "[[Tasks#^")
    assert shown(editor) == ["shopping-list"]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "[[Tasks#^shopping-list]]"
    # "#" asked for the headings of Tasks, "^" switched to its block ids
    assert editor.calls["headings"] == ["Formatting", "Tasks"]  # type: ignore[attr-defined]
    assert editor.calls["blocks"] == ["Tasks"]  # type: ignore[attr-defined]


def test_tag_completion_at_word_start_only(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "text #")
    assert not shown(editor)
    qtbot.keyClicks(editor, "proj")
    assert shown(editor) == ["project", "projects/done"]
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "text #projects/done"
    editor.set_text_without_undo("")
    qtbot.keyClicks(editor, "a#proj")
    assert not shown(editor)


def test_no_completion_inside_code(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "`[[")
    assert not shown(editor)
    editor.set_text_without_undo("```\n")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "#proj")
    assert not shown(editor)


def test_moving_the_cursor_away_closes_the_popup(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "x [[Boo")
    assert shown(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Home)
    assert not shown(editor)


def test_clicking_a_suggestion_accepts_it(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "[[Wel")
    popup = editor.completer.popup
    rect = popup.visualItemRect(popup.item(0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.toPlainText() == "[[Welcome to notedesk]]"


def _viewport_rect(editor: NoteEditor) -> QRect:
    viewport = editor.viewport()
    return QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())


def _cursor_rect(editor: NoteEditor) -> QRect:
    rect = editor.cursorRect()
    return QRect(editor.viewport().mapToGlobal(rect.topLeft()), rect.size())


def test_popup_is_not_clipped_by_a_small_editor(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.resize(260, 140)
    editor.move(40, 40)
    qtbot.wait(10)
    # Cursor on the last visible line, far right: the list cannot fit inside.
    editor.insertPlainText("line\n" * 3)
    qtbot.keyClicks(editor, "some words on the line [[")
    assert shown(editor)
    popup = editor.completer.popup.geometry()  # a top-level window: global coordinates
    viewport = _viewport_rect(editor)
    cursor = _cursor_rect(editor)
    assert editor.completer.popup.isWindow()
    assert not viewport.contains(popup)
    assert popup.bottom() > viewport.bottom()
    assert popup.right() > viewport.right()
    assert popup.top() >= cursor.bottom()  # room below on the screen: opens under the cursor
    assert abs(popup.left() - cursor.left()) <= 2


def test_popup_opens_above_the_cursor_at_the_bottom_of_the_screen(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    screen = editor.screen().availableGeometry()
    editor.resize(400, 200)
    editor.move(screen.left() + 20, screen.bottom() - 200)
    qtbot.wait(10)
    editor.insertPlainText("\n" * 12)
    qtbot.keyClicks(editor, "[[")
    assert shown(editor)
    popup = editor.completer.popup.geometry()
    cursor = _cursor_rect(editor)
    assert cursor.bottom() + popup.height() > screen.bottom()  # no room below
    assert popup.bottom() <= cursor.top()
    assert screen.contains(popup)


def test_popup_stays_on_the_screen_at_its_right_edge(editor: NoteEditor, qtbot: QtBot) -> None:
    screen = editor.screen().availableGeometry()
    editor.resize(300, 200)
    editor.move(screen.right() - 300, screen.top() + 20)
    qtbot.wait(10)
    qtbot.keyClicks(editor, "a few words to the right [[")
    popup = editor.completer.popup.geometry()
    assert popup.right() <= screen.right()
    assert popup.left() >= screen.left()
