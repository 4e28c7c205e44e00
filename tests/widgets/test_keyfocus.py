"""The keyboard focus in the real window: F6 round its parts, Ctrl+Tab between notes,
the cursor put where the user will type or read after the window changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import focus_editor
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from notedesk.app.application import AppController

_Key = Qt.Key
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def controller(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Target.md").write_text("# Target\n\n## Part\n\ntext\n", encoding="utf-8")
    (root / "Source.md").write_text("# Source\n\nSee [[Target]].\n#topic\n", encoding="utf-8")
    (root / "Other.md").write_text("# Other\n\nfind the zebra here\n", encoding="utf-8")
    app = AppController(root / "Target.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    yield app
    app.shutdown()


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(qtbot, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """A key pressed where the focus is, as the user would (shortcuts included)."""
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, key, mods)


def inside(part: QWidget):
    return lambda: (w := focused()) is not None and (w is part or part.isAncestorOf(w))


def test_the_note_has_the_keys_at_start(qtbot, controller):
    window = controller.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    tab = window.current_tab()
    qtbot.waitUntil(lambda: focused() is tab.editor)


def test_f6_goes_round_the_window_and_shift_f6_back(qtbot, controller):
    window = controller.window
    tab = focus_editor(qtbot, window)
    press(qtbot, _Key.Key_F6)
    qtbot.waitUntil(inside(window.right_panels))
    assert focused() is controller.panels.backlinks.tree
    press(qtbot, _Key.Key_F6)
    qtbot.waitUntil(inside(window.left_panels))
    assert focused() is window.file_tree
    press(qtbot, _Key.Key_F6)
    qtbot.waitUntil(lambda: focused() is tab.editor)
    press(qtbot, _Key.Key_F6, _SHIFT)
    qtbot.waitUntil(lambda: focused() is window.file_tree)
    # A hidden sidebar is left out.
    window.toggle_right()
    press(qtbot, _Key.Key_F6, _SHIFT)
    qtbot.waitUntil(lambda: focused() is tab.editor)
    press(qtbot, _Key.Key_F6, _SHIFT)
    qtbot.waitUntil(lambda: focused() is window.file_tree)


def test_ctrl_tab_switches_note_tabs_from_the_editor_and_the_sidebars(qtbot, controller):
    window = controller.window
    window.open_note("Other.md", new_tab=True)
    window.open_note("Target.md")
    first = focus_editor(qtbot, window)
    second = window.tab_for("Other.md")
    press(qtbot, _Key.Key_Tab, _CTRL)
    assert window.current_tab() is second
    qtbot.waitUntil(lambda: focused() is second.editor)
    press(qtbot, _Key.Key_Backtab, _CTRL | _SHIFT)
    assert window.current_tab() is first
    # From the file tree: the notes switch, not the sidebar's panels; the tree keeps the keys.
    window.file_tree.setFocus()
    qtbot.waitUntil(lambda: focused() is window.file_tree)
    left_page = window.left_panels.currentIndex()
    press(qtbot, _Key.Key_Tab, _CTRL)
    assert window.current_tab() is second
    assert window.left_panels.currentIndex() == left_page
    assert focused() is window.file_tree


def test_reading_view_gives_the_preview_the_keys_and_editing_the_editor(qtbot, controller):
    window = controller.window
    tab = focus_editor(qtbot, window)
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=20000)
    press(qtbot, _Key.Key_E, _CTRL)
    assert tab.mode == "preview"
    qtbot.waitUntil(inside(tab.preview))
    press(qtbot, _Key.Key_E, _CTRL)
    assert tab.mode == "split"
    qtbot.waitUntil(lambda: focused() is tab.editor)
    # Source only while the preview has the keys: the editor takes them.
    window.set_mode("split")
    tab.preview.setFocus()
    qtbot.waitUntil(inside(tab.preview))
    window.mode_actions["source"].trigger()
    qtbot.waitUntil(lambda: focused() is tab.editor)


def test_closing_a_tab_gives_the_next_note_the_keys(qtbot, controller):
    window = controller.window
    window.open_note("Other.md", new_tab=True)
    focus_editor(qtbot, window)
    press(qtbot, _Key.Key_W, _CTRL)
    left = window.current_tab()
    assert left is not None and left.path == "Target.md"
    qtbot.waitUntil(lambda: focused() is left.editor)


def test_hiding_the_sidebar_that_has_the_keys_gives_them_to_the_note(qtbot, controller):
    window = controller.window
    tab = focus_editor(qtbot, window)
    window.file_tree.setFocus()
    qtbot.waitUntil(lambda: focused() is window.file_tree)
    window.action_left_sidebar.trigger()
    assert not window.left_panels.isVisible()
    qtbot.waitUntil(lambda: focused() is tab.editor)


@pytest.mark.parametrize(
    ("command", "attr"),
    [
        ("Show Backlinks", "backlinks"),
        ("Show Outline", "outline"),
        ("Show Tags", "tags"),
        ("Show Files", None),
    ],
)
def test_show_panel_commands_focus_the_panel_list(qtbot, controller, command, attr):
    window = controller.window
    focus_editor(qtbot, window)
    outline = controller.panels.outline.tree
    qtbot.waitUntil(lambda: outline.topLevelItemCount() > 0, timeout=10000)
    action = next(a for a in window.actions() if a.text().replace("&", "") == command)
    action.trigger()
    target = window.file_tree if attr is None else getattr(controller.panels, attr).tree
    qtbot.waitUntil(lambda: focused() is target)


def test_esc_in_the_search_box_or_the_file_tree_goes_back_to_the_note(qtbot, controller):
    window = controller.window
    tab = focus_editor(qtbot, window)
    search = controller.panels.search
    press(qtbot, _Key.Key_F, _CTRL | _SHIFT)
    qtbot.waitUntil(lambda: focused() is search.input)
    press(qtbot, _Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is tab.editor)
    window.file_tree.setFocus()
    qtbot.waitUntil(lambda: focused() is window.file_tree)
    press(qtbot, _Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is tab.editor)


class _EmacsKeys(QObject):
    """Claims Ctrl+E for a one-line box, as QLineEdit does on Linux desktops (there
    Ctrl+E is its "end of line"; the offscreen platform of the tests has no such key)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == _Key.Key_E
            and event.modifiers() == _CTRL
        ):
            event.accept()
            return True
        return False


