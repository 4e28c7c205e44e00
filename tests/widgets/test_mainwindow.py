"""The walking skeleton: a real window on a real vault, with a real QtWebEngine preview."""

from __future__ import annotations


def preview_text(qtbot, view) -> str:
    result: list[str] = []
    view.run_script("document.getElementById('content').innerText", result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10000)
    return result[0] or ""


def test_opens_folder_shows_tree_and_renders_note(qtbot, app_on, sample_vault):
    (sample_vault / "Start.md").write_text("# Hello notedesk\n\nSome *text*.\n", encoding="utf-8")
    controller = app_on(sample_vault / "Start.md")
    window = controller.window
    assert window.vault.root == sample_vault
    tab = window.current_tab()
    assert tab is not None and tab.path == "Start.md"
    assert "Start" in window.windowTitle() and sample_vault.name in window.windowTitle()
    qtbot.waitUntil(lambda: window.file_tree.source_model.rowCount() > 0, timeout=10000)
    names = {
        window.file_tree.source_model.index(r, 0).data()
        for r in range(window.file_tree.source_model.rowCount())
    }
    assert "Start" in names and "Books" in names
    assert not any(n.startswith(".") for n in names)
    with qtbot.waitSignal(tab.preview_shown, timeout=20000):
        pass
    qtbot.waitUntil(lambda: "Hello notedesk" in preview_text(qtbot, tab.preview), timeout=10000)


def test_typing_updates_preview_and_save_writes_atomically(qtbot, app_on, tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    note = vault / "n.md"
    note.write_bytes(b"first\r\n")
    controller = app_on(vault)
    window = controller.window
    tab = window.open_note("n.md")
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=20000)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.editor, "second line with unique-word")
    assert tab.dirty
    assert window.windowTitle().startswith("*")
    qtbot.waitUntil(lambda: "unique-word" in preview_text(qtbot, tab.preview), timeout=10000)
    assert window.save_current()
    assert note.read_bytes() == b"first\r\nsecond line with unique-word"
    assert not tab.dirty
    assert not window.windowTitle().startswith("*")


def test_clicking_tree_opens_note(qtbot, app_on, sample_vault):
    controller = app_on(sample_vault)
    window = controller.window
    qtbot.waitUntil(lambda: window.file_tree.source_model.rowCount() > 0, timeout=10000)
    window.open_file("Books.md", False)
    assert window.current_tab().path == "Books.md"
    assert "Books" in window.current_tab().text() or window.current_tab().text() != ""
