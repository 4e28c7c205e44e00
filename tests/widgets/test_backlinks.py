"""Backlinks pane on the sample vault's real index: linked and unlinked mentions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool

from notedesk.app.widgets.backlinks import BacklinksPane
from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.mentions import mention_terms, scan_unlinked
from notedesk.core.vault import Vault

ML = "Machine learning.md"
BOOK = "Books/Designing Machine Learning Systems.md"


@pytest.fixture
def index(sample_vault):
    idx = VaultIndex(Vault(sample_vault))
    idx.build()
    return idx


@pytest.fixture
def scans():
    return []


@pytest.fixture
def linked_calls():
    return []


@pytest.fixture
def pane(qtbot, index, scans, linked_calls):
    def unlinked(path, only):
        meta = index.note(path)
        terms = mention_terms(path, meta.aliases if meta else [])
        paths = sorted(only) if only is not None else index.notes()
        scans.append((path, None if only is None else sorted(only)))
        return lambda: scan_unlinked(path, terms, paths, index.vault.read_text)

    def linked(path):
        linked_calls.append(path)
        return index.backlinks(path)

    def targets_of(source):
        return [r.path for r in index.outgoing(source)]

    pane = BacklinksPane(linked, unlinked, targets_of=targets_of)
    qtbot.addWidget(pane)
    pane.resize(420, 600)
    pane.show()
    with qtbot.waitSignals([pane.linked_updated, pane.unlinked_updated], timeout=10000):
        pane.set_note(ML)
    return pane


def children(item):
    return [item.child(i) for i in range(item.childCount())]


def test_linked_mentions_grouped_by_source_with_line_context(pane, index):
    groups = children(pane.linked_section)
    sources = [g.toolTip(0) for g in groups]
    assert BOOK in sources and "Books.md" in sources
    assert ML not in sources
    books = groups[sources.index("Books.md")]
    assert books.text(0) == "Books  (1)"
    row = books.child(0)
    assert "[[Machine learning]]" in row.text(0)
    assert row.text(0).startswith("11: ")
    assert pane.linked_section.text(0) == f"Linked mentions ({len(index.backlinks(ML))})"


def test_unlinked_mentions_exclude_links_urls_and_the_note_itself(pane):
    found = pane.mentions()
    assert found, "the book note mentions ML in plain text"
    assert all(m.source != ML for m in found)
    texts = {m.context[m.start : m.end].lower() for m in found}
    assert texts <= {"ml", "machine learning"}
    book_lines = {m.line for m in found if m.source == BOOK}
    assert 12 in book_lines and 16 in book_lines
    assert not {50, 51, 52} & book_lines  # "ML" only inside Markdown link text there
    assert "Unlinked mentions" in pane.unlinked_section.text(0)


def test_link_button_asks_for_the_edit(qtbot, pane):
    group = next(g for g in children(pane.unlinked_section) if g.toolTip(0) == BOOK)
    row = group.child(0)
    button = pane.tree.itemWidget(row, 1)
    mention = next(m for m in pane.mentions() if m.source == BOOK)
    with qtbot.waitSignal(pane.link_mention_requested) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [BOOK, mention.line, mention.start, mention.end, "Machine learning"]


def test_click_on_mention_opens_at_the_link(qtbot, pane, index):
    def index_line(path, line):
        return index.vault.read_text(path).split("\n")[line - 1]

    books = next(g for g in children(pane.linked_section) if g.toolTip(0) == "Books.md")
    row = books.child(0)
    pane.tree.scrollToItem(row)
    rect = pane.tree.visualItemRect(row)
    with qtbot.waitSignal(pane.open_at_requested) as blocker:
        qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    line_text = index_line("Books.md", 11)
    start = line_text.index("[[Machine learning]]")
    assert blocker.args == ["Books.md", 11, start, start + len("[[Machine learning]]")]


def test_refresh_after_edit_rescans_only_changed_note(qtbot, pane, index, scans, sample_vault):
    before = len([m for m in pane.mentions() if m.source == BOOK])
    new_note = sample_vault / "Notes on ML.md"
    new_note.write_text("Some ML here.\nAnd [[Machine learning]] too.\n", encoding="utf-8")
    index.apply(FileEvent("created", "Notes on ML.md"))
    with qtbot.waitSignals([pane.linked_updated, pane.unlinked_updated], timeout=10000):
        pane.refresh(changed={"Notes on ML.md"})
    assert scans[-1] == (ML, ["Notes on ML.md"])
    assert "Notes on ML.md" in [g.toolTip(0) for g in children(pane.linked_section)]
    new = [m for m in pane.mentions() if m.source == "Notes on ML.md"]
    assert [(m.line, m.start, m.end) for m in new] == [(1, 5, 7)]
    assert len([m for m in pane.mentions() if m.source == BOOK]) == before  # kept


def test_refresh_without_changes_keeps_linked_items(pane, linked_calls):
    first = pane.linked_section.child(0)
    pane.refresh(changed=set())
    assert pane.linked_section.child(0) is first
    assert linked_calls == [ML]


def test_unrelated_change_does_not_refetch_linked(qtbot, pane, linked_calls, scans):
    with qtbot.waitSignal(pane.unlinked_updated, timeout=10000):
        pane.refresh(changed={"Markdown tour/Code.md"})  # links nowhere near ML
    assert linked_calls == [ML]
    assert scans[-1] == (ML, ["Markdown tour/Code.md"])
    with qtbot.waitSignal(pane.linked_updated, timeout=10000):
        pane.refresh(changed={"Books.md"})  # links to ML: fetched again
    assert linked_calls == [ML, ML]


def test_switching_notes_clears_old_links_at_once(qtbot, pane):
    with qtbot.waitSignals([pane.linked_updated, pane.unlinked_updated], timeout=10000):
        pane.set_note("Books.md")
        assert pane.linked_section.childCount() == 0
    sources = [g.toolTip(0) for g in children(pane.linked_section)]
    assert "Machine learning.md" in sources


def test_stale_scan_is_dropped(qtbot, pane):
    pane.set_note("Books.md")
    with qtbot.waitSignals([pane.linked_updated, pane.unlinked_updated], timeout=10000):
        pane.set_note(ML)  # the Books.md scan may finish first; it must not show
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()  # deliver the older scan's result, if it came last
    assert all(m.source != ML for m in pane.mentions())
    assert any(m.source == BOOK and "ML" in m.context for m in pane.mentions())
    assert ML not in [g.toolTip(0) for g in children(pane.linked_section)]
