"""Search panel: debounce, off-thread search, stale results dropped, inline errors, clicks."""

from __future__ import annotations

import threading
from typing import NamedTuple

import pytest
from PySide6.QtCore import Qt

from notedesk.app.widgets import searchrunner
from notedesk.app.widgets.searchpanel import SearchPanel
from notedesk.core.index import VaultIndex
from notedesk.core.query import QueryError
from notedesk.core.search import SearchEngine
from notedesk.core.vault import Vault


class LM(NamedTuple):
    line: int
    text: str
    ranges: list[tuple[int, int]]


class H(NamedTuple):
    path: str
    score: float
    matches: list[LM]


def fake_hits(query: str) -> list[H]:
    return [
        H("Notes/alpha.md", 2.0, [LM(3, f"the {query} is here", [(4, 4 + len(query))])]),
        H("beta.md", 1.0, [LM(1, f"{query}!", [(0, len(query))]), LM(7, "x", [(0, 1)])]),
    ]


@pytest.fixture
def make_panel(qtbot):
    def make(search, **kwargs):
        panel = SearchPanel(search, **kwargs)
        qtbot.addWidget(panel)
        panel.resize(400, 600)
        panel.show()
        return panel

    return make


def test_typing_searches_once_after_debounce_and_groups_by_note(qtbot, make_panel):
    calls = []

    def search(query, limit):
        calls.append(query)
        return fake_hits(query)

    panel = make_panel(search, debounce_ms=30)
    with qtbot.waitSignal(panel.search_finished, timeout=5000) as blocker:
        qtbot.keyClicks(panel.input, "word")
    assert blocker.args == ["word", 2]
    assert calls == ["word"]  # one search for four keystrokes
    top = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    assert [t.text(0) for t in top] == ["alpha  (1)", "beta  (2)"]
    assert top[1].child(0).text(0) == "1: word!"
    assert panel.summary.text() == "2 notes, 3 lines"


def test_click_on_line_opens_at_match(qtbot, make_panel):
    panel = make_panel(lambda q, n: fake_hits(q), debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("needle")
    row = panel.tree.topLevelItem(0).child(0)
    rect = panel.tree.visualItemRect(row)
    with qtbot.waitSignal(panel.open_at_requested) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["Notes/alpha.md", 3, 4, 10]


def test_keys_move_between_box_and_results(qtbot, make_panel):
    panel = make_panel(lambda q, n: fake_hits(q), debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("needle")
    panel.activateWindow()
    panel.input.setFocus()
    qtbot.waitUntil(panel.input.hasFocus, timeout=2000)
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)  # into the results, on the first note
    assert panel.tree.hasFocus() and panel.tree.currentItem() is panel.tree.topLevelItem(0)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)  # arrows move through the lines
    first_line = panel.tree.topLevelItem(0).child(0)
    assert panel.tree.currentItem() is first_line
    with qtbot.waitSignal(panel.open_at_requested) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert blocker.args == ["Notes/alpha.md", 3, 4, 10]
    qtbot.keyClick(panel.tree, Qt.Key.Key_Up)
    assert panel.tree.hasFocus()  # on the first row now
    qtbot.keyClick(panel.tree, Qt.Key.Key_Up)  # past the first row: back to the box
    assert panel.input.hasFocus()
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Escape)
    assert panel.input.hasFocus()


