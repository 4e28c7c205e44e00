"""Text zoom is one setting for the window: every editor tab and the preview, kept across runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from notedesk.app.application import AppController

NOTE = "".join(f"## Part {i}\n\nText of part {i}.\n\n- a\n- b\n\n" for i in range(60))


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    for name in ("A", "B"):
        (root / f"{name}.md").write_text(f"# {name}\n\ntext\n", encoding="utf-8")
    (root / "Long.md").write_text(NOTE, encoding="utf-8")
    return root


def _start(qtbot, target: Path) -> AppController:
    controller = AppController(target)
    controller.start()
    qtbot.addWidget(controller.window)
    controller.load_rest()
    return controller


def test_zoom_keys_zoom_every_tab_and_ctrl_0_resets(qtbot, tmp_path: Path):
    root = _vault(tmp_path)
    controller = _start(qtbot, root / "A.md")
    try:
        window = controller.window
        window.open_note("B.md", True)
        a, b = (window.tab_for(p) for p in ("A.md", "B.md"))
        qtbot.keyClick(b.editor, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(b.editor, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        assert (a.editor.zoom(), b.editor.zoom()) == (2, 2)
        assert a.editor.font().pointSizeF() == b.editor.font().pointSizeF()
        assert controller.settings.value("view/zoom") == "2"
        window.open_note("Long.md", True)
        assert window.tab_for("Long.md").editor.zoom() == 2  # a new tab too
        qtbot.keyClick(a.editor, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        assert {t.editor.zoom() for t in window.note_tabs()} == {1}
        qtbot.keyClick(a.editor, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert {t.editor.zoom() for t in window.note_tabs()} == {0}
        assert controller.settings.value("view/zoom") == "0"
    finally:
        controller.shutdown()


def test_zoom_is_restored_at_start(qtbot, tmp_path: Path):
    root = _vault(tmp_path)
    first = _start(qtbot, root / "A.md")
    try:
        first.window.current_tab().editor.zoom_in()
        first.window.current_tab().editor.zoom_in()
        first.window.current_tab().editor.zoom_in()
        first.settings.sync()
    finally:
        first.shutdown()
    second = _start(qtbot, root / "B.md")
    try:
        assert second.window.current_tab().editor.zoom() == 3
    finally:
        second.shutdown()


def _js(qtbot, view, script: str):
    result: list[object] = []
    view.run_script(script, lambda value: result.append(value))
    qtbot.waitUntil(lambda: bool(result), timeout=10000)
    return result[0]


def test_preview_zooms_with_the_text_and_still_follows_the_editor(qtbot, running_app, tmp_path):
    root = _vault(tmp_path)
    controller = running_app(root / "Long.md")
    tab = controller.window.current_tab()
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=20000)
    qtbot.waitUntil(lambda: _js(qtbot, tab.preview, "document.querySelectorAll('h2').length") == 60)
    for _ in range(4):
        tab.editor.zoom_in()
    factor = tab.editor.zoom_factor()
    assert factor > 1.2
    qtbot.waitUntil(lambda: abs(tab.preview.zoomFactor() - factor) < 0.01)
    qtbot.waitUntil(lambda: abs(_js(qtbot, tab.preview, "window.devicePixelRatio") - factor) < 0.05)
    # Scroll sync works in source lines: the same line comes to the top, zoomed or not.
    heading = 7 * 17  # "## Part 17", 0-based
    editor = tab.editor
    bar = editor.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > heading)
    bar.setValue(heading)  # the reader scrolls the text: the top line is heading + 1
    assert editor.top_line() == heading + 1
    qtbot.waitUntil(lambda: _js(qtbot, tab.preview, "notedesk.blockAtTop()") == heading)
    tab.editor.reset_zoom()
    qtbot.waitUntil(lambda: abs(tab.preview.zoomFactor() - 1.0) < 0.01)


def test_ctrl_wheel_on_the_preview_zooms_the_window(qtbot, running_app, tmp_path):
    root = _vault(tmp_path)
    controller = running_app(root / "A.md")
    tab = controller.window.current_tab()
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=20000)
    tab.preview.setZoomFactor(1.25)  # as Chromium does on Ctrl+wheel
    qtbot.waitUntil(lambda: tab.editor.zoom() == 1)
    qtbot.waitUntil(lambda: abs(tab.preview.zoomFactor() - tab.editor.zoom_factor()) < 0.01)
    assert controller.settings.value("view/zoom") == "1"


def test_view_menu_zooms_from_anywhere(qtbot, tmp_path: Path):
    root = _vault(tmp_path)
    controller = _start(qtbot, root / "A.md")
    try:
        window = controller.window
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        texts = [a.text().replace("&", "") for a in window.view_menu.actions()]
        assert {"Zoom In", "Zoom Out", "Normal Text Size"} <= set(texts)
        box = controller.panels.search.input
        window.show_left_panel(controller.panels.search)
        box.setFocus()
        qtbot.waitUntil(box.hasFocus)
        qtbot.keyClick(box, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        tab = window.current_tab()
        assert tab.editor.zoom() == 1
        assert box.text() == ""
        qtbot.keyClick(box, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert tab.editor.zoom() == 0
    finally:
        controller.shutdown()
