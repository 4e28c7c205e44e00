"""Outline pane: heading tree, cursor following, clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from notedesk.app.widgets.outline import OutlinePane
from notedesk.core.note import Heading, parse_note

TEXT = """---
title: x
---
# Top

intro

## First part

### Detail

## Second part

#### Deep under second

# Another top
"""


@pytest.fixture
def pane(qtbot):
    notes = {"a.md": parse_note(TEXT).headings, "empty.md": []}
    calls = []

    def headings(path):
        calls.append(path)
        return notes[path]

    pane = OutlinePane(headings)
    pane.notes = notes  # type: ignore[attr-defined]
    pane.calls = calls  # type: ignore[attr-defined]
    qtbot.addWidget(pane)
    pane.resize(300, 400)
    pane.show()
    pane.set_note("a.md")
    return pane


def titles(tree_item, depth=0):
    out = []
    for i in range(tree_item.childCount()):
        child = tree_item.child(i)
        out.append(("  " * depth) + child.text(0))
        out.extend(titles(child, depth + 1))
    return out


def test_tree_follows_heading_levels(pane):
    assert titles(pane.tree.invisibleRootItem()) == [
        "Top",
        "  First part",
        "    Detail",
        "  Second part",
        "    Deep under second",
        "Another top",
    ]
    assert pane.placeholder.isHidden()


def test_cursor_selects_current_section_without_emitting(qtbot, pane):
    with qtbot.assertNotEmitted(pane.heading_activated):
        pane.set_cursor_line(11)  # below "### Detail" on line 10
        assert pane.tree.currentItem().text(0) == "Detail"
        pane.set_cursor_line(12)
        assert pane.tree.currentItem().text(0) == "Second part"
        pane.set_cursor_line(2)  # in the frontmatter, above every heading
        assert pane.tree.currentItem() is None
        pane.set_cursor_line(999)
        assert pane.tree.currentItem().text(0) == "Another top"


def test_click_emits_line_and_slug(qtbot, pane):
    item = pane.tree.invisibleRootItem().child(0).child(1)
    rect = pane.tree.visualItemRect(item)
    with qtbot.waitSignal(pane.heading_activated) as blocker:
        qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [12, "second-part"]


def test_refresh_rebuilds_only_on_change(pane):
    first = pane.tree.topLevelItem(0)
    pane.refresh()
    assert pane.tree.topLevelItem(0) is first  # unchanged: same items, selection kept
    pane.notes["a.md"] = [*pane.notes["a.md"], Heading(2, "Added", 30, "added")]
    pane.set_cursor_line(31)
    pane.refresh()
    assert titles(pane.tree.invisibleRootItem())[-1] == "  Added"
    assert pane.tree.currentItem().text(0) == "Added"


def test_empty_and_no_note_placeholders(pane):
    pane.set_note("empty.md")
    assert not pane.placeholder.isHidden() and pane.placeholder.text() == "No headings"
    pane.set_note(None)
    assert pane.placeholder.text() == "No note"
