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
    def unlinked(path, only, cancelled=None):
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
    back = index.backlinks(ML)
    notes = len({b.source for b in back})
    assert pane.linked_section.text(0) == f"Linked mentions ({len(back)} in {notes} notes)"


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
    assert row.text(1) == "Link"
    pane.tree.scrollToItem(row)
    cell = pane.tree.visualItemRect(row)
    cell.setLeft(pane.tree.header().sectionPosition(1))
    cell.setWidth(pane.tree.header().sectionSize(1))
    mention = next(m for m in pane.mentions() if m.source == BOOK)
    with (
        qtbot.assertNotEmitted(pane.open_at_requested),
        qtbot.waitSignal(pane.link_mention_requested) as blocker,
    ):
        qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert blocker.args == [BOOK, mention.line, mention.start, mention.end, ML]


def test_l_key_and_context_menu_link_the_current_mention(qtbot, pane, monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu

    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, _pos, _at=None: shown.append(menu))

    group = next(g for g in children(pane.unlinked_section) if g.toolTip(0) == BOOK)
    row = group.child(0)
    assert "L" in row.toolTip(1)  # the cell says its key
    mention = next(m for m in pane.mentions() if m.source == BOOK)
    expected = [BOOK, mention.line, mention.start, mention.end, ML]
    pane.tree.setCurrentItem(row)
    with qtbot.waitSignal(pane.link_mention_requested, timeout=1000) as blocker:
        qtbot.keyClick(pane.tree, Qt.Key.Key_L)
    assert blocker.args == expected
    # The Menu key on the row: a context menu whose entry links it.
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(1, 1), QPoint(1, 1))
    QApplication.sendEvent(pane.tree, event)
    assert len(shown) == 1
    entry = shown[0].actions()[0]
    assert entry.text().replace("&", "") == "Link This Mention"
    with qtbot.waitSignal(pane.link_mention_requested, timeout=1000) as blocker:
        entry.trigger()
    assert blocker.args == expected
    # A linked row (or a group) has no such entry: L types to search as before.
    pane.tree.setCurrentItem(group)
    with qtbot.assertNotEmitted(pane.link_mention_requested):
        qtbot.keyClick(pane.tree, Qt.Key.Key_L)


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


# -- a hub note: many mentions fill the pane over several event-loop turns -------------


class _Link:
    def __init__(self, raw: str, col: int) -> None:
        self.raw = raw
        self.col = col


class _Backlink:
    def __init__(self, source: str, line: int) -> None:
        self.source = source
        self.line = line
        self.context_text = f"see [[Hub]] on line {line}"
        self.link = _Link("[[Hub]]", 5)


def _hub_pane(qtbot, linked_rows: int, unlinked_rows: int):
    from notedesk.core.mentions import Mention

    def linked(path):
        return [_Backlink(f"src {i // 7}.md", i % 7 + 1) for i in range(linked_rows)]

    def unlinked(path, only, cancelled=None):
        found = [
            Mention(f"m {i // 3}.md", i % 3 + 1, 10, 13, f"about the Hub, {i}")
            for i in range(unlinked_rows)
        ]
        return lambda: found

    pane = BacklinksPane(linked, unlinked)
    qtbot.addWidget(pane)
    pane.show()
    return pane


def _rows(section):
    return [row for group in children(section) for row in children(group)]


def test_many_mentions_fill_over_several_turns_and_all_show(qtbot) -> None:
    from notedesk.app.widgets import backlinkrows as backlinks

    pane = _hub_pane(qtbot, 900, 280)
    counts: list[tuple[str, int]] = []
    pane.linked_updated.connect(lambda n: counts.append(("linked", n)))
    pane.unlinked_updated.connect(lambda n: counts.append(("unlinked", n)))
    with qtbot.waitSignals([pane.linked_updated, pane.unlinked_updated], timeout=10000):
        pane.set_note("Hub.md")
        assert pane.linked_section.childCount() == 0  # nothing before the results come
    assert sorted(counts) == [("linked", 900), ("unlinked", 280)]
    linked = _rows(pane.linked_section)
    assert len(linked) == 900 and len(children(pane.linked_section)) == 129
    assert pane.linked_section.text(0) == "Linked mentions (900 in 129 notes)"
    assert {tuple(r.data(0, backlinks.TARGET_ROLE))[:2] for r in linked} == {
        (f"src {i // 7}.md", i % 7 + 1) for i in range(900)
    }
    unlinked = _rows(pane.unlinked_section)
    assert len(unlinked) == 280
    assert pane.unlinked_section.text(0) == "Unlinked mentions (280)"
    assert {r.text(1) for r in unlinked} == {"Link"}
    assert sorted(r.data(1, backlinks.LINK_ROLE)[0] for r in unlinked) == sorted(
        f"m {i // 3}.md" for i in range(280)
    )