def test_window_keys_win_over_the_emacs_keys_of_one_line_boxes(qtbot, controller):
    window = controller.window
    tab = focus_editor(qtbot, window)
    tags = controller.panels.tags
    emacs = _EmacsKeys(window)
    for box in (controller.panels.search.input, tags.filter_edit):
        box.installEventFilter(emacs)
        window.show_left_panel(box.parentWidget())
        box.setFocus()
        qtbot.waitUntil(lambda b=box: focused() is b)
        before = tab.mode
        press(qtbot, _Key.Key_E, _CTRL)
        assert tab.mode != before, box
        assert focused() is box  # the box keeps the keys
    # The box keeps its own keys the window does not use (Ctrl+A selects its text).
    box = controller.panels.search.input
    window.show_left_panel(controller.panels.search)
    box.setFocus()
    qtbot.waitUntil(lambda: focused() is box)
    qtbot.keyClicks(box, "zebra")
    press(qtbot, _Key.Key_A, _CTRL)
    assert box.selectedText() == "zebra"


def test_a_choice_in_the_quick_switcher_gives_the_opened_note_the_keys(qtbot, controller):
    window = controller.window
    focus_editor(qtbot, window)
    switcher = controller.panels.switcher
    qtbot.waitUntil(lambda: not switcher.loading, timeout=10000)
    window.file_tree.setFocus()
    qtbot.waitUntil(lambda: focused() is window.file_tree)
    press(qtbot, _Key.Key_O, _CTRL)
    qtbot.waitUntil(lambda: focused() is switcher.input)
    qtbot.keyClicks(switcher.input, "Other")
    press(qtbot, _Key.Key_Return)
    tab = window.current_tab()
    assert tab.path == "Other.md"
    qtbot.waitUntil(lambda: focused() is tab.editor)
    # Esc: back where the user was.
    window.file_tree.setFocus()
    qtbot.waitUntil(lambda: focused() is window.file_tree)
    press(qtbot, _Key.Key_O, _CTRL)
    qtbot.waitUntil(lambda: focused() is switcher.input)
    press(qtbot, _Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is window.file_tree)


def test_tab_in_the_quick_switcher_moves_in_the_list(qtbot, controller):
    window = controller.window
    for path in ("Other.md", "Source.md"):
        window.open_note(path)  # the recent notes: the rows of an empty query
    focus_editor(qtbot, window)
    switcher = controller.panels.switcher
    qtbot.waitUntil(lambda: not switcher.loading, timeout=10000)
    press(qtbot, _Key.Key_O, _CTRL)
    qtbot.waitUntil(lambda: focused() is switcher.input)
    assert switcher.model.rowCount() > 1, switcher.row_titles()
    first = switcher.current_row()
    press(qtbot, _Key.Key_Tab)
    assert switcher.isVisible() and focused() is switcher.input
    assert switcher.current_row() != first
    press(qtbot, _Key.Key_Backtab, _SHIFT)
    assert switcher.current_row() == first
    assert switcher.isVisible()


def test_palette_command_gives_the_note_the_keys(qtbot, controller):
    window = controller.window
    tab = focus_editor(qtbot, window)
    palette = controller.panels.palette
    window.file_tree.setFocus()
    qtbot.waitUntil(lambda: focused() is window.file_tree)
    press(qtbot, _Key.Key_P, _CTRL)
    qtbot.waitUntil(lambda: focused() is palette.input)
    qtbot.keyClicks(palette.input, "Side by Side")
    press(qtbot, _Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is tab.editor)


def test_palette_lists_each_command_once_with_the_new_ones(qtbot, controller):
    window = controller.window
    window.open_note("Other.md", new_tab=True)
    window.open_note("Source.md", new_tab=True)
    focus_editor(qtbot, window)
    palette = controller.panels.palette
    palette.popup()
    titles = palette.row_titles()
    palette.close()
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    for title in (
        "Find",
        "Replace",
        "Theme: Dark",
        "Theme: Light",
        "Theme: Follow System",
        "Next Tab",
        "Previous Tab",
        "Focus Note",
        "Focus Next Part of the Window",
        "Show Files",
    ):
        assert title in titles
    assert "Dark" not in titles


def test_help_lists_the_focus_and_tab_keys(qtbot, controller):
    rows = dict(controller.window.edit_menus.shortcut_rows())
    assert rows["Focus Next Part of the Window"] == "F6"
    assert rows["Focus Previous Part of the Window"] == "Shift+F6"
    assert rows["Next Tab"] == "Ctrl+Tab"
    assert rows["Previous Tab"] == "Ctrl+Shift+Tab"
