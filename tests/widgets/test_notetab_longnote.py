"""A long note does not read its whole text on every keystroke, yet stays exact."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from notedesk.app.notetab import LAZY_TEXT_CHARS


def test_typing_in_a_long_note_keeps_text_dirty_state_and_preview_right(
    qtbot, running_app, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    body = "".join(f"## Part {i}\n\nSome text of part {i}.\n\n" for i in range(6500))
    assert len(body) > LAZY_TEXT_CHARS
    (vault / "Long.md").write_text(body, encoding="utf-8")
    controller = running_app(vault / "Long.md")
    tab = controller.window.current_tab()
    reads: list[int] = []
    editor = tab.editor
    real = editor.toPlainText
    editor.toPlainText = lambda: (reads.append(1), real())[1]
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    rendered: list[str] = []
    controller.renderer.rendered.connect(lambda _v, _s, html, _t: rendered.append(html))
    qtbot.keyClick(editor, Qt.Key.Key_A)  # clean -> dirty: read at once
    assert tab.dirty
    reads.clear()
    for key in (Qt.Key.Key_B, Qt.Key.Key_C, Qt.Key.Key_D, Qt.Key.Key_E):
        qtbot.keyClick(editor, key)
    assert len(reads) <= 1  # not once per keystroke
    qtbot.waitUntil(lambda: tab.document.text == real(), timeout=5000)
    assert tab.document.text.endswith("abcde")
    # The preview ends up with the last keystroke.
    qtbot.waitUntil(lambda: bool(rendered) and "abcde" in rendered[-1][-200:], timeout=60000)
    # Undoing back to the disk text makes the tab clean again.
    for _ in range(5):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not tab.dirty, timeout=5000)