def test_a_fill_spans_turns_and_a_new_note_drops_the_old_fill(qtbot, monkeypatch) -> None:
    pane = _hub_pane(qtbot, 900, 0)
    turns = 0

    def count_turn() -> None:
        nonlocal turns
        turns += 1

    # No time at all per turn: one row per turn, so the fill is caught midway.
    monkeypatch.setattr(pane._linked_fill, "_budget", 0.0)
    pane._linked_fill._timer.timeout.connect(count_turn)
    with qtbot.waitSignal(pane.linked_updated, timeout=20000):
        pane.set_note("Hub.md")
        qtbot.waitUntil(lambda: pane._linked_fill.busy, timeout=5000)
        assert pane.linked_section.childCount() == 0  # built apart, shown at once
    assert turns >= 900
    assert len(_rows(pane.linked_section)) == 900

    pane._linked_key = None
    pane.refresh()
    qtbot.waitUntil(lambda: pane._linked_fill.busy, timeout=5000)
    pane.set_note(None)  # another note (none): the refill stops, nothing of it is shown
    qtbot.wait(100)
    assert not pane._linked_fill.busy
    assert pane.linked_section.childCount() == 0
    assert pane.linked_section.text(0) == "Linked mentions (0)"


def test_every_linked_mention_of_a_hub_note_can_be_reached(qtbot) -> None:
    from notedesk.app.widgets import backlinkrows as backlinks

    pane = _hub_pane(qtbot, 2500, 0)
    with qtbot.waitSignal(pane.linked_updated, timeout=10000):
        pane.set_note("Hub.md")
    section = pane.linked_section
    assert section.text(0) == "Linked mentions (2500 in 358 notes, first 1000 shown)"
    more = children(section)[-1]
    assert more.text(0) == "Show 1000 more of 1500…" and more.data(0, backlinks.MORE_ROLE)
    with qtbot.assertNotEmitted(pane.open_at_requested):
        pane._on_tree_item_activated(more)
    qtbot.waitUntil(lambda: "first 2000 shown" in section.text(0), timeout=10000)
    pane.show_more_linked()
    qtbot.waitUntil(lambda: "shown" not in section.text(0), timeout=10000)
    assert len(_rows(section)) == 2500
    assert not any(g.data(0, backlinks.MORE_ROLE) for g in children(section))
    pane.set_note("Other.md")  # another note starts again at the first 1000
    pane.set_note("Hub.md")
    qtbot.waitUntil(lambda: "first 1000 shown" in section.text(0), timeout=10000)


