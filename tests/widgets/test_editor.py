"""The source editor driven with real key and mouse events."""

from __future__ import annotations

import pytest
from editor_helpers import colour_at, cursor_to, cursor_to_end, format_at
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from notedesk.app.widgets.editor import NoteEditor
from notedesk.app.widgets.mdpalette import PALETTES
from notedesk.core.mdtokens import START, tokenize_line


@pytest.fixture
def editor(qtbot: QtBot) -> NoteEditor:
    widget = NoteEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def test_highlights_markdown_constructs(editor: NoteEditor) -> None:
    editor.set_text_without_undo(
        "---\ntags: [a]\n---\n# Title\n**bold** `code` #tag\n```\n# not heading\n```\n%% c"
    )
    light = PALETTES["light"]
    assert colour_at(editor, 1, 0) == light["frontmatter_key"][0]
    assert colour_at(editor, 3, 3) == light["heading"][0]
    fmt = format_at(editor, 4, 2)
    assert fmt is not None and fmt.fontWeight() == QFont.Weight.Bold
    assert colour_at(editor, 4, 10) == light["code"][0]
    assert colour_at(editor, 4, 17) == light["tag"][0]
    assert colour_at(editor, 6, 2) == light["codeblock"][0]  # heading inside a fence is code
    assert colour_at(editor, 8, 1) == light["comment"][0]


