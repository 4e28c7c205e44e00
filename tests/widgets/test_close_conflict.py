"""Closing the window while a note is in conflict: the question offers what works."""

from __future__ import annotations

from pathlib import Path

from app_helpers import vault_with
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from notedesk.app.widgets.conflictbar import CONFLICT

WAIT = 10000


def _in_conflict(qtbot, app_on, tmp_path: Path, **others: str):
    root = vault_with(tmp_path, a="base", **others)
    controller = app_on(root / "a.md")
    window = controller.window
    window.ask_before_close = True  # as the app's windows do (the tests' do not)
    tab = window.current_tab()
    bar = controller.data_safety.guard_for(tab).bar
    tab.editor.setFocus()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.editor, "mine")
    (root / "a.md").write_text("theirs\n", encoding="utf-8")
    qtbot.waitUntil(lambda: bar.kind == CONFLICT, timeout=WAIT)
    return root, controller, window, tab


def _answer(button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the question once it shows (it runs modally)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        box.reject()

    QTimer.singleShot(0, click)


def test_keep_mine_on_quit_saves_mine_and_keeps_theirs_as_a_copy(qtbot, app_on, tmp_path):
    root, _controller, window, tab = _in_conflict(qtbot, app_on, tmp_path)
    seen: list[str] = []
    _answer("Keep mine", seen)
    assert window.close()
    assert "a.md  (also changed on disk)" in seen[0]
    assert "Keep mine" in seen and "Discard mine" in seen and "Save" not in seen
    assert (root / "a.md").read_text(encoding="utf-8") == "basemine"
    (copy,) = root.glob("a (conflict *).md")
    assert copy.read_text(encoding="utf-8") == "theirs\n"
    assert not tab.dirty


def test_keep_mine_also_saves_the_other_unsaved_notes(qtbot, app_on, tmp_path):
    root, _controller, window, _tab = _in_conflict(qtbot, app_on, tmp_path, b="bee")
    other = window.open_note("b.md", new_tab=True)
    other.editor.moveCursor(other.editor.textCursor().MoveOperation.End)
    other.editor.textCursor().insertText(" two")
    seen: list[str] = []
    _answer("Keep mine", seen)
    assert window.close()
    assert (root / "a.md").read_text(encoding="utf-8") == "basemine"
    assert (root / "b.md").read_text(encoding="utf-8") == "bee two"


def test_discard_mine_on_quit_closes_with_theirs_on_disk(qtbot, app_on, tmp_path):
    root, _controller, window, _tab = _in_conflict(qtbot, app_on, tmp_path)
    _answer("Discard mine", [])
    assert window.close()
    assert (root / "a.md").read_text(encoding="utf-8") == "theirs\n"
    assert not list(root.glob("a (conflict *).md"))


def test_cancel_keeps_the_window_and_the_conflict(qtbot, app_on, tmp_path):
    root, _controller, window, tab = _in_conflict(qtbot, app_on, tmp_path)
    _answer("Cancel", [])
    try:
        assert not window.close()
        assert window.isVisible() and tab.dirty and tab.document.conflict is not None
        assert (root / "a.md").read_text(encoding="utf-8") == "theirs\n"
    finally:
        window.ask_before_close = False  # the tests' teardown closes it