def test_malformed_query_shows_error_inline(qtbot, make_panel):
    def search(query, limit):
        if "(" in query:
            raise QueryError("unbalanced parenthesis")
        return fake_hits(query)

    panel = make_panel(search, debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("ok")
    with qtbot.waitSignal(panel.search_finished, timeout=5000) as blocker:
        panel.set_query("(oops")
    assert blocker.args == ["(oops", 0]
    assert panel.error.isVisible() and "unbalanced" in panel.error.text()
    assert panel.tree.topLevelItemCount() == 0
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("fine")
    assert not panel.error.isVisible()


def test_stale_result_is_dropped_and_newest_query_runs(qtbot, make_panel):
    release = threading.Event()
    started = threading.Event()
    calls = []

    def search(query, limit):
        calls.append(query)
        if query == "slow":
            started.set()
            release.wait(5)
        return fake_hits(query)

    panel = make_panel(search, debounce_ms=0)
    finished = []
    panel.search_finished.connect(lambda q, n: finished.append(q))
    panel.set_query("slow")
    qtbot.waitUntil(started.is_set, timeout=5000)
    panel.set_query("fa")  # waits: one search at a time
    panel.set_query("fast")  # replaces "fa" before it ever ran
    release.set()
    qtbot.waitUntil(lambda: finished == ["fast"], timeout=5000)
    assert calls == ["slow", "fast"]
    assert "fast" in panel.tree.topLevelItem(0).child(0).text(0)


def test_empty_query_clears(qtbot, make_panel):
    panel = make_panel(lambda q, n: fake_hits(q), debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("x")
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("  ")
    assert panel.tree.topLevelItemCount() == 0


def test_many_notes_fill_lazily_on_expand(qtbot, make_panel):
    many = [H(f"n{i:03}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(60)]
    panel = make_panel(lambda q, n: many, debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("hit")
    last = panel.tree.topLevelItem(59)
    assert last.childCount() == 0 and not last.isExpanded()
    last.setExpanded(True)
    assert last.childCount() == 1


def test_real_engine_on_sample_vault(qtbot, make_panel, sample_vault):
    index = VaultIndex(Vault(sample_vault))
    index.build()
    engine = SearchEngine(index)
    panel = make_panel(engine.search, debounce_ms=10)
    with qtbot.waitSignal(panel.search_finished, timeout=10000) as blocker:
        qtbot.keyClicks(panel.input, "pragmatic")
    assert blocker.args[1] >= 1
    paths = [panel.tree.topLevelItem(i).toolTip(0) for i in range(blocker.args[1])]
    assert "Books.md" in paths
    with qtbot.waitSignal(panel.search_finished, timeout=10000):
        panel.set_query('"unclosed')
    assert panel.error.isVisible() and panel.error.text()


def test_note_without_matching_lines_opens_at_top(qtbot, make_panel):
    hits = [H("tagged.md", 1.0, [])]
    panel = make_panel(lambda q, n: hits, debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("tag:x")
    item = panel.tree.topLevelItem(0)
    assert item.text(0) == "tagged  (0)" and item.childCount() == 0
    rect = panel.tree.visualItemRect(item)
    with qtbot.waitSignal(panel.open_at_requested) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["tagged.md", 1, 0, 0]


def test_show_more_asks_for_more_results(qtbot, make_panel):
    many = [H(f"n{i:03}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(120)]
    limits = []

    def search(query, limit):
        limits.append(limit)
        return many[:limit]

    panel = make_panel(search, debounce_ms=0, limit=50)
    with qtbot.waitSignal(panel.search_finished, timeout=5000) as blocker:
        panel.set_query("hit")
    assert blocker.args == ["hit", 50]
    assert panel.summary.text() == "50+ notes, 50+ lines"
    more = panel.tree.topLevelItem(50)
    assert more.text(0) == "Show more results…"
    panel.tree.scrollToItem(more)
    rect = panel.tree.visualItemRect(more)
    with qtbot.waitSignal(panel.search_finished, timeout=5000) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["hit", 120]
    assert limits == [50, 200]
    assert panel.tree.topLevelItemCount() == 120  # all there: no "more" row
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        qtbot.keyClicks(panel.input, "s")  # a new query starts from the first page again
    assert limits[-1] == 50


def test_rows_carry_styled_runs(qtbot, make_panel):
    from notedesk.app.widgets.searchrows import DIM, MATCH, PLAIN, SEGMENTS_ROLE, TITLE

    panel = make_panel(lambda q, n: fake_hits(q), debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("needle")
    note = panel.tree.topLevelItem(0)
    assert note.data(0, SEGMENTS_ROLE) == [("alpha", TITLE), (" Notes · 1", DIM)]
    line = note.child(0).data(0, SEGMENTS_ROLE)
    assert line == [("3 ", DIM), ("the ", PLAIN), ("needle", MATCH), (" is here", PLAIN)]
    panel.tree.viewport().repaint()  # paints without error


def _metrics(point_size: int = 10):
    from PySide6.QtGui import QFont, QFontMetrics

    from notedesk.app.widgets.searchrows import DIM, MATCH, PLAIN, TITLE

    plain = QFont()
    plain.setPointSize(point_size)
    bold = QFont(plain)
    bold.setBold(True)
    match = QFont(bold)
    match.setUnderline(True)
    return {PLAIN: QFontMetrics(plain), DIM: QFontMetrics(plain), TITLE: QFontMetrics(bold),
            MATCH: QFontMetrics(match)}  # fmt: skip


def _width(segments, metrics) -> int:
    return sum(metrics[kind].horizontalAdvance(text) for text, kind in segments)


@pytest.mark.parametrize("point_size", [8, 10, 14])
@pytest.mark.parametrize("width", [90, 140, 200, 320, 600])
def test_narrow_row_elides_around_its_first_match(qtbot, point_size, width):
    from notedesk.app.widgets.searchrows import DIM, MATCH, PLAIN, fit_segments, line_segments

    text = "word " * 40 + "needle\tend of the line and more words after it"
    start = text.index("needle")
    segments = line_segments(text, [(start, start + 6)], prefix="129")
    assert ("    end of the line and more words after it", PLAIN) in segments  # tabs widened
    metrics = _metrics(point_size)
    shown = fit_segments(segments, metrics, width)
    assert shown[0] == ("129 ", DIM)  # the line number stays
    assert _width(shown, metrics) <= width
    if _width([shown[0], ("…", PLAIN), ("needle", MATCH)], metrics) <= width:
        assert ("needle", MATCH) in shown  # the match, whole: it fits
        assert shown[1][0].startswith("…")  # what comes before it is cut on the left
    else:  # not even that fits: the match starts the text
        assert shown[1][1] == MATCH and shown[1][0].startswith("ne")
    if width >= 320:
        assert shown[1][0] != "…"  # some context before the match


def test_row_that_fits_or_has_no_match_is_cut_on_the_right_only(qtbot):
    from notedesk.app.widgets.searchrows import DIM, MATCH, PLAIN, TITLE, fit_segments

    metrics = _metrics()
    short = [("3 ", DIM), ("the ", PLAIN), ("needle", MATCH), (" is here", PLAIN)]
    assert fit_segments(short, metrics, 1000) == short
    early = [("3 ", DIM), ("the ", PLAIN), ("needle", MATCH), (" is here" * 30, PLAIN)]
    shown = fit_segments(early, metrics, 150)
    assert shown[:3] == early[:3] and shown[3][0].endswith("…")
    title = [("A long title " * 10, TITLE), (" folder", DIM)]
    shown = fit_segments(title, metrics, 120)
    assert len(shown) == 1 and shown[0][0].startswith("A long") and shown[0][0].endswith("…")
    wide = [("1 ", DIM), ("lead ", PLAIN), ("averyveryverylongmatchedword", MATCH)]
    shown = fit_segments(wide, metrics, 60)  # not even the match fits: it starts the row
    assert shown[1][1] == MATCH and shown[1][0].startswith("ave") and shown[1][0].endswith("…")


def _painted(panel, monkeypatch) -> list[str]:
    """The texts the tree's rows are painted with now."""
    from PySide6.QtGui import QPainter

    drawn: list[str] = []
    draw = QPainter.drawText

    def spy(painter, *args):
        drawn.append(str(args[-1]))
        return draw(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", spy)
    panel.tree.viewport().repaint()
    monkeypatch.setattr(QPainter, "drawText", draw)
    return drawn


def test_narrow_panel_paints_the_match_and_refits_when_resized(qtbot, make_panel, monkeypatch):
    line = "Some long opening words that fill a narrow sidebar entirely, then the needle"
    hits = [H("long.md", 1.0, [LM(4, line, [(len(line) - 6, len(line))])])]
    panel = make_panel(lambda q, n: hits, debounce_ms=0)
    panel.resize(170, 400)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("needle")
    qtbot.wait(20)
    narrow = _painted(panel, monkeypatch)
    assert "needle" in narrow  # the match, whole
    assert any(t.startswith("…") and t.endswith(" the ") for t in narrow)  # cut before it
    panel.resize(900, 400)
    qtbot.waitUntil(lambda: panel.tree.viewport().width() > 800, timeout=2000)
    wide = _painted(panel, monkeypatch)
    assert line[:-6] in wide and "needle" in wide  # all of it, no cut


def test_click_on_a_long_line_opens_at_its_column(qtbot, make_panel, tmp_path):
    (tmp_path / "long.md").write_text("x " * 400 + "needle at the end\n", encoding="utf-8")
    index = VaultIndex(Vault(tmp_path))
    index.build()
    panel = make_panel(SearchEngine(index).search, debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("needle")
    row = panel.tree.topLevelItem(0).child(0)
    rect = panel.tree.visualItemRect(row)
    with qtbot.waitSignal(panel.open_at_requested) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["long.md", 1, 800, 806]


class Total(NamedTuple):
    notes: int
    lines: int | None


def test_summary_gives_the_total_past_the_limit(qtbot, make_panel):
    many = [H(f"n{i:03}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(300)]
    release = threading.Event()
    counted = []

    def count(query, cancelled):
        counted.append(query)
        release.wait(5)
        return Total(1234, 5678)

    panel = make_panel(lambda q, n: many[:n], debounce_ms=0, limit=50, count=count)
    narrowest = panel.minimumSizeHint().width()
    with qtbot.waitSignal(panel.search_finished, timeout=5000) as blocker:
        panel.set_query("hit")
    assert blocker.args == ["hit", 50]  # the first page is shown before any count
    assert panel.tree.topLevelItemCount() == 51
    assert panel.summary.text() == "50+ notes · counting…"
    with qtbot.waitSignal(panel.total_shown, timeout=5000) as blocker:
        release.set()
    assert blocker.args == ["hit", 1234]
    assert panel.summary.text() == "1,234 notes, 5,678 lines · showing 50"
    assert panel.minimumSizeHint().width() == narrowest  # a long summary wraps, never widens
    more = panel.tree.topLevelItem(50)
    assert more.text(0) == "Show more results (1,184 more)…"
    panel.tree.scrollToItem(more)
    rect = panel.tree.visualItemRect(more)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.summary.text() == "1,234 notes, 5,678 lines · showing 200"  # kept, not recounted
    assert counted == ["hit"]
    panel.refresh()  # the index changed: counted again
    with qtbot.waitSignal(panel.total_shown, timeout=5000):
        pass
    assert counted == ["hit", "hit"]


def test_real_engine_total_for_a_vault_with_more_matches_than_listed(qtbot, make_panel, tmp_path):
    from notedesk.core.store import IndexStore

    for i in range(130):
        body = "tomato soup\n" + ("and tomato again\n" if i % 2 else "")
        (tmp_path / f"n{i:03}.md").write_text(body, encoding="utf-8")
    store = IndexStore(tmp_path, tmp_path / ".cache")
    index = VaultIndex(Vault(tmp_path), store)
    index.build()
    engine = SearchEngine(index, store)
    panel = make_panel(engine.search, debounce_ms=0, limit=50, count=engine.count)
    with qtbot.waitSignal(panel.total_shown, timeout=10000) as blocker:
        panel.set_query("tomato")
    assert blocker.args == ["tomato", 130]
    assert panel.summary.text() == "130 notes, 195 lines · showing 50"


def test_failed_count_leaves_the_listed_number(qtbot, make_panel):
    many = [H(f"n{i:03}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(300)]
    tried = threading.Event()

    def count(query, cancelled):
        tried.set()
        raise OSError("disk went away")

    panel = make_panel(lambda q, n: many[:n], debounce_ms=0, limit=50, count=count)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("hit")
    qtbot.waitUntil(tried.is_set, timeout=5000)
    qtbot.waitUntil(lambda: panel.summary.text() == "50+ notes", timeout=5000)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):  # the next query still runs
        panel.set_query("hits")


def test_all_hits_listed_need_no_count(qtbot, make_panel):
    counted = []
    panel = make_panel(
        lambda q, n: fake_hits(q), debounce_ms=0, count=lambda q, c: counted.append(q)
    )
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("word")
    qtbot.wait(50)
    assert panel.summary.text() == "2 notes, 3 lines"
    assert counted == []


def test_stale_total_never_shows_for_a_newer_query(qtbot, make_panel):
    many = [H(f"n{i:03}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(300)]
    release = threading.Event()
    counting = threading.Event()
    calls = []

    def count(query, cancelled):
        calls.append(query)
        if query == "old":
            counting.set()
            release.wait(5)  # finishes even though cancelled: its total is stale
            assert cancelled()
            return Total(999, 999)
        return Total(300, None)

    panel = make_panel(lambda q, n: many[:n], debounce_ms=0, limit=50, count=count)
    shown = []
    panel.total_shown.connect(lambda q, n: shown.append((q, n)))
    panel.set_query("old")
    qtbot.waitUntil(counting.is_set, timeout=5000)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("new")  # waits for the count to stop, then runs
        release.set()
    assert "999" not in panel.summary.text()
    qtbot.waitUntil(lambda: shown == [("new", 300)], timeout=5000)
    assert panel.summary.text() == "300 notes · showing 50"
    assert calls == ["old", "new"]


def test_count_waits_for_the_page_to_paint_and_a_newer_query_drops_it(
    qtbot, make_panel, monkeypatch
):
    monkeypatch.setattr(searchrunner, "COUNT_AFTER_MS", 3000)
    many = [H(f"n{i:03}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(300)]
    counted = []

    def count(query, cancelled):
        counted.append(query)
        return Total(300, 300)

    panel = make_panel(lambda q, n: many[:n], debounce_ms=0, limit=50, count=count)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("first")
    qtbot.wait(100)
    assert counted == []  # not yet: the page paints first
    with qtbot.waitSignal(panel.search_finished, timeout=1000):  # not held up by the wait
        panel.set_query("second")
    with qtbot.waitSignal(panel.total_shown, timeout=5000) as blocker:
        pass
    assert blocker.args == ["second", 300]
    assert counted == ["second"]


def test_newer_query_cancels_a_running_count(qtbot, make_panel):
    many = [H(f"n{i:03}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(300)]
    seen_cancel = []
    started = threading.Event()

    def count(query, cancelled):
        if query == "slow":
            started.set()
            for _ in range(500):  # up to 5 s, unless told to stop
                if cancelled():
                    seen_cancel.append(query)
                    raise RuntimeError("stopped")
                threading.Event().wait(0.01)
        return Total(300, 300)

    panel = make_panel(lambda q, n: many[:n], debounce_ms=0, limit=50, count=count)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("slow")
    qtbot.waitUntil(started.is_set, timeout=5000)
    with qtbot.waitSignal(panel.total_shown, timeout=3000) as blocker:
        panel.set_query("fast")
    assert blocker.args == ["fast", 300]
    assert seen_cancel == ["slow"]
    assert not panel.error.isVisible()


def test_newer_query_cancels_the_running_search(qtbot, make_panel):
    started = threading.Event()
    seen_cancel = []
    calls = []

    def search(query, limit, cancelled):
        calls.append(query)
        if query == "slow":
            started.set()
            for _ in range(500):  # up to 5 s, unless told to stop
                if cancelled():
                    seen_cancel.append(query)
                    raise RuntimeError("stopped")
                threading.Event().wait(0.01)
        return fake_hits(query)

    panel = make_panel(search, debounce_ms=0)
    finished = []
    panel.search_finished.connect(lambda q, n: finished.append(q))
    panel.set_query("slow")
    qtbot.waitUntil(started.is_set, timeout=5000)
    panel.set_query("fast")
    qtbot.waitUntil(lambda: finished == ["fast"], timeout=3000)
    assert seen_cancel == ["slow"]
    assert calls == ["slow", "fast"]
    assert not panel.error.isVisible()  # the stale search's error is dropped too


def test_long_search_shows_its_first_hits_early(qtbot, make_panel, monkeypatch):
    monkeypatch.setattr(searchrunner, "PARTIAL_AFTER_S", 0.0)  # this search counts as long
    release = threading.Event()
    first = [H(f"n{i}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(3)]
    more = first + [H(f"m{i}.md", 1.0, [LM(1, "hit", [(0, 3)])]) for i in range(4)]

    def search(query, limit, cancelled, partial):
        partial(first)
        release.wait(5)
        return more

    panel = make_panel(search, debounce_ms=0)
    finished = []
    panel.search_finished.connect(lambda q, n: finished.append((q, n)))
    panel.set_query("hit")
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 3, timeout=5000)
    assert panel.summary.text() == "Searching… 3 notes so far"
    assert finished == []  # not finished yet
    release.set()
    qtbot.waitUntil(lambda: finished == [("hit", 7)], timeout=5000)
    assert panel.tree.topLevelItemCount() == 7
    assert panel.summary.text() == "7 notes, 7 lines"


def test_quick_search_shows_only_its_result(qtbot, make_panel):
    def search(query, limit, cancelled, partial):
        partial(fake_hits(query)[:1])  # at once: not worth showing
        return fake_hits(query)

    panel = make_panel(search, debounce_ms=0)
    shown = []
    show = panel._show
    panel._show = lambda *a, **k: (shown.append(k.get("partial", False)), show(*a, **k))[1]
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("x")
    qtbot.wait(50)
    assert shown == [False]  # the final result only
    assert panel.summary.text() == "2 notes, 3 lines"


def test_attachment_row_opens_the_file(qtbot, make_panel, tmp_path):
    from notedesk.app.widgets.searchrows import DIM, SEGMENTS_ROLE, TITLE

    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "chart.png").write_bytes(b"\x89PNG")
    (tmp_path / "chart notes.md").write_text("about the chart\n", encoding="utf-8")
    index = VaultIndex(Vault(tmp_path))
    index.build()
    panel = make_panel(SearchEngine(index).search, debounce_ms=0)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("file:chart")
    assert panel.summary.text() == "2 files, 0 lines"
    rows = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    assert [r.text(0) for r in rows] == ["chart notes  (0)", "chart.png"]
    picture = rows[1]
    assert picture.data(0, SEGMENTS_ROLE) == [("chart.png", TITLE), (" pics", DIM)]
    assert picture.childCount() == 0
    rect = panel.tree.visualItemRect(picture)
    opened_at = []
    panel.open_at_requested.connect(lambda *args: opened_at.append(args))
    with qtbot.waitSignal(panel.open_file_requested) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["pics/chart.png", False]
    panel.tree.setCurrentItem(picture)
    with qtbot.waitSignal(panel.open_file_requested) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert blocker.args == ["pics/chart.png", False]
    panel.tree.setCurrentItem(rows[0])  # Enter on a note without lines: the note, at the top
    with qtbot.waitSignal(panel.open_at_requested) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert blocker.args == ["chart notes.md", 1, 0, 0]
    assert all(args[0] != "pics/chart.png" for args in opened_at)


def test_while_the_index_is_built_no_hits_is_not_called_no_results(qtbot, make_panel):
    ready = [False]
    panel = make_panel(lambda q, n: [], debounce_ms=0, ready=lambda: ready[0])
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("river")
    assert panel.summary.text().startswith("Indexing the vault…")
    ready[0] = True
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.refresh()  # the index is ready: the query runs again
    assert panel.summary.text() == "No results"
