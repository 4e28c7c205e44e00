"""Command palette: lists actions with shortcuts, filters fuzzily, Enter triggers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from notedesk.app.widgets.palette import CommandPalette, action_label


@pytest.fixture
def palette(qtbot):
    window = QWidget()
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    actions = []
    for text, keys in [
        ("&Save", "Ctrl+S"),
        ("Open &Vault…", None),
        ("&Close Tab", "Ctrl+W"),
        ("Toggle &Source/Preview", "Ctrl+E"),
        ("Quick Switcher", "Ctrl+O"),
    ]:
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        actions.append(action)
    hidden = QAction("Secret", window)
    hidden.setEnabled(False)
    actions.append(hidden)
    pal = CommandPalette(lambda: actions, window)
    pal.actions_list = actions  # type: ignore[attr-defined]
    pal.popup()
    yield pal
    pal.close()


def test_lists_enabled_actions_with_shortcuts(palette):
    titles = palette.row_titles()
    assert "Secret" not in titles
    assert sorted(titles) == titles  # alphabetical while nothing was run yet
    assert set(titles) == {
        "Save",
        "Open Vault",
        "Close Tab",
        "Toggle Source/Preview",
        "Quick Switcher",
    }
    row = next(palette.model.row_at(i) for i in range(5) if palette.model.row_at(i).title == "Save")
    assert row.hint == QKeySequence("Ctrl+S").toString(QKeySequence.SequenceFormat.NativeText)


def test_fuzzy_filter_and_enter_triggers(qtbot, palette):
    triggered = []
    palette.actions_list[3].triggered.connect(lambda: triggered.append("toggle"))
    qtbot.keyClicks(palette.input, "tsp")
    assert palette.row_titles()[0] == "Toggle Source/Preview"
    with qtbot.waitSignal(palette.command_triggered) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert blocker.args == ["Toggle Source/Preview"]
    assert triggered == ["toggle"]
    assert not palette.isVisible()


def test_recent_command_comes_first_next_time(qtbot, palette):
    qtbot.keyClicks(palette.input, "quick")
    with qtbot.waitSignal(palette.command_triggered):
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    palette.popup()
    assert palette.row_titles()[0] == "Quick Switcher"


def test_down_then_enter_runs_second_match(qtbot, palette):
    qtbot.keyClicks(palette.input, "s")
    second = palette.row_titles()[1]
    qtbot.keyClick(palette.input, Qt.Key.Key_Down)
    with qtbot.waitSignal(palette.command_triggered) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Enter)
    assert blocker.args == [second]


def test_no_match_shows_message_and_enter_does_nothing(qtbot, palette):
    qtbot.keyClicks(palette.input, "xyzzy")
    assert palette.row_titles() == []
    assert "No matching" in palette.status.text()
    with qtbot.assertNotEmitted(palette.command_triggered):
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)


def test_action_label_strips_mnemonics():
    assert action_label(QAction("Save &As…")) == "Save As"
    assert action_label(QAction("Tom && Jerry")) == "Tom & Jerry"
    recent = QAction("/home/me/notes")
    recent.setProperty("palette_label", "Open Recent Vault: /home/me/notes")
    assert action_label(recent) == "Open Recent Vault: /home/me/notes"


def test_accents_are_ignored_like_in_the_quick_switcher(qtbot, palette):
    palette.actions_list.append(QAction("Aperçu du thème", palette.parentWidget()))
    palette.popup()
    qtbot.keyClicks(palette.input, "apercu theme")
    assert palette.row_titles() == ["Aperçu du thème"]
    row = palette.current_row()
    assert "".join(row.title[p] for p in row.positions) == "Aperçu thème"
