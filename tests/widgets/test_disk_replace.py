"""Other programs replacing an open note, through the real watcher, app and widgets:
backups and conflict copies set aside, reloads in place, files emptied then written."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from app_helpers import focus_editor, vault_with
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from notedesk.app.editpatch import patch_text
from notedesk.app.widgets.conflictbar import CONFLICT, DELETED
from notedesk.core.document import Outcome
from notedesk.core.events import FileEvent
from notedesk.core.merge3 import changed_lines

WAIT = 10000
LINES = [f"line {i} with some words" for i in range(60)]
NOTE = "# Heading\n\n" + "\n".join(LINES) + "\n"


def disk(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def guard(controller, tab):
    found = controller.data_safety.guard_for(tab)
    assert found is not None
    return found


def cursor_to(tab, line: int, column: int) -> None:
    block = tab.editor.document().findBlockByNumber(line)
    cursor = tab.editor.textCursor()
    cursor.setPosition(block.position() + column)
    tab.editor.setTextCursor(cursor)


def typing_in_line_30(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    cursor_to(tab, 32, len("line 30"))
    qtbot.keyClicks(tab.editor, " mine")
    assert tab.dirty
    return root, controller, tab


def theirs() -> str:
    """Another program's version: a line added on top and one changed far below."""
    return "Added on top by another program.........\n" + NOTE.replace("line 50 ", "line 50 X ")


# -- 1. the old version set aside, a new one written at the note's path ----------------


def test_cp_backup_while_typing_the_tab_stays_and_merges(qtbot, app_on, tmp_path):
    root, controller, tab = typing_in_line_30(qtbot, app_on, tmp_path)
    new = tmp_path / "new.md"
    new.write_text(theirs(), encoding="utf-8")
    subprocess.run(["cp", "-b", str(new), str(root / "a.md")], check=True)
    assert (root / "a.md~").exists()

    qtbot.waitUntil(lambda: tab.text().startswith("Added on top"), timeout=WAIT)
    assert tab.path == "a.md"
    qtbot.keyClicks(tab.editor, "!")  # the next key lands where the typing was
    merged = theirs().replace("line 30 with", "line 30 mine! with")
    assert tab.text() == merged
    qtbot.waitUntil(lambda: disk(root / "a.md") == merged, timeout=WAIT)
    assert disk(root / "a.md~") == NOTE  # the backup is left as the other program made it
    assert guard(controller, tab).bar.kind != DELETED


