"""A change on disk to other lines than the ones being typed in is merged into the editor."""

from __future__ import annotations

from pathlib import Path

from app_helpers import focus_editor, vault_with
from PySide6.QtCore import Qt

from notedesk.app.widgets.conflictbar import CONFLICT, INFO
from notedesk.core.document import Outcome
from notedesk.core.events import FileEvent

WAIT = 10000
LINES = [f"line {i}" for i in range(80)]
NOTE = "\n".join(LINES) + "\n"
# Theirs: a line changed above the view, a heading put on top, a line appended.
THEIRS = "# Top\n" + NOTE.replace("line 5\n", "line 5 changed\n") + "appended\n"


def disk(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def guard(controller, tab):
    found = controller.data_safety.guard_for(tab)
    assert found is not None
    return found


def start_typing_in_line_40(qtbot, app_on, tmp_path):
    """The app on a long note, scrolled to line 30, with " mine" typed at the end of line 40."""
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    editor = tab.editor
    block = editor.document().findBlockByNumber(40)
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + block.length() - 1)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " mine")
    editor.scroll_to_line(31)
    assert editor.firstVisibleBlock().text() == "line 30"
    return root, controller, tab


def external_change(tab, path: Path, text: str) -> Outcome | None:
    """Another program writes the note, and the watcher's event for it arrives."""
    path.write_text(text, encoding="utf-8")
    return tab.apply_file_event(FileEvent("modified", "a.md"))


def test_merge_keeps_the_typing_cursor_view_and_is_one_undo_step(qtbot, app_on, tmp_path):
    root, controller, tab = start_typing_in_line_40(qtbot, app_on, tmp_path)
    editor, bar = tab.editor, guard(controller, tab).bar
    mine = tab.text()
    assert "line 40 mine\n" in mine

    assert external_change(tab, root / "a.md", THEIRS) == Outcome.MERGED

    merged = THEIRS.replace("line 40\n", "line 40 mine\n")
    assert tab.text() == merged
    cursor = editor.textCursor()
    assert cursor.block().text() == "line 40 mine"
    assert cursor.positionInBlock() == len("line 40 mine")
    assert editor.firstVisibleBlock().text() == "line 30"
    assert bar.kind == INFO and "Merged changes made on disk" in bar.label.text()
    assert tab.dirty and not tab.document.autosave_paused

    # Typing goes on where it was; autosave then writes both sides' changes.
    qtbot.keyClicks(editor, "!")
    qtbot.waitUntil(lambda: disk(root / "a.md") == tab.text(), timeout=WAIT)
    assert disk(root / "a.md") == merged.replace("line 40 mine\n", "line 40 mine!\n")
    assert not tab.dirty

    editor.undo()  # the "!"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.text() == mine  # one step took the whole merge out, the typing stays
    editor.redo()
    assert tab.text() == merged


def test_undo_of_the_merge_before_it_is_saved_is_the_conflict_again(qtbot, app_on, tmp_path):
    root, controller, tab = start_typing_in_line_40(qtbot, app_on, tmp_path)
    bar = guard(controller, tab).bar
    mine = tab.text()
    assert external_change(tab, root / "a.md", THEIRS) == Outcome.MERGED

    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert tab.text() == mine
    # Saving this would take their change out of the file unasked: the user decides.
    assert bar.kind == CONFLICT and tab.document.autosave_paused
    qtbot.wait(2200)  # longer than the idle delay
    assert disk(root / "a.md") == THEIRS
    bar.keep_button.click()
    assert disk(root / "a.md") == mine
    assert [p.read_text(encoding="utf-8") for p in root.glob("a (conflict *).md")] == [THEIRS]


def test_overlapping_change_on_disk_still_shows_the_conflict_bar(qtbot, app_on, tmp_path):
    root, controller, tab = start_typing_in_line_40(qtbot, app_on, tmp_path)
    bar = guard(controller, tab).bar
    mine = tab.text()

    assert external_change(tab, root / "a.md", NOTE.replace("line 40", "line 40 theirs")) == (
        Outcome.CONFLICT
    )

    assert tab.text() == mine
    assert bar.kind == CONFLICT and tab.document.autosave_paused


def test_change_on_disk_found_by_the_save_is_merged_and_written(qtbot, app_on, tmp_path):
    root, _controller, tab = start_typing_in_line_40(qtbot, app_on, tmp_path)
    (root / "a.md").write_text(THEIRS, encoding="utf-8")  # no event delivered yet

    assert tab.save() == Outcome.MERGED

    merged = THEIRS.replace("line 40\n", "line 40 mine\n")
    assert tab.text() == merged and disk(root / "a.md") == merged
    assert not tab.dirty
    assert tab.editor.textCursor().block().text() == "line 40 mine"


def test_selection_stays_on_its_text(qtbot, app_on, tmp_path):
    root, _controller, tab = start_typing_in_line_40(qtbot, app_on, tmp_path)
    editor = tab.editor
    block = editor.document().findBlockByNumber(60)
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + len("line 60"))
    cursor.setPosition(block.position() + len("line "), cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)

    assert external_change(tab, root / "a.md", THEIRS) == Outcome.MERGED

    cursor = editor.textCursor()
    assert cursor.selectedText() == "60" and cursor.block().text() == "line 60"
    assert cursor.anchor() > cursor.position()  # still selected from right to left


def test_line_appended_by_another_program_is_merged_and_saved(qtbot, app_on, tmp_path):
    root, controller, tab = start_typing_in_line_40(qtbot, app_on, tmp_path)
    bar = guard(controller, tab).bar
    with (root / "a.md").open("a", encoding="utf-8") as f:
        f.write("appended by another program\n")

    # The watcher's event or the autosave's check finds it; either merges.
    qtbot.waitUntil(
        lambda: (
            disk(root / "a.md")
            == NOTE.replace("line 40\n", "line 40 mine\n") + "appended by another program\n"
        ),
        timeout=WAIT,
    )
    assert bar.kind == INFO
    assert tab.text() == disk(root / "a.md") and not tab.dirty


def test_patch_counts_characters_outside_the_bmp_as_qt_does(qtbot):
    from PySide6.QtWidgets import QPlainTextEdit

    from notedesk.app.editpatch import patch_text

    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    old = "🌱 one\n🌿 two 🌿\nthree"
    editor.setPlainText(old)
    cursor = editor.textCursor()
    cursor.setPosition(len("🌱 one\n🌿 two 🌿".encode("utf-16-le")) // 2)  # end of line 2
    editor.setTextCursor(cursor)
    new = "🌱🌱 one\n🌿 two 🌿\nthree 🌳\nfour"

    patch_text(editor, old, new)

    assert editor.toPlainText() == new
    assert editor.textCursor().block().text() == "🌿 two 🌿"
    assert editor.textCursor().atBlockEnd()
    editor.undo()
    assert editor.toPlainText() == old
