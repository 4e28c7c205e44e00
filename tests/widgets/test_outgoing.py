"""Outgoing links pane on the sample vault's real index."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from notedesk.app.widgets.outgoing import OutgoingPane
from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.vault import Vault


@pytest.fixture
def index(sample_vault):
    idx = VaultIndex(Vault(sample_vault))
    idx.build()
    return idx


@pytest.fixture
def pane(qtbot, index):
    pane = OutgoingPane(index.outgoing)
    qtbot.addWidget(pane)
    pane.resize(300, 400)
    pane.show()
    pane.set_note("Books.md")
    return pane


def row_texts(pane):
    return [pane.list.item(i).text() for i in range(pane.list.count())]


def test_lists_distinct_targets_with_counts_and_marks_unresolved(pane):
    texts = row_texts(pane)
    assert texts[:2] == ["Designing Machine Learning Systems", "Machine learning"]
    assert "The Pragmatic Programmer  ×2" in texts
    unresolved = pane.list.item(texts.index("The Pragmatic Programmer  ×2"))
    assert unresolved.font().italic()
    assert not pane.list.item(0).font().italic()
    assert "not created" in pane.summary.text()


def click(qtbot, pane, row):
    rect = pane.list.visualItemRect(pane.list.item(row))
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_click_resolved_opens(qtbot, pane):
    with qtbot.waitSignal(pane.open_requested) as blocker:
        click(qtbot, pane, 0)
    assert blocker.args == ["Books/Designing Machine Learning Systems.md", ""]


def test_click_unresolved_asks_to_create(qtbot, pane):
    row = row_texts(pane).index("The Pragmatic Programmer  ×2")
    with (
        qtbot.assertNotEmitted(pane.open_requested),
        qtbot.waitSignal(pane.create_requested) as blocker,
    ):
        click(qtbot, pane, row)
    assert blocker.args == ["The Pragmatic Programmer", "Books.md"]


def test_fragment_is_passed_on(qtbot, index, pane):
    pane.set_note("Machine learning.md")
    row = next(i for i, t in enumerate(row_texts(pane)) if t.startswith("Math and diagrams"))
    with qtbot.waitSignal(pane.open_requested) as blocker:
        click(qtbot, pane, row)
    assert blocker.args == ["Markdown tour/Math and diagrams.md", "A formula"]


def test_refresh_follows_index_changes(qtbot, index, pane, sample_vault):
    first = pane.list.item(0)
    pane.refresh()
    assert pane.list.item(0) is first  # nothing changed: the list was not rebuilt
    (sample_vault / "The Pragmatic Programmer.md").write_text("# TPP\n", encoding="utf-8")
    index.apply(FileEvent("created", "The Pragmatic Programmer.md"))
    pane.refresh()
    row = row_texts(pane).index("The Pragmatic Programmer  ×2")
    assert not pane.list.item(row).font().italic()
    assert "not created" not in pane.summary.text()


def test_no_note(pane):
    pane.set_note(None)
    assert pane.list.count() == 0 and pane.summary.text() == "No note"


def test_same_named_targets_show_their_folder(qtbot, tmp_path):
    root = tmp_path / "vault"
    (root / "Audit" / "Sub").mkdir(parents=True)
    (root / "Dup.md").write_text("top\n")
    (root / "Audit" / "Sub" / "Dup.md").write_text("deep\n")
    (root / "Audit" / "Links.md").write_text("[[Dup]] [[Sub/Dup]] [[Sub/Dup]] [[Other]]\n")
    idx = VaultIndex(Vault(root), workers=1)
    idx.build()
    pane = OutgoingPane(idx.outgoing)
    qtbot.addWidget(pane)
    pane.set_note("Audit/Links.md")
    assert row_texts(pane) == ["Dup — /", "Dup — Audit/Sub/  ×2", "Other"]
    assert pane.list.item(1).toolTip().startswith("Audit/Sub/Dup.md")
