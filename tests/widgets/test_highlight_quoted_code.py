"""The editor colours code fences inside callouts and links with parentheses."""

from __future__ import annotations

import pytest
from editor_helpers import colour_at, cursor_to
from pytestqt.qtbot import QtBot

from notedesk.app.widgets.editor import NoteEditor
from notedesk.app.widgets.mdpalette import PALETTES

LIGHT = PALETTES["light"]


@pytest.fixture
def editor(qtbot: QtBot) -> NoteEditor:
    widget = NoteEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def test_code_fence_in_a_callout_is_coloured_as_code(editor: NoteEditor) -> None:
    editor.set_text_without_undo("> [!tip] Code\n> ```python\n> #comment, no tag\n> ```\n> #tag")
    assert colour_at(editor, 2, 4) == LIGHT["codeblock"][0]
    assert editor.highlighter.in_code(editor.document().findBlockByNumber(2))
    assert editor.highlighter.block_background(editor.document().findBlockByNumber(2))
    assert colour_at(editor, 4, 4) == LIGHT["tag"][0]


def test_typing_a_fence_in_a_quote_restyles_the_lines_below(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("> \n> #tag\n> ```")
    assert colour_at(editor, 1, 4) == LIGHT["tag"][0]
    cursor_to(editor, 2)
    qtbot.keyClicks(editor, "```")
    assert colour_at(editor, 1, 4) == LIGHT["codeblock"][0]


def test_link_with_parentheses_in_its_target_is_a_link(editor: NoteEditor) -> None:
    editor.set_text_without_undo("see [x](a_(b).md) here")
    assert colour_at(editor, 0, 5) == LIGHT["link_text"][0]
    assert colour_at(editor, 0, 12) == LIGHT["link_url"][0]
    assert colour_at(editor, 0, 19) == ""