def test_emacs_first_save_of_a_clean_note_reloads_it(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    os.replace(root / "a.md", root / "a.md~")
    (root / "a.md").write_text(theirs(), encoding="utf-8")

    qtbot.waitUntil(lambda: tab.text() == theirs(), timeout=WAIT)
    assert tab.path == "a.md" and not tab.dirty
    assert controller.window.file_tree.current_path() == "a.md"  # not the backup
    qtbot.wait(300)
    assert tab.path == "a.md" and disk(root / "a.md~") == NOTE


def test_vim_backup_written_later_the_tab_waits_for_the_new_version(qtbot, app_on, tmp_path):
    root, controller, tab = typing_in_line_30(qtbot, app_on, tmp_path)
    bar = guard(controller, tab).bar
    os.rename(root / "a.md", root / "a.md~")

    qtbot.waitUntil(lambda: bar.kind == DELETED, timeout=WAIT)
    assert tab.path == "a.md" and tab.property("disk_mark") == "deleted"
    assert "renamed to a.md~" in controller.window.statusBar().currentMessage()
    qtbot.wait(1800)  # longer than the autosave delay: nothing is written anywhere
    assert disk(root / "a.md~") == NOTE and not (root / "a.md").exists()

    (root / "a.md").write_text(theirs(), encoding="utf-8")
    (root / "a.md~").unlink()
    merged = theirs().replace("line 30 with", "line 30 mine with")
    qtbot.waitUntil(lambda: tab.text() == merged, timeout=WAIT)
    assert tab.path == "a.md" and bar.kind != DELETED
    assert controller.window.file_tree.current_path() == "a.md"
    qtbot.waitUntil(lambda: disk(root / "a.md") == merged, timeout=WAIT)
    assert "deleted" not in controller.window.statusBar().currentMessage()


def test_syncthing_conflict_copy_the_tab_shows_the_conflict(qtbot, app_on, tmp_path):
    root, controller, tab = typing_in_line_30(qtbot, app_on, tmp_path)
    bar = guard(controller, tab).bar
    mine = tab.text()
    remote = NOTE.replace("line 30 with", "line 30 remote with")
    # Syncthing: the local file becomes the conflict copy, the remote version moves in.
    os.rename(root / "a.md", root / "a.sync-conflict-20261129-101112-ABCDEFG.md")
    (root / ".syncthing.a.md.tmp").write_text(remote, encoding="utf-8")
    os.replace(root / ".syncthing.a.md.tmp", root / "a.md")

    qtbot.waitUntil(lambda: bar.kind == CONFLICT, timeout=WAIT)
    assert tab.path == "a.md" and tab.text() == mine
    qtbot.wait(1800)
    assert disk(root / "a.md") == remote
    assert disk(root / "a.sync-conflict-20261129-101112-ABCDEFG.md") == NOTE


def test_plain_rename_on_disk_is_still_followed(qtbot, app_on, tmp_path):
    root, _controller, tab = typing_in_line_30(qtbot, app_on, tmp_path)
    os.rename(root / "a.md", root / "Better name.md")
    qtbot.waitUntil(lambda: tab.path == "Better name.md", timeout=WAIT)
    qtbot.waitUntil(lambda: "line 30 mine" in disk(root / "Better name.md"), timeout=WAIT)
    assert not (root / "a.md").exists()


# -- 2. a reload keeps the cursor on its text, and the undo history --------------------


def test_reload_keeps_the_cursor_on_its_text_and_the_undo_history(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    bar = guard(controller, tab).bar
    cursor_to(tab, 32, len("line 30 wi"))
    qtbot.keyClicks(tab.editor, "X")
    qtbot.waitUntil(lambda: not tab.dirty, timeout=WAIT)  # autosaved
    typed = NOTE.replace("line 30 with", "line 30 wiXth")
    assert disk(root / "a.md") == typed

    other = "Added on top by another program.........\n" + typed
    (root / "a.md").write_text(other, encoding="utf-8")
    qtbot.waitUntil(lambda: tab.text() == other, timeout=WAIT)

    assert tab.editor.textCursor().block().text() == "line 30 wiXth some words"
    assert tab.editor.textCursor().positionInBlock() == len("line 30 wiX")
    qtbot.keyClicks(tab.editor, "Y")
    assert "line 30 wiXYth" in tab.text()
    tab.editor.undo()  # the Y
    assert tab.text() == other and tab.editor.document().isUndoAvailable()
    # Undoing the reload brings the old text back; saving it would silently take the
    # other program's line out again, so it is the conflict, as after Reload theirs.
    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.text() == typed
    assert bar.kind == CONFLICT and tab.document.autosave_paused
    qtbot.wait(1800)
    assert disk(root / "a.md") == other
    bar.reload_button.click()
    assert tab.text() == other and not tab.dirty


def test_undo_of_a_reload_after_a_save_is_the_conflict_too(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    bar = guard(controller, tab).bar
    cursor_to(tab, 32, len("line 30 wi"))
    other = "Added on top by another program.........\n" + NOTE
    (root / "a.md").write_text(other, encoding="utf-8")
    qtbot.waitUntil(lambda: tab.text() == other, timeout=WAIT)
    qtbot.keyClicks(tab.editor, "X")
    typed = other.replace("line 30 with", "line 30 wiXth")
    qtbot.waitUntil(lambda: disk(root / "a.md") == typed, timeout=WAIT)  # autosaved

    tab.editor.undo()  # the X: saved like any edit
    qtbot.waitUntil(lambda: disk(root / "a.md") == other, timeout=WAIT)
    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the reload
    assert tab.text() == NOTE
    assert bar.kind == CONFLICT
    qtbot.wait(1800)
    assert disk(root / "a.md") == other  # the other program's line is still there
    tab.editor.redo()  # their version after all: nothing left to decide
    assert tab.text() == other
    qtbot.waitUntil(lambda: bar.kind != CONFLICT, timeout=WAIT)
    assert not tab.dirty and not tab.document.autosave_paused


def test_reload_of_a_long_note_changing_much_replaces_it_quickly(qtbot, app_on, tmp_path):
    long_note = "".join(f"line {i} of a long note\n" for i in range(250_000))  # ~6 MB
    root = vault_with(tmp_path, a=long_note)
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    small = long_note.replace("line 200000 of", "line 200000 changed of")
    (root / "a.md").write_text(small, encoding="utf-8")
    started = time.monotonic()
    assert tab.apply_file_event(FileEvent("modified", "a.md")) == Outcome.RELOADED
    assert time.monotonic() - started < 3
    assert tab.text() == small and tab.editor.document().isUndoAvailable()

    rewritten = long_note.replace(" of a ", " in a ")
    (root / "a.md").write_text(rewritten, encoding="utf-8")
    assert tab.apply_file_event(FileEvent("modified", "a.md")) == Outcome.RELOADED
    assert tab.text() == rewritten and not tab.dirty
    assert not tab.editor.document().isUndoAvailable()  # replaced, as before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "a"),
        ("a", ""),
        ("a\n", "a\nb\n"),
        ("a\nrest", "a\nfoo\nrest"),
        ("abc", "abd"),
        ("x\ny\nz", "x\nz"),
        ("x\ny\nz\n", "q\nx\ny\nz\n"),
        ("🌱a\nb🌱\nc", "🌱a\nbb🌱\nc\n"),
        ("same\n" * 70_000 + "tail", "same\n" * 69_999 + "new\n" + "same\n" + "tail!"),
    ],
)
def test_patch_turns_any_text_into_any_other(qtbot, old, new):
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(old)
    start, old_end, new_end = changed_lines(old, new)
    assert old[:start] == new[:start] and old[old_end:] == new[new_end:]
    assert patch_text(editor, old, new)
    assert editor.toPlainText() == new


# -- 3. a file emptied, then written ---------------------------------------------------


def test_file_emptied_then_written_does_not_flash_an_empty_note(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    cursor_to(tab, 0, len("# Head"))
    with open(root / "a.md", "r+", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.flush()
        seen: list[str] = []
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            qtbot.wait(20)
            seen.append(tab.text())
        handle.write(NOTE + "appended\n")
    assert all(text == NOTE for text in seen)
    qtbot.waitUntil(lambda: tab.text() == NOTE + "appended\n", timeout=WAIT)
    qtbot.keyClicks(tab.editor, "X")
    assert tab.text().startswith("# HeadXing\n")


def test_file_emptied_for_long_then_written_keeps_the_cursor_place(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    cursor_to(tab, 0, len("# Head"))
    with open(root / "a.md", "r+", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.flush()
        qtbot.waitUntil(lambda: tab.text() == "", timeout=WAIT)  # it stayed empty
        handle.write(NOTE.replace("line 3 ", "line 3 changed "))
    qtbot.waitUntil(lambda: tab.text() != "", timeout=WAIT)
    qtbot.keyClicks(tab.editor, "X")
    assert tab.text().startswith("# HeadXing\n")


def test_file_that_stays_empty_is_taken(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = controller.window.current_tab()
    (root / "a.md").write_text("", encoding="utf-8")
    qtbot.waitUntil(lambda: tab.text() == "", timeout=WAIT)
    assert not tab.dirty


# -- 4. a save that finds a conflict does not say "Saved" ------------------------------


def test_save_that_finds_a_conflict_says_so(qtbot, app_on, tmp_path):
    root, controller, tab = typing_in_line_30(qtbot, app_on, tmp_path)
    window = controller.window
    # Written just before the save; the watcher has not reported it yet.
    (root / "a.md").write_text(NOTE.replace("line 30 with", "line 30 theirs with"), "utf-8")
    assert not window.save_tab(tab)
    assert window.statusBar().currentMessage().startswith("Not saved: a.md changed on disk")
    assert guard(controller, tab).bar.kind == CONFLICT and tab.dirty


def test_retried_save_that_finds_a_conflict_says_so(qtbot, app_on, tmp_path, monkeypatch):
    from notedesk.core import ownwrites
    from notedesk.core.atomic import SaveError

    root, controller, tab = typing_in_line_30(qtbot, app_on, tmp_path)
    g = guard(controller, tab)
    real_write = ownwrites.atomic_write

    def full(path, data, **kwargs):
        raise SaveError(28, f"Cannot save {path}: No space left on device")

    monkeypatch.setattr(ownwrites, "atomic_write", full)
    qtbot.waitUntil(lambda: g.failing, timeout=WAIT)
    monkeypatch.setattr(ownwrites, "atomic_write", real_write)
    (root / "a.md").write_text(NOTE.replace("line 30 with", "line 30 theirs with"), "utf-8")
    g.bar.retry_button.click()
    message = controller.window.statusBar().currentMessage()
    assert not message.startswith("Saved"), message
    assert "changed on disk" in message
    assert g.bar.kind == CONFLICT and tab.dirty


# -- 5. the "deleted" notice goes when the file is back --------------------------------


def test_deleted_notice_goes_when_the_file_is_restored(qtbot, app_on, tmp_path):
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    bar = guard(controller, tab).bar
    shutil.move(root / "a.md", tmp_path / "a.md")
    qtbot.waitUntil(lambda: bar.kind == DELETED, timeout=WAIT)
    assert "deleted on disk" in controller.window.statusBar().currentMessage()
    qtbot.keyClicks(tab.editor, "mine ")  # typed while it was gone
    shutil.move(tmp_path / "a.md", root / "a.md")

    qtbot.waitUntil(lambda: bar.kind != DELETED, timeout=WAIT)
    assert "deleted" not in controller.window.statusBar().currentMessage()
    assert tab.property("disk_mark") == ""
    # Restored as it was: the typing is kept and saved, no conflict to resolve.
    qtbot.waitUntil(lambda: disk(root / "a.md") == "mine " + NOTE, timeout=WAIT)


def test_failed_save_is_retried_when_the_file_changes_on_disk(qtbot, app_on, tmp_path):
    """E.g. chmod 000 then 644 by another program: no need for the next keystroke."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr not available")
    root = vault_with(tmp_path, a=NOTE)
    controller = app_on(root / "a.md")
    tab = focus_editor(qtbot, controller.window)
    g = guard(controller, tab)
    if subprocess.run(["chattr", "+i", str(root / "a.md")], check=False).returncode != 0:
        pytest.skip("chattr +i not supported here")
    try:
        qtbot.keyClicks(tab.editor, "mine ")
        qtbot.waitUntil(lambda: g.failing, timeout=WAIT)
    finally:
        subprocess.run(["chattr", "-i", str(root / "a.md")], check=True)
    os.chmod(root / "a.md", 0o644)  # an event about the file, and nothing else

    qtbot.waitUntil(lambda: disk(root / "a.md") == "mine " + NOTE, timeout=WAIT)
    assert not tab.dirty and not g.failing
    assert controller.window.statusBar().currentMessage() == "Saved a.md"