def test_typing_a_fence_restyles_following_lines(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.set_text_without_undo("\n# Heading")
    light = PALETTES["light"]
    assert colour_at(editor, 1, 2) == light["heading"][0]
    cursor_to(editor, 0)
    qtbot.keyClicks(editor, "```")
    assert colour_at(editor, 1, 2) == light["codeblock"][0]
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert colour_at(editor, 1, 2) == light["heading"][0]


def test_resolved_and_unresolved_wikilinks_and_theme(editor: NoteEditor) -> None:
    editor.set_text_without_undo("[[Known]] [[Missing#x|y]] [[#Local]]")
    assert colour_at(editor, 0, 3) == colour_at(editor, 0, 13) == PALETTES["light"]["wikilink"][0]
    asked: list[str] = []

    def exists(target: str) -> bool:
        asked.append(target)
        return target == "Known"

    editor.set_link_checker(exists)
    assert colour_at(editor, 0, 3) == PALETTES["light"]["wikilink"][0]
    assert colour_at(editor, 0, 13) == PALETTES["light"]["wikilink_missing"][0]
    assert colour_at(editor, 0, 30) == PALETTES["light"]["wikilink"][0]  # same note
    assert sorted(asked) == ["Known", "Missing"]
    editor.rehighlight_links()  # asks again: the vault may have changed
    assert len(asked) == 4
    editor.set_theme("dark")
    assert colour_at(editor, 0, 13) == PALETTES["dark"]["wikilink_missing"][0]
    assert editor.palette().color(editor.palette().ColorRole.Base).name() == "#1b1b1d"


def test_emoji_shift_utf16_columns(editor: NoteEditor) -> None:
    editor.set_text_without_undo("🌱 #tag")
    # "🌱" is two UTF-16 units, so the tag starts at Qt column 3
    assert colour_at(editor, 0, 3) == PALETTES["light"]["tag"][0]
    assert colour_at(editor, 0, 6) == PALETTES["light"]["tag"][0]
    assert colour_at(editor, 0, 2) == ""


@pytest.mark.parametrize(
    ("start", "typed", "expected"),
    [
        ("- one", "two", "- one\n- two"),
        ("1. one", "two", "1. one\n2. two"),
        ("- [x] done", "next", "- [x] done\n- [ ] next"),
        ("> quote", "more", "> quote\n> more"),
        ("plain", "text", "plain\ntext"),
    ],
)
def test_enter_continues_lists(
    editor: NoteEditor, qtbot: QtBot, start: str, typed: str, expected: str
) -> None:
    editor.set_text_without_undo(start)
    cursor_to_end(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, typed)
    assert editor.toPlainText() == expected


def test_enter_in_a_numbered_list_renumbers_the_items_after_it(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("1. a\n2. b\n   more of b\n3. c\n\nafter\n1. other list")
    cursor_to(editor, len("1. a"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "new")
    assert editor.toPlainText() == (
        "1. a\n2. new\n3. b\n   more of b\n4. c\n\nafter\n1. other list"
    )
    editor.undo()  # typing
    editor.undo()  # the new item and the renumbering together
    assert editor.toPlainText() == "1. a\n2. b\n   more of b\n3. c\n\nafter\n1. other list"


def test_enter_in_the_middle_of_a_numbered_item_splits_and_renumbers(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("> 1. first half\n> 2. next")
    cursor_to(editor, len("> 1. first"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "> 1. first\n> 2. half\n> 3. next"


def test_enter_on_empty_item_ends_list_and_undoes_in_one_step(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("- a")
    cursor_to_end(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "- a\n- "
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "- a\n"
    qtbot.keyClicks(editor, "para")
    assert editor.toPlainText() == "- a\npara"
    editor.undo()
    editor.undo()
    assert editor.toPlainText() == "- a\n- "


def test_tab_and_shift_tab_indent_list_items_and_selections(
    editor: NoteEditor, qtbot: QtBot
) -> None:
    editor.set_text_without_undo("- a\n- b\nplain")
    cursor_to(editor, 6)  # inside "- b"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "- a\n\t- b\nplain"
    assert editor.textCursor().position() == 7  # cursor moved with its text
    qtbot.keyClick(editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == "- a\n- b\nplain"
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(len(editor.toPlainText()), cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "\t- a\n\t- b\n\tplain"
    editor.undo()
    assert editor.toPlainText() == "- a\n- b\nplain"
    cursor_to_end(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # not a list item: a plain tab
    assert editor.toPlainText() == "- a\n- b\nplain\t"


def test_toggle_task_is_undoable_and_keeps_cursor(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.set_text_without_undo("x\n- [ ] task 🌱\n- [x] done")
    cursor_to(editor, 1)
    assert editor.toggle_task(2)
    assert editor.toPlainText() == "x\n- [x] task 🌱\n- [x] done"
    assert editor.textCursor().position() == 1
    assert not editor.toggle_task(1)
    assert not editor.toggle_task(42)
    cursor_to(editor, len(editor.toPlainText()))
    qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText().endswith("- [ ] done")
    editor.undo()
    editor.undo()
    assert editor.toPlainText() == "x\n- [ ] task 🌱\n- [x] done"


def test_programmatic_load_leaves_no_undo_history(editor: NoteEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor, "typed")
    editor.set_text_without_undo("loaded")
    assert not editor.document().isUndoAvailable()
    assert not editor.document().isModified()
    other = NoteEditor()
    qtbot.addWidget(other)
    other.set_text_without_undo("other")
    qtbot.keyClicks(editor, "!")
    other.undo()
    assert other.toPlainText() == "other"
    assert editor.toPlainText() == "!loaded"


def test_zoom_keys(editor: NoteEditor, qtbot: QtBot) -> None:
    size = editor.font().pointSizeF()
    with qtbot.waitSignal(editor.zoom_changed) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [1]
    assert editor.font().pointSizeF() == size + 1
    qtbot.keyClick(editor, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert editor.zoom() == -1
    qtbot.keyClick(editor, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert editor.zoom() == 0
    assert editor.font().pointSizeF() == size


def _point_at(editor: NoteEditor, pos: int) -> QPoint:
    cursor = editor.textCursor()
    cursor.setPosition(pos)
    return editor.cursorRect(cursor).center()


def test_ctrl_click_follows_links_and_tags(editor: NoteEditor, qtbot: QtBot) -> None:
    text = "see [[Other note#Part|alias]] and #project/x"
    editor.set_text_without_undo(text)
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(editor.follow_link_requested) as blocker:
        qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, ctrl, _point_at(editor, 8))
    assert blocker.args == ["Other note#Part", False]
    with qtbot.waitSignal(editor.follow_link_requested) as blocker:
        qtbot.mouseClick(
            editor.viewport(),
            Qt.MouseButton.LeftButton,
            ctrl | Qt.KeyboardModifier.ShiftModifier,
            _point_at(editor, 8),
        )
    assert blocker.args == ["Other note#Part", True]
    with qtbot.waitSignal(editor.tag_requested) as blocker:
        qtbot.mouseClick(
            editor.viewport(),
            Qt.MouseButton.LeftButton,
            ctrl,
            _point_at(editor, text.index("#p") + 3),
        )
    assert blocker.args == ["project/x"]
    with qtbot.assertNotEmitted(editor.follow_link_requested):
        qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=_point_at(editor, 8))
    assert editor.textCursor().position() in (8, 9)  # a plain click just moves the cursor


def test_keyboard_follow_and_pointer_cursor(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.set_text_without_undo("[[A]] plain\n```\n[[In code]]\n```")
    cursor_to(editor, 2)
    with qtbot.waitSignal(editor.follow_link_requested) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert blocker.args == ["A", False]
    with qtbot.waitSignal(editor.follow_link_requested) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["A", True]
    assert editor.toPlainText().startswith("[[A]] plain\n")  # no newline inserted
    cursor_to(editor, len("[[A]] plain\n```\n[[I"))
    with qtbot.assertNotEmitted(editor.follow_link_requested):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    _ctrl_hover(editor, _point_at(editor, 2))
    assert editor.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor
    _ctrl_hover(editor, _point_at(editor, 8))
    assert editor.viewport().cursor().shape() == Qt.CursorShape.IBeamCursor


def _ctrl_hover(editor: NoteEditor, pos: QPoint) -> None:
    """A mouse move with Ctrl held (QTest's mouseMove cannot carry modifiers)."""
    point = QPointF(pos)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        point,
        editor.viewport().mapToGlobal(point),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
    )
    QApplication.sendEvent(editor.viewport(), move)


def test_line_numbers_gutter(editor: NoteEditor) -> None:
    editor.set_text_without_undo("\n".join(f"line {i}" for i in range(2000)))
    margin_before = editor.viewport().geometry().left()
    editor.set_line_numbers(True)
    assert editor.line_numbers()
    assert editor.viewport().geometry().left() > margin_before
    visible = list(editor.visible_blocks())
    assert visible[0][0] == 0 and len(visible) > 5
    editor.set_line_numbers(False)
    assert editor.viewport().geometry().left() == margin_before


def test_top_line_and_scroll_to_line(editor: NoteEditor, qtbot: QtBot) -> None:
    editor.set_text_without_undo("\n".join(f"line {i}" for i in range(500)))
    with qtbot.waitSignal(editor.top_line_changed):
        editor.verticalScrollBar().setValue(100)
    with qtbot.assertNotEmitted(editor.top_line_changed):
        editor.scroll_to_line(200)
    assert editor.top_line() == 200
    editor.go_to_line(300)
    assert editor.textCursor().blockNumber() == 299


def test_large_notes_are_styled_lazily_as_they_scroll_into_view(
    editor: NoteEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notedesk.app.widgets import editor as editor_module
    from notedesk.app.widgets import highlighter as highlighter_module

    monkeypatch.setattr(highlighter_module, "LAZY_CHARS", 1000)
    monkeypatch.setattr(editor_module, "LAZY_CHARS", 1000)
    lines = ["```"] + [f"# code {i}" for i in range(1500)] + ["```"] + ["# Heading"] * 1500
    with qtbot.waitSignal(editor.highlighter.states_settled):
        editor.set_text_without_undo("\n".join(lines))
    assert not editor.highlighter.sweeping
    codeblock = PALETTES["light"]["codeblock"][0]
    heading = PALETTES["light"]["heading"][0]
    assert colour_at(editor, 5, 2) == codeblock
    far = 2500
    assert colour_at(editor, far, 2) == ""  # not styled yet...
    block = editor.document().findBlockByNumber(far)
    assert not editor.highlighter.in_code(block)  # ...but its state is already right
    editor.scroll_to_line(far)
    assert colour_at(editor, far, 2) == heading
    assert colour_at(editor, 1400, 2) == ""  # far above the window: still pending
    editor.go_to_line(1400)
    assert colour_at(editor, 1400, 2) == codeblock


def test_callout_colour_by_type_and_full_width_code_bands(editor: NoteEditor) -> None:
    from notedesk.app.widgets.mdpalette import BLOCK_BACKGROUNDS, CALLOUT_COLOURS

    editor.set_text_without_undo("> [!warning] Careful\n> [!tip]\n```\ncode\n```\ntext")
    assert colour_at(editor, 0, 5) == CALLOUT_COLOURS["light"]["orange"]
    assert colour_at(editor, 1, 5) == CALLOUT_COLOURS["light"]["cyan"]
    doc = editor.document()
    backgrounds = [editor.highlighter.block_background(doc.findBlockByNumber(n)) for n in range(6)]
    code = BLOCK_BACKGROUNDS["light"]["code"]
    assert [b.name() if b is not None else None for b in backgrounds] == [
        None, None, code, code, code, None,
    ]  # fmt: skip
    editor.set_theme("dark")
    assert colour_at(editor, 0, 5) == CALLOUT_COLOURS["dark"]["orange"]


def test_fence_opened_in_a_large_note_updates_states_in_the_background(
    editor: NoteEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notedesk.app.widgets import editor as editor_module
    from notedesk.app.widgets import highlighter as highlighter_module

    monkeypatch.setattr(highlighter_module, "LAZY_CHARS", 1000)
    monkeypatch.setattr(editor_module, "LAZY_CHARS", 1000)
    with qtbot.waitSignal(editor.highlighter.states_settled):
        editor.set_text_without_undo("\n".join(["# Heading"] * 5000))
    doc = editor.document()
    far = doc.findBlockByNumber(4000)
    assert not editor.highlighter.in_code(far)
    cursor_to(editor, 0)
    with qtbot.waitSignal(editor.highlighter.states_settled):
        qtbot.keyClicks(editor, "```\n"[:3])
    assert editor.highlighter.in_code(doc.findBlockByNumber(4000))
    assert colour_at(editor, 5, 2) == PALETTES["light"]["codeblock"][0]  # on screen: styled
    with qtbot.waitSignal(editor.highlighter.states_settled):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert not editor.highlighter.in_code(doc.findBlockByNumber(4000))
    editor.go_to_line(4001)
    assert colour_at(editor, 4000, 2) == PALETTES["light"]["heading"][0]
    state = START
    block = doc.begin()
    while block.isValid():  # every state agrees with a fresh pass
        _tokens, state = tokenize_line(block.text(), state)
        assert editor.highlighter.state_of(block) == state
        block = block.next()


def test_a_nul_in_the_text_is_kept(editor: NoteEditor) -> None:
    # A note with a stray NUL is text (filekinds.looks_binary): saving what the editor
    # holds must write the NUL back.
    editor.set_text_without_undo("before\x00after\n# h\x00\n")
    cursor_to_end(editor)
    editor.insertPlainText("more")
    assert editor.toPlainText() == "before\x00after\n# h\x00\nmore"
