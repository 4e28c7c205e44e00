"""Find in the reading view: the rendered note is searched, the bar says where."""

from __future__ import annotations

from app_helpers import vault_with
from PySide6.QtCore import Qt

WAIT = 30000


def test_find_in_the_reading_view_searches_the_page(qtbot, running_app, tmp_path):
    root = vault_with(tmp_path, a="# Title\n\nalpha one, **alpha** two, beta.\n")
    controller = running_app(root / "a.md")
    window = controller.window
    window.show()
    tab = window.current_tab()
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=WAIT)
    with qtbot.waitSignal(tab.preview_shown, timeout=WAIT):
        tab.rerender()
    tab.set_mode("preview")
    window.edit_menus._find()  # Edit › Find…
    bar = tab.preview_find
    assert bar.isVisibleTo(window) and not tab.pane.isVisibleTo(window)
    qtbot.keyClicks(bar.find_edit, "alpha")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 2", timeout=WAIT)
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count_label.text() == "2 of 2", timeout=WAIT)
    bar.find_edit.setText("gamma")
    qtbot.waitUntil(lambda: bar.count_label.text() == "No matches", timeout=WAIT)
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_find_while_editing_is_the_editors(qtbot, running_app, tmp_path):
    root = vault_with(tmp_path, a="alpha\n")
    controller = running_app(root / "a.md")
    window = controller.window
    tab = window.current_tab()
    tab.set_mode("split")
    window.edit_menus._find()
    assert tab.pane.find_bar.isVisibleTo(window)
    assert tab.preview_find is None or not tab.preview_find.isVisibleTo(window)


def test_ctrl_f_in_the_reading_view_finds_in_the_page_wherever_the_keys_are(
    qtbot, running_app, tmp_path
):
    from PySide6.QtWidgets import QApplication

    root = vault_with(tmp_path, a="alpha\n", b="beta\n")
    controller = running_app(root / "a.md")
    window = controller.window
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)
    first = window.current_tab()
    second = window.open_note("b.md", new_tab=True)
    qtbot.waitUntil(lambda: second.preview is not None, timeout=WAIT)
    second.set_mode("preview")
    window.file_tree.setFocus()
    qtbot.keyClick(window.file_tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert second.preview_find.isVisible()
    assert first.preview_find is None or not first.preview_find.isVisible()
    assert QApplication.focusWidget() is second.preview_find.find_edit


def test_the_count_follows_the_note_reloaded_from_disk(qtbot, running_app, tmp_path):
    import time

    root = vault_with(tmp_path, a="# T\n\nalpha one, alpha two, alpha three.\n")
    controller = running_app(root / "a.md")
    window = controller.window
    window.show()
    tab = window.current_tab()
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=WAIT)
    with qtbot.waitSignal(tab.preview_shown, timeout=WAIT):
        tab.rerender()
    tab.set_mode("preview")
    window.edit_menus._find()
    bar = tab.preview_find
    qtbot.keyClicks(bar.find_edit, "alpha")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 3", timeout=WAIT)
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count_label.text() == "2 of 3", timeout=WAIT)
    with qtbot.waitSignal(tab.preview_shown, timeout=WAIT):
        tab.rerender()  # the same words again: the match shown stays
    qtbot.wait(500)
    assert bar.count_label.text() == "2 of 3"
    time.sleep(0.05)  # a later modification time than the one read
    with qtbot.waitSignal(tab.preview_shown, timeout=WAIT):
        (root / "a.md").write_text("# T\n\nalpha only once now.\n", encoding="utf-8")
    # No key pressed: the bar counts the new page, keeping the query.
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 1", timeout=WAIT)
    assert bar.find_edit.text() == "alpha" and bar.isVisible()
