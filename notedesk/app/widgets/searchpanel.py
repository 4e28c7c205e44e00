"""Search panel (Ctrl+Shift+F): the vault query language, results grouped by note.

Searches run off the UI thread, one at a time: typing restarts a short debounce;
when it fires while a search is still running, that search is asked to stop
(when the search function takes a ``cancelled`` callable) and the newest query
runs as soon as it has; every result carries a sequence number so only the
newest query's result is ever shown. A long search (one that needs more than a
page of candidates) shows the hits it has so far as it goes, when the search
function takes a ``partial`` callback.

A query with more hits than are listed is counted afterwards (when the panel has
a ``count`` function): the first page is shown as soon as it is found and, once
it has painted (COUNT_AFTER_MS: a worker busy counting would slow the painting
down), the worker counts every match, as one more step of that search. A newer
query cancels the count like the search itself (one not started yet is dropped
at once), and a total is shown only for the query it counted. "Show more
results" keeps the total already counted.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.background import Cancel, run_in_background
from notedesk.app.widgets.searchrows import SEGMENTS_ROLE, SegmentDelegate, hit_row, line_segments
from notedesk.core.vault import is_note_path

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1  # [path, line, start, end] on line rows
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # position in the shown hit list on note rows
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # the "Show more results" row
EXPANDED_NOTES = 25  # notes shown expanded; the others fill in when opened
LINE_CAP = 20  # the engine's per-note cap: a note at it says "20+"
PARTIAL_AFTER_S = 0.1  # a search running this long shows the hits it has found so far
COUNT_AFTER_MS = 100  # the count starts this long after a page is shown: the page paints first

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]


class LineMatchLike(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def ranges(self) -> Sequence[tuple[int, int]]: ...


class TotalLike(Protocol):
    @property
    def notes(self) -> int: ...
    @property
    def lines(self) -> int | None: ...


class HitLike(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def matches(self) -> Sequence[LineMatchLike]: ...


def more_text(shown: int, total: TotalLike | None) -> str:
    """The "Show more results" row: how many are not listed yet, once counted."""
    if total is None or total.notes <= shown:
        return "Show more results…"
    return f"Show more results ({total.notes - shown:,} more)…"


def _positional(search: Callable[..., Any]) -> int:
    """How many positional arguments ``search`` takes (plenty with ``*args``)."""
    try:
        params = inspect.signature(search).parameters.values()
    except (TypeError, ValueError):
        return 2
    kinds = [p.kind for p in params]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        return 99
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(k in positional for k in kinds)


class _Relay(QObject):
    """Carries a running search's hits so far to the UI thread (no payload crosses threads:
    the hits wait in ``latest``)."""

    arrived = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.lock = threading.Lock()
        self.latest: tuple[int, Sequence[HitLike]] | None = None

    def offer(self, seq: int, hits: Sequence[HitLike]) -> None:  # from the worker thread
        with self.lock:
            self.latest = (seq, hits)
        self.arrived.emit()

    def take(self) -> tuple[int, Sequence[HitLike]] | None:
        with self.lock:
            latest, self.latest = self.latest, None
        return latest


class SearchPanel(QWidget):
    """Signals:
    open_at_requested(path, line, start_col, end_col): the user clicked a matching line;
        1-based line, 0-based columns of the first match in it (end exclusive).
    open_file_requested(path, new_tab): the user chose a found file that is not a note
        (an attachment found by ``file:`` or ``path:``): open it as the file tree does.
    search_finished(query, note_count): results (or an error) for ``query`` are shown.
    total_shown(query, notes): the count of every note ``query`` matches is shown
        (only for a query with more hits than the listed ones).

    ``search(query, limit[, cancelled[, partial]])`` returns hits
    (``SearchEngine.search``) and raises an exception whose message is shown inline
    for a malformed query (``QueryError``). It runs in a worker thread;
    ``cancelled()`` turns True once a newer query makes its results stale (it may
    then raise anything: dropped); ``partial(hits)`` shows the hits found so far.
    ``count(query, cancelled)`` returns the total (``SearchEngine.count``): every
    note and line the query matches, asked after a page that did not hold them all.
    """

    open_at_requested = Signal(str, int, int, int)
    open_file_requested = Signal(str, bool)
    search_finished = Signal(str, int)
    total_shown = Signal(str, int)

    def __init__(
        self,
        search: Callable[..., Sequence[HitLike]],
        parent: QWidget | None = None,
        debounce_ms: int = 200,
        limit: int = 50,
        runner: Runner = run_in_background,
        count: Callable[[str, Callable[[], bool]], TotalLike] | None = None,
        ready: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._count = count
        self._ready = ready  # False while the index is being built: no results is no answer
        self._total: tuple[str, TotalLike] | None = None  # the last query counted, its total
        arity = _positional(search)
        self._cancellable = arity >= 3
        self._partial = _Relay(self) if arity >= 4 else None
        self._cancel: Cancel | None = None  # set: the running search is stale
        self._started = 0.0  # time.monotonic() when the running search started
        self._base_limit = limit
        self._limit = limit  # grows by "Show more results"; back to the base on a new query
        self._run = runner
        self._seq = 0
        self._running = False
        self._pending = False
        self._hits: list[HitLike] = []
        self.input = QLineEdit(self)
        self.input.setPlaceholderText('Search: words, "phrase", tag:x, path:y, -not, /re/')
        self.input.setClearButtonEnabled(True)
        self.setFocusProxy(self.input)  # the panel shown from its tab: typing searches
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        red = self.error.palette()
        red.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.darkRed)
        self.error.setPalette(red)
        self.error.hide()
        self.summary = QLabel(self)
        self.summary.setEnabled(False)
        self.summary.setWordWrap(True)  # a narrow sidebar wraps it: it never widens the panel
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setItemDelegate(SegmentDelegate(self.tree))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.input)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._count_wait = QTimer(self)  # a page is shown; its count starts when this fires
        self._count_wait.setSingleShot(True)
        self._count_wait.setInterval(COUNT_AFTER_MS)
        self._count_wait.timeout.connect(self._on_count_wait_timeout)
        self._count_query = ""
        self.input.textChanged.connect(self._on_input_text_changed)
        self.input.returnPressed.connect(self._on_input_return_pressed)
        self.input.installEventFilter(self)
        self.tree.installEventFilter(self)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)
        if self._partial is not None:
            self._partial.arrived.connect(self._on_partial_arrived)

    # -- public --------------------------------------------------------------

    def query(self) -> str:
        return self.input.text()

    def set_query(self, text: str) -> None:
        """Put ``text`` in the box and search for it now (no debounce)."""
        self.input.blockSignals(True)
        self.input.setText(text)
        self.input.blockSignals(False)
        self._limit = self._base_limit
        self._debounce.stop()
        self._start()

    def focus_query(self) -> None:
        """For Ctrl+Shift+F: focus the box with its text selected."""
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()

    def refresh(self) -> None:
        """The index changed: run the current query again (debounced like typing)."""
        self._total = None  # counted on the old index
        if self.input.text().strip():
            self._debounce.start()

    def hits(self) -> list[HitLike]:
        return list(self._hits)

    # -- running -------------------------------------------------------------

    def _start(self) -> None:
        self._seq += 1
        if self._cancel is not None:
            self._cancel.set()
        if self._count_wait.isActive():  # the last search's count never started: its turn ends
            self._count_wait.stop()
            self._running = False
        query = self.input.text()
        if not query.strip():
            self._pending = False
            self._show([], query)
            return
        if self._running:
            self._pending = True  # the finishing search starts this one
            return
        self._running = True
        self._pending = False
        seq = self._seq
        limit = self._limit
        search = self._search
        cancel = self._cancel = Cancel()
        cancellable = self._cancellable
        relay = self._partial

        def job() -> Sequence[HitLike]:
            if relay is not None:
                return search(query, limit, cancel.is_set, lambda h: relay.offer(seq, h))
            if cancellable:
                return search(query, limit, cancel.is_set)
            return search(query, limit)

        self.summary.setText("Searching…")
        self._started = time.monotonic()
        self._run(
            job,
            lambda hits: self._on_search_done(seq, query, hits, limit),
            lambda exc: self._on_search_failed(seq, query, exc),
        )

    def _finish_one(self) -> None:
        self._running = False
        if self._pending:
            self._start()

    def _on_search_done(self, seq: int, query: str, hits: Sequence[HitLike], limit: int) -> None:
        if seq == self._seq:
            capped = len(hits) >= limit
            known = self._total[1] if self._total is not None and self._total[0] == query else None
            self._show(list(hits), query, capped=capped, total=known if capped else None)
            if capped and known is None and self._count is not None:
                self._count_query = query  # this search's turn ends with its count
                self._count_wait.start()
                return
        self._finish_one()

    def _on_count_wait_timeout(self) -> None:
        seq, query = self._seq, self._count_query
        count = self._count
        cancel = self._cancel
        assert count is not None and cancel is not None
        self._run(
            lambda: count(query, cancel.is_set),
            lambda total: self._on_count_done(seq, query, total),
            lambda _exc: self._on_count_failed(seq),
        )

    def _on_count_failed(self, seq: int) -> None:
        if seq == self._seq:  # not cancelled (a newer query would have moved on): failed
            self.summary.setText(f"{len(self._hits):,}+ {self._noun()}")
        self._finish_one()

    def _on_count_done(self, seq: int, query: str, total: TotalLike) -> None:
        if seq == self._seq:
            self._total = (query, total)
            self._show_total(total)
            self.total_shown.emit(query, int(total.notes))
        self._finish_one()

    def _on_search_failed(self, seq: int, query: str, exc: Exception) -> None:
        if seq == self._seq:
            self._show([], query, error=str(exc) or type(exc).__name__)
        self._finish_one()

    # -- showing -------------------------------------------------------------

    def _show(
        self,
        hits: list[HitLike],
        query: str,
        error: str = "",
        capped: bool = False,
        partial: bool = False,
        total: TotalLike | None = None,
    ) -> None:
        self._hits = hits
        self.tree.setUpdatesEnabled(False)  # one repaint for the whole list
        self.tree.clear()
        self.error.setText(error)
        self.error.setVisible(bool(error))
        lines = 0
        items: list[QTreeWidgetItem] = []
        for i, hit in enumerate(hits):
            count = len(hit.matches)
            lines += count
            text, segments = hit_row(hit.path, count, LINE_CAP)
            item = QTreeWidgetItem([text])
            item.setData(0, SEGMENTS_ROLE, segments)
            item.setData(0, HIT_ROLE, i)
            item.setToolTip(0, hit.path)
            items.append(item)
            if i < EXPANDED_NOTES:
                self._fill(item)
            elif hit.matches:
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        if capped:
            more = QTreeWidgetItem([more_text(len(hits), total)])
            more.setData(0, MORE_ROLE, True)
            more.setForeground(0, self.palette().color(QPalette.ColorRole.Link))
            items.append(more)
        self.tree.addTopLevelItems(items)
        for item in items[:EXPANDED_NOTES]:
            item.setExpanded(True)
        self.tree.setUpdatesEnabled(True)
        if partial:
            self.summary.setText(f"Searching… {len(hits)} notes so far")
            return
        if error or not query.strip():
            self.summary.setText("")
        elif not hits and self._ready is not None and not self._ready():
            self.summary.setText("Indexing the vault… the search runs again when it is done")
        elif not hits:
            self.summary.setText("No results")
        elif capped and total is not None:
            self._show_total(total)
        elif capped:
            counting = " · counting…" if self._count is not None else f", {lines:,}+ lines"
            self.summary.setText(f"{len(hits):,}+ {self._noun()}{counting}")
        else:
            self.summary.setText(f"{len(hits):,} {self._noun()}, {lines:,} lines")
        self.search_finished.emit(query, len(hits))

    def _noun(self) -> str:
        return "notes" if all(is_note_path(h.path) for h in self._hits) else "files"

    def _show_total(self, total: TotalLike) -> None:
        """The summary of a page of hits, given everything the query matches."""
        lines = f", {total.lines:,} lines" if total.lines is not None else ""
        shown = len(self._hits)
        self.summary.setText(f"{total.notes:,} {self._noun()}{lines} · showing {shown:,}")
        last = self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
        if last is not None and last.data(0, MORE_ROLE):
            last.setText(0, more_text(shown, total))

    def _fill(self, item: QTreeWidgetItem) -> None:
        if item.childCount() or item.data(0, HIT_ROLE) is None:
            return
        hit = self._hits[int(item.data(0, HIT_ROLE))]
        for m in hit.matches:
            ranges = [(int(a), int(b)) for a, b in m.ranges]
            # Snippets of very long lines start inside the line; an engine that says where
            # (``offset``) gets exact columns, otherwise they count from the snippet.
            offset = int(getattr(m, "offset", 0))
            start, end = ranges[0] if ranges else (0, 0)
            child = QTreeWidgetItem([f"{m.line}: {m.text}"])
            segments = line_segments(m.text, ranges, prefix=str(m.line), cut=offset > 0)
            child.setData(0, SEGMENTS_ROLE, segments)
            child.setData(0, TARGET_ROLE, [hit.path, m.line, start + offset, end + offset])
            child.setToolTip(0, m.text)
            item.addChild(child)

    # -- slots ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the box goes to the results; Up on the first result (or Escape in them)
        goes back to the box."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.input and key == Qt.Key.Key_Down and self.tree.topLevelItemCount():
            self.tree.setFocus()
            first = self.tree.topLevelItem(0)
            if self.tree.currentItem() is None and first is not None:
                self.tree.setCurrentItem(first)
            return True
        if watched is self.tree and (
            key == Qt.Key.Key_Escape
            or (key == Qt.Key.Key_Up and self.tree.currentItem() is self.tree.topLevelItem(0))
        ):
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _on_input_text_changed(self, _text: str) -> None:
        self._limit = self._base_limit
        self._debounce.start()

    def _on_input_return_pressed(self) -> None:
        self._debounce.stop()
        self._start()

    def _show_more(self) -> None:
        self._limit *= 4
        self._start()

    def _on_partial_arrived(self) -> None:
        latest = self._partial.take() if self._partial is not None else None
        if latest is None or latest[0] != self._seq or not self._running:
            return
        # a quick search just finishes: showing its hits twice would only cost time
        if time.monotonic() - self._started >= PARTIAL_AFTER_S:
            self._show(list(latest[1]), self.input.text(), partial=True)

    def _on_debounce_timeout(self) -> None:
        self._start()

    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._fill(item)

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, TARGET_ROLE)
        hit_index = item.data(0, HIT_ROLE)
        if item.data(0, MORE_ROLE):
            self._show_more()
        elif target:
            path, line, start, end = target
            self.open_at_requested.emit(str(path), int(line), int(start), int(end))
        elif hit_index is not None and not self._hits[int(hit_index)].matches:
            self._open_whole(self._hits[int(hit_index)].path)
        else:
            item.setExpanded(not item.isExpanded())

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.data(0, MORE_ROLE):
            self._show_more()
            return
        target = item.data(0, TARGET_ROLE)
        if target is None and item.childCount() == 0:
            self._fill(item)
        first = item.child(0) if item.childCount() else None
        if target is None and first is not None:
            target = first.data(0, TARGET_ROLE)  # Enter on a note: its first match
        if target:
            path, line, start, end = target
            self.open_at_requested.emit(str(path), int(line), int(start), int(end))
        elif item.data(0, HIT_ROLE) is not None:  # no lines: the note at its top, or the file
            self._open_whole(self._hits[int(item.data(0, HIT_ROLE))].path)

    def _open_whole(self, path: str) -> None:
        if is_note_path(path):
            self.open_at_requested.emit(path, 1, 0, 0)
        else:
            self.open_file_requested.emit(path, False)
