"""Search panel (Ctrl+Shift+F): the vault query language, results grouped by note.

Queries run off the UI thread (``SearchRunner``, searchrunner.py): typing restarts
a short debounce, then the newest query replaces the running one. A long search
shows the hits it has so far; a query with more hits than are listed is counted
after its first page has painted, and the total is shown with it. "Show more
results" keeps the total already counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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

from notedesk.app.background import run_in_background
from notedesk.app.widgets.searchrows import SEGMENTS_ROLE, SegmentDelegate, hit_row, line_segments
from notedesk.app.widgets.searchrunner import HitLike, Runner, SearchRunner, TotalLike
from notedesk.app.widgets.themelook import error_look, follow_palette, recolour_items
from notedesk.core.vault import is_note_path

_LINK = [(QPalette.ColorGroup.Active, QPalette.ColorRole.Link)]

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1  # [path, line, start, end] on line rows
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # position in the shown hit list on note rows
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # the "Show more results" row
EXPANDED_NOTES = 25  # notes shown expanded; the others fill in when opened
LINE_CAP = 20  # the engine's per-note cap: a note at it says "20+"


def more_text(shown: int, total: TotalLike | None) -> str:
    """The "Show more results" row: how many are not listed yet, once counted."""
    if total is None or total.notes <= shown:
        return "Show more results…"
    return f"Show more results ({total.notes - shown:,} more)…"


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
        self._ready = ready  # False while the index is being built: no results is no answer
        self._runner = SearchRunner(search, count, runner, self)
        self._base_limit = limit
        self._limit = limit  # grows by "Show more results"; back to the base on a new query
        self._hits: list[HitLike] = []
        self.input = QLineEdit(self)
        self.input.setPlaceholderText('Search: words, "phrase", tag:x, path:y, -not, /re/')
        self.input.setClearButtonEnabled(True)
        self.input.setAccessibleName("Search the vault")
        self.setFocusProxy(self.input)  # the panel shown from its tab: typing searches
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Search error")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error_look(self.error)
        self.error.hide()
        self.summary = QLabel(self)
        self.summary.setEnabled(False)
        self.summary.setWordWrap(True)  # a narrow sidebar wraps it: it never widens the panel
        # Says what the vault's settings keep out of every search ("Excluded files")
        self.excluded_note = QLabel(self)
        self.excluded_note.setEnabled(False)
        self.excluded_note.setWordWrap(True)
        self.excluded_note.hide()
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Search results")
        self.tree.setAccessibleDescription("Matching notes, each with its matching lines")
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setItemDelegate(SegmentDelegate(self.tree))
        follow_palette(self.tree, lambda old, new: recolour_items(self.tree, old, new, _LINK))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.input)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.excluded_note)
        layout.addWidget(self.tree, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.input.textChanged.connect(self._on_input_text_changed)
        self.input.returnPressed.connect(self._on_input_return_pressed)
        self.input.installEventFilter(self)
        self.tree.installEventFilter(self)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)
        self._runner.started.connect(self._on_runner_started)
        self._runner.partial.connect(self._on_runner_partial)
        self._runner.found.connect(self._on_runner_found)
        self._runner.failed.connect(self._on_runner_failed)
        self._runner.counted.connect(self._on_runner_counted)
        self._runner.count_failed.connect(self._on_runner_count_failed)

    # -- public --------------------------------------------------------------

    def set_excluded_note(self, text: str, tooltip: str = "") -> None:
        """A standing line under the results' summary ("" hides it)."""
        self.excluded_note.setText(text)
        self.excluded_note.setToolTip(tooltip)
        self.excluded_note.setVisible(bool(text))

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
        self._runner.forget_total()  # counted on the old index
        if self.input.text().strip():
            self._debounce.start()

    def hits(self) -> list[HitLike]:
        return list(self._hits)

    # -- running -------------------------------------------------------------

    def _start(self) -> None:
        query = self.input.text()
        if not query.strip():
            self._runner.stop()
            self._show([], query)
            return
        self._runner.start(query, self._limit)

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
            counting = " · counting…" if self._runner.counts else f", {lines:,}+ lines"
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

    def _on_runner_started(self) -> None:
        self.summary.setText("Searching…")

    def _on_runner_partial(self, hits: list[HitLike]) -> None:
        self._show(hits, self.input.text(), partial=True)

    def _on_runner_found(
        self, query: str, hits: list[HitLike], capped: bool, total: TotalLike | None
    ) -> None:
        self._show(hits, query, capped=capped, total=total)

    def _on_runner_failed(self, query: str, message: str) -> None:
        self._show([], query, error=message)

    def _on_runner_counted(self, query: str, total: TotalLike) -> None:
        self._show_total(total)
        self.total_shown.emit(query, int(total.notes))

    def _on_runner_count_failed(self) -> None:
        self.summary.setText(f"{len(self._hits):,}+ {self._noun()}")

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
