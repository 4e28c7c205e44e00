"""The tag panel over a real index: nested tags, rolled-up counts, filter, tag and note clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from notedesk.app.widgets.tagpanel import FULL_ROLE, PATH_ROLE, TagPanel
from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.vault import Vault

NOTES = {
    "Inbox.md": "---\ntags: [inbox]\n---\nplain #inbox\n",
    "Read/Book.md": "#inbox/to-read and #Project\n",
    "Read/Paper.md": "#inbox/to-read #inbox/waiting\n",
    "Work/Plan.md": "#project/alpha #project/alpha\n",
    "Work/Other.md": "#project/beta\n",
}


@pytest.fixture
def setup(qtbot, tmp_path: Path) -> tuple[TagPanel, VaultIndex]:
    for rel, text in NOTES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    index = VaultIndex(Vault(tmp_path), workers=1)
    index.build()
    panel = TagPanel(index.tag_tree, index.notes_with_tag)
    qtbot.addWidget(panel)
    panel.resize(300, 600)
    panel.refresh()
    panel.show()
    qtbot.waitExposed(panel)
    return panel, index


def visible(panel: TagPanel) -> list[tuple[str, str]]:
    """Visible tag rows as (shown text, count), top to bottom."""
    out = []
    index = panel.tree.model().index(0, 0)
    while index.isValid():
        count = index.siblingAtColumn(1).data()
        out.append((index.data(), count))
        index = panel.tree.indexBelow(index)
    return out


def tag_index(panel: TagPanel, full: str) -> QModelIndex:
    model = panel.tree.model()
    found = model.match(
        model.index(0, 0),
        FULL_ROLE,
        full,
        1,
        Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly,
    )
    assert found, full
    return found[0]


def click_tag(qtbot, panel: TagPanel, full: str) -> None:
    index = tag_index(panel, full)
    panel.tree.scrollTo(index)
    pos = panel.tree.visualRect(index).center()
    with qtbot.waitSignal(panel.tag_selected) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [full]


def listed(panel: TagPanel) -> list[str]:
    return [panel.notes.item(i).data(PATH_ROLE) for i in range(panel.notes.count())]


def test_nested_tags_with_rolled_up_counts(setup) -> None:
    panel, _ = setup
    panel.tree.expandAll()
    assert visible(panel) == [
        ("#inbox", "3"),  # Inbox, Book, Paper: distinct notes at or below
        ("to-read", "2"),
        ("waiting", "1"),
        ("#Project", "3"),  # shown as first written; the tag itself has one note
        ("alpha", "1"),
        ("beta", "1"),
    ]


def test_clicking_a_tag_lists_its_notes_including_nested(qtbot, setup) -> None:
    panel, _ = setup
    click_tag(qtbot, panel, "inbox")
    assert listed(panel) == ["Read/Book.md", "Inbox.md", "Read/Paper.md"]
    assert panel.notes_label.text() == "#inbox · 3 notes"
    panel.tree.expandAll()
    click_tag(qtbot, panel, "inbox/waiting")
    assert listed(panel) == ["Read/Paper.md"]
    assert panel.notes_label.text() == "#inbox/waiting · 1 note"


def test_clicking_a_note_opens_it_ctrl_and_middle_in_a_new_tab(qtbot, setup) -> None:
    panel, _ = setup
    click_tag(qtbot, panel, "inbox")
    rect = panel.notes.visualItemRect(panel.notes.item(1))
    with qtbot.waitSignal(panel.open_requested) as blocker:
        qtbot.mouseClick(panel.notes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["Inbox.md", False]
    with qtbot.waitSignal(panel.open_requested) as blocker:
        qtbot.mouseClick(
            panel.notes.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            rect.center(),
        )
    assert blocker.args == ["Inbox.md", True]
    with qtbot.waitSignal(panel.open_requested) as blocker:
        qtbot.mouseClick(panel.notes.viewport(), Qt.MouseButton.MiddleButton, pos=rect.center())
    assert blocker.args == ["Inbox.md", True]


def test_enter_on_a_note_opens_it_ctrl_enter_in_a_new_tab(qtbot, setup) -> None:
    panel, _ = setup
    click_tag(qtbot, panel, "inbox")
    panel.notes.setCurrentRow(1)
    panel.notes.setFocus()
    with qtbot.waitSignal(panel.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(panel.notes, Qt.Key.Key_Return)
    assert blocker.args == ["Inbox.md", False]
    with qtbot.waitSignal(panel.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(panel.notes, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["Inbox.md", True]


def test_filter_box_shows_matches_and_their_parents(qtbot, setup) -> None:
    panel, _ = setup
    qtbot.keyClicks(panel.filter_edit, "alp")
    assert [text for text, _ in visible(panel)] == ["#Project", "alpha"]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "#to-READ")
    assert [text for text, _ in visible(panel)] == ["#inbox", "to-read"]
    panel.filter_edit.clear()
    assert len(visible(panel)) >= 2


def test_refresh_follows_index_changes_and_keeps_the_picked_tag(
    qtbot, setup, tmp_path: Path
) -> None:
    panel, index = setup
    panel.tree.expandAll()
    click_tag(qtbot, panel, "inbox/to-read")
    (tmp_path / "New.md").write_text("#inbox/to-read too\n", encoding="utf-8")
    index.apply(FileEvent("created", "New.md"))
    panel.refresh()
    assert panel.selected_tag() == "inbox/to-read"
    assert listed(panel) == ["Read/Book.md", "New.md", "Read/Paper.md"]
    assert ("to-read", "3") in visible(panel)  # still expanded
    # the tag disappears: the list empties
    for rel in ("Read/Book.md", "Read/Paper.md", "New.md"):
        (tmp_path / rel).unlink()
        index.apply(FileEvent("deleted", rel))
    panel.refresh()
    assert panel.selected_tag() is None and listed(panel) == []
    panel.select_tag("#PROJECT/alpha")
    assert panel.selected_tag() == "project/alpha"
    assert listed(panel) == ["Work/Plan.md"]


def test_refresh_updates_rows_in_place(qtbot, setup, tmp_path: Path) -> None:
    panel, index = setup
    kept = panel.model.invisibleRootItem().child(0, 0)
    (tmp_path / "More.md").write_text("#inbox #fresh\n", encoding="utf-8")
    index.apply(FileEvent("created", "More.md"))
    panel.refresh()
    assert panel.model.invisibleRootItem().child(0, 0) is kept  # the same item, not rebuilt
    assert ("#fresh", "1") in visible(panel) and ("#inbox", "4") in visible(panel)
    (tmp_path / "More.md").unlink()
    index.apply(FileEvent("deleted", "More.md"))
    panel.refresh()
    assert "#fresh" not in [text for text, _ in visible(panel)]
    assert ("#inbox", "3") in visible(panel)


def test_notes_of_the_picked_tag_follow_a_swap_with_the_same_count(
    qtbot, setup, tmp_path: Path
) -> None:
    panel, index = setup
    click_tag(qtbot, panel, "project/beta")
    assert listed(panel) == ["Work/Other.md"]
    (tmp_path / "Work" / "Other.md").write_text("no tag now\n", encoding="utf-8")
    (tmp_path / "Beta.md").write_text("#project/beta\n", encoding="utf-8")
    index.apply(FileEvent("modified", "Work/Other.md"))
    index.apply(FileEvent("created", "Beta.md"))
    panel.refresh()
    assert listed(panel) == ["Beta.md"]


def test_counts_follow_a_theme_change(setup) -> None:
    from PySide6.QtGui import QColor, QPalette

    panel, _ = setup
    panel.tree.expandAll()
    dark = QPalette(panel.palette())
    dark.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8a8a"))
    panel.setPalette(dark)
    model = panel.tree.model()
    index = model.index(0, 0)
    colors = set()
    while index.isValid():
        colors.add(index.siblingAtColumn(1).data(Qt.ItemDataRole.ForegroundRole).color().name())
        index = panel.tree.indexBelow(index)
    assert colors == {"#8a8a8a"}