def test_narrow_pane_paints_the_link_of_a_long_line(qtbot, monkeypatch):
    from types import SimpleNamespace

    from PySide6.QtGui import QPainter

    lead = "Many opening words that fill a narrow pane long before the link comes " * 6
    context = lead + "[[Target note]] and words after it"
    back = SimpleNamespace(
        source="Far.md",
        line=7,
        context_text=context,
        link=SimpleNamespace(col=len(lead) + 1, raw="[[Target note]]"),
    )
    pane = BacklinksPane(lambda path: [back], lambda path, only, cancelled: lambda: [])
    qtbot.addWidget(pane)
    pane.resize(230, 400)
    pane.show()
    with qtbot.waitSignal(pane.linked_updated, timeout=5000):
        pane.set_note("Target note.md")
    qtbot.waitUntil(lambda: pane.linked_section.childCount() == 1, timeout=5000)
    pane.linked_section.child(0).setExpanded(True)
    qtbot.wait(20)
    drawn: list[str] = []
    draw = QPainter.drawText

    def spy(painter, *args):
        drawn.append(str(args[-1]))
        return draw(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", spy)
    pane.tree.viewport().repaint()
    monkeypatch.setattr(QPainter, "drawText", draw)
    assert "7 " in drawn  # the line number
    assert "[[Target note]]" in drawn  # the link, whole, though the line is far wider
    assert any(t.startswith("…") for t in drawn)  # the words before it cut on the left


def test_scans_run_apart_from_searches_and_a_superseded_one_is_cancelled(qtbot):
    calls: list[tuple[str, object, object]] = []
    queued: list[object] = []

    def unlinked(path, only, cancelled):
        calls.append((path, None if only is None else sorted(only), cancelled))
        return lambda: []

    def scan_runner(fn, done, failed):
        queued.append((fn, done))

    shared: list[object] = []

    def runner(fn, done, failed):
        shared.append(fn)
        done(fn())

    pane = BacklinksPane(lambda path: [], unlinked, runner=runner, scan_runner=scan_runner)
    qtbot.addWidget(pane)
    pane.set_note("A.md")
    pane.set_note("B.md")
    assert [c[0] for c in calls] == ["A.md", "B.md"]
    assert len(queued) == 2 and len(shared) == 2  # scans never go to the shared runner
    first_cancelled, second_cancelled = calls[0][2], calls[1][2]
    assert first_cancelled() and not second_cancelled()
    stale_scan, _done = queued[0]
    assert stale_scan() == []  # a scan superseded before it started does nothing


def test_the_note_itself_changing_rescans_all_only_when_its_names_change(qtbot):
    calls: list[object] = []
    names = {"A.md": ["A"]}

    def unlinked(path, only, cancelled):
        calls.append(None if only is None else sorted(only))
        return lambda: []

    def runner(fn, done, failed):
        done(fn())

    pane = BacklinksPane(
        lambda path: [],
        unlinked,
        runner=runner,
        scan_runner=runner,
        terms_of=lambda path: list(names[path]),
    )
    qtbot.addWidget(pane)
    pane.set_note("A.md")
    assert calls == [None]  # the whole vault
    pane.refresh({"A.md", "B.md"})  # its text changed, its names did not
    assert calls[-1] == ["B.md"]
    pane.refresh({"A.md"})
    assert len(calls) == 2  # nothing else to read
    names["A.md"] = ["A", "Alias"]
    pane.refresh({"A.md"})
    assert calls[-1] is None  # a new alias: mentions anywhere


def test_a_change_while_the_whole_vault_scan_runs_scans_it_all_again(qtbot):
    calls: list[object] = []
    queued: list[object] = []

    def unlinked(path, only, cancelled):
        calls.append(None if only is None else sorted(only))
        return lambda: []

    pane = BacklinksPane(
        lambda path: [],
        unlinked,
        runner=lambda fn, done, failed: done(fn()),
        scan_runner=lambda fn, done, failed: queued.append((fn, done)),
        terms_of=lambda path: ["A"],
    )
    qtbot.addWidget(pane)
    pane.set_note("A.md")
    pane.refresh({"B.md"})  # the first scan has not reported: its results would be lost
    assert calls == [None, None]
    fn, done = queued[-1]
    done(fn())
    pane.refresh({"B.md"})
    assert calls[-1] == ["B.md"]


def test_show_more_keeps_the_rows_seen_in_place(qtbot) -> None:
    pane = _hub_pane(qtbot, 2500, 0)
    pane.resize(300, 400)
    with qtbot.waitSignal(pane.linked_updated, timeout=10000):
        pane.set_note("Hub.md")
    qtbot.waitUntil(lambda: "first 1000 shown" in pane.linked_section.text(0), timeout=10000)
    bar = pane.tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())  # at the end of the list, where "Show more" is
    seen = bar.value()
    pane.show_more_linked()
    qtbot.waitUntil(lambda: "first 2000 shown" in pane.linked_section.text(0), timeout=10000)
    assert bar.value() == seen  # not back at the top
