"""Quick switcher: typing filters, keys choose, signals carry the choice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from notedesk.app.widgets.switcher import QuickSwitcher

NAMES = [
    ("Books", "Books.md", False),
    ("Designing Machine Learning Systems", "Books/Designing Machine Learning Systems.md", False),
    ("Machine learning", "Machine learning.md", False),
    ("ML", "Machine learning.md", True),
    ("2026-11-28", "Daily/2026-11-28.md", False),
    ("Welcome to notedesk", "Welcome to notedesk.md", False),
]


@pytest.fixture
def switcher(qtbot):
    window = QWidget()
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    names = list(NAMES)
    recent = ["Welcome to notedesk.md", "gone.md", "Books.md"]
    sw = QuickSwitcher(lambda: names, lambda: recent, window)
    sw.names_list = names  # type: ignore[attr-defined]
    sw.popup()
    qtbot.waitExposed(sw)
    qtbot.waitUntil(lambda: not sw.loading, timeout=5000)  # names are read off the UI thread
    yield sw
    sw.close()


def test_recent_notes_first_while_empty(switcher):
    assert switcher.row_titles() == ["Welcome to notedesk", "Books"]


def test_typing_filters_and_enter_opens(qtbot, switcher):
    qtbot.keyClicks(switcher.input, "mach")
    assert switcher.row_titles()[0] == "Machine learning"
    with qtbot.waitSignal(switcher.open_requested) as blocker:
        qtbot.keyClick(switcher.input, Qt.Key.Key_Return)
    assert blocker.args == ["Machine learning.md", False]
    assert not switcher.isVisible()


def test_arrow_keys_move_and_ctrl_enter_opens_in_new_tab(qtbot, switcher):
    qtbot.keyClicks(switcher.input, "mach")
    titles = switcher.row_titles()
    assert titles == ["Machine learning", "Designing Machine Learning Systems"]
    qtbot.keyClick(switcher.input, Qt.Key.Key_Down)
    qtbot.keyClick(switcher.input, Qt.Key.Key_Down)  # stays on the last row
    qtbot.keyClick(switcher.input, Qt.Key.Key_Up)
    qtbot.keyClick(switcher.input, Qt.Key.Key_Down)
    with qtbot.waitSignal(switcher.open_requested) as blocker:
        qtbot.keyClick(switcher.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["Books/Designing Machine Learning Systems.md", True]


def test_alias_finds_its_note(qtbot, switcher):
    qtbot.keyClicks(switcher.input, "ml")
    row = switcher.current_row()
    assert row is not None and row.payload == "Machine learning.md"


def test_shift_enter_creates_with_typed_name(qtbot, switcher):
    qtbot.keyClicks(switcher.input, "Books")
    with qtbot.waitSignal(switcher.create_requested) as blocker:
        qtbot.keyClick(switcher.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert blocker.args == ["Books"]


def test_enter_without_match_creates(qtbot, switcher):
    qtbot.keyClicks(switcher.input, "Brand new idea")
    assert switcher.row_titles() == []
    assert "create" in switcher.status.text()
    with qtbot.waitSignal(switcher.create_requested) as blocker:
        qtbot.keyClick(switcher.input, Qt.Key.Key_Return)
    assert blocker.args == ["Brand new idea"]


def test_escape_closes_without_signal(qtbot, switcher):
    with qtbot.assertNotEmitted(switcher.open_requested):
        qtbot.keyClick(switcher.input, Qt.Key.Key_Escape)
    assert not switcher.isVisible()


def test_click_opens(qtbot, switcher):
    qtbot.keyClicks(switcher.input, "2026")
    rect = switcher.list.visualRect(switcher.model.index(0, 0))
    with qtbot.waitSignal(switcher.open_requested) as blocker:
        qtbot.mouseClick(switcher.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["Daily/2026-11-28.md", False]


def test_refresh_picks_up_new_names(qtbot, switcher):
    switcher.names_list.append(("Zebra facts", "Zebra facts.md", False))
    qtbot.keyClicks(switcher.input, "zebra")
    assert switcher.row_titles() == []
    switcher.refresh()
    qtbot.waitUntil(lambda: switcher.row_titles() == ["Zebra facts"], timeout=5000)


def test_refresh_while_hidden_builds_off_thread(qtbot, switcher):
    switcher.close()
    old = switcher.matcher()
    switcher.names_list.append(("Quokka", "Quokka.md", False))
    switcher.refresh()
    assert switcher.matcher() is old  # the new one arrives through the event loop
    qtbot.waitUntil(lambda: switcher.matcher() is not old, timeout=5000)
    switcher.popup("quok")
    assert switcher.row_titles() == ["Quokka"]


def test_escape_gives_focus_back_and_popup_follows_window_size(qtbot):
    from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout

    window = QWidget()
    editor = QLineEdit(window)
    QVBoxLayout(window).addWidget(editor)
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    sw = QuickSwitcher(lambda: NAMES, None, window)
    sw.popup()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sw.input)
    window.resize(500, 400)
    assert sw.width() <= 500 - 40 and sw.x() >= 0
    qtbot.keyClick(sw.input, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)


def test_accents_do_not_matter_and_every_row_shows_its_path(qtbot, switcher):
    switcher.names_list.append(("Café crème", "Café crème.md", False))
    old = switcher.matcher()
    switcher.refresh()
    qtbot.waitUntil(lambda: switcher.matcher() is not old, timeout=5000)
    assert [switcher.model.row_at(i).subtitle for i in range(2)] == [
        "Welcome to notedesk.md",
        "Books.md",
    ]
    qtbot.keyClicks(switcher.input, "cafe creme")
    row = switcher.current_row()
    assert row is not None and (row.title, row.subtitle) == ("Café crème", "Café crème.md")
    assert "".join(row.title[p] for p in row.positions) == "Café crème"
    switcher.input.clear()
    qtbot.keyClicks(switcher.input, "ml")
    assert switcher.current_row().subtitle == "alias of Machine learning.md"


def test_while_names_load_nothing_is_offered_for_creation(qtbot):
    window = QWidget()
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    pending: list[tuple[object, object]] = []
    sw = QuickSwitcher(
        lambda: NAMES, None, window, runner=lambda fn, done, failed: pending.append((fn, done))
    )
    created: list[str] = []
    sw.create_requested.connect(created.append)
    sw.popup()  # the names are read off the UI thread: none yet
    assert sw.loading and len(pending) == 1
    qtbot.keyClicks(sw.input, "Machine learning")
    assert sw.row_titles() == []
    assert sw.help_text("Machine learning", 0) == "Reading the vault's note names…"
    qtbot.keyClick(sw.input, Qt.Key.Key_Return)
    assert created == [] and sw.isVisible()  # not "no match: create it"
    fn, done = pending.pop()
    done(fn())  # type: ignore[operator]
    assert not sw.loading
    assert sw.row_titles()[0] == "Machine learning"
    sw.close()


def test_a_notes_frontmatter_title_finds_it(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    names = [
        ("index", "index.md", "name"),
        ("Index of everything", "index.md", "title"),
        ("inbox", "inbox.md", "name"),
    ]
    sw = QuickSwitcher(lambda: names, None, window)
    sw.popup()
    qtbot.waitUntil(lambda: not sw.loading, timeout=5000)
    qtbot.keyClicks(sw.input, "Index of")
    rows = sw.rows("Index of")
    assert [(r.title, r.subtitle) for r in rows][:1] == [
        ("Index of everything", "title of index.md")
    ]
    with qtbot.waitSignal(sw.open_requested) as blocker:
        qtbot.keyClick(sw.input, Qt.Key.Key_Return)
    assert blocker.args == ["index.md", False]
    sw.close()
