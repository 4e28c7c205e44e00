"""Backlinks pane: linked and unlinked mentions of the current note, grouped by source."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notedesk.app.background import Cancel, run_in_background, single_thread_pool
from notedesk.app.widgets.backlinkrows import (
    LINK_COLUMN,
    LINK_KEY,
    LINK_ROLE,
    MORE_ROLE,
    TARGET_ROLE,
    BacklinkLike,
    linked_rows,
    unlinked_rows,
)
from notedesk.app.widgets.chunkfill import ChunkedFill
from notedesk.app.widgets.searchrows import SegmentDelegate
from notedesk.app.widgets.themelook import follow_palette, recolour_items
from notedesk.core.mentions import Mention
from notedesk.core.vault import is_note_path

KEY_PRESS = QEvent.Type.KeyPress
_LINK = [(QPalette.ColorGroup.Active, QPalette.ColorRole.Link)]

MAX_UNLINKED_ROWS = 300  # beyond this the list is cut
MAX_LINKED_ROWS = 1000  # a hub note can have thousands; the tree stays quick to build

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]


UnlinkedJob = Callable[
    [str, Collection[str] | None, Callable[[], bool]], Callable[[], list[Mention]]
]


def _run_scan(
    fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Exception], None]
) -> None:
    pool = single_thread_pool("unlinked mentions", QThread.Priority.LowPriority)
    run_in_background(fn, done, failed, pool)


def _linked_key(items: Sequence[BacklinkLike]) -> list[tuple[str, int, int, str]]:
    return [(b.source, b.line, b.link.col, b.context_text) for b in items]


class BacklinksPane(QWidget):
    """Signals:
    open_at_requested(path, line, start_col, end_col): the user clicked a mention
        (1-based line; 0-based columns in that line, end exclusive).
    link_mention_requested(source_path, line, start, end, target_path): the user pressed
        "Link" on an unlinked mention: replace columns ``start:end`` of ``line`` in
        ``source_path`` with a link to note ``target_path`` (keep the mentioned text as
        the link's shown text when it differs).

    ``linked(path)`` returns the note's backlinks (``VaultIndex.backlinks``). ``unlinked``
    is called on the UI thread as ``unlinked(path, only, cancelled)`` and returns a job
    run off the UI thread that returns the mentions; ``only`` limits the scan to those
    source notes (None: the whole vault); the job stops early once ``cancelled()`` is
    true (another note shown, a newer scan). Take any snapshot of the index in
    ``unlinked`` itself. Scans run one at a time on a low-priority thread of their own
    (``scan_runner``): reading every note of a large vault takes long, and must not
    hold up searches and backlinks, which share the common pool. ``terms_of(path)``
    gives the names the scan looks for (name and aliases): when the note itself
    changed but they did not, only the other changed notes are scanned again.
    """

    open_at_requested = Signal(str, int, int, int)
    link_mention_requested = Signal(str, int, int, int, str)
    linked_updated = Signal(int)
    unlinked_updated = Signal(int)

    def __init__(
        self,
        linked: Callable[[str], Sequence[BacklinkLike]],
        unlinked: UnlinkedJob | None = None,
        parent: QWidget | None = None,
        runner: Runner = run_in_background,
        targets_of: Callable[[str], Iterable[str | None]] | None = None,
        scan_runner: Runner | None = None,
        terms_of: Callable[[str], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._linked = linked
        self._unlinked = unlinked
        self._targets_of = targets_of
        self._terms_of = terms_of
        self._run = runner
        self._scan_run = scan_runner or _run_scan
        self._scan_cancel = Cancel()
        self._scan_terms: list[str] | None = None  # the names the last full scan looked for
        self._full_pending = False  # a scan of the whole vault has not reported yet
        self._path: str | None = None
        self._linked_key: list[tuple[str, int, int, str]] | None = None
        self._linked_sources: set[str] = set()
        self._mentions: list[Mention] = []
        self._linked_items: Sequence[BacklinkLike] = []
        self._linked_limit = MAX_LINKED_ROWS  # grows by "Show more"; back on another note
        self._seq = 0
        self._linked_seq = 0
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setAccessibleName("Backlinks")
        self.tree.setAccessibleDescription(
            "Linked and unlinked mentions of the current note in other notes"
        )
        # The "Link" cells and "Show more" rows are drawn in the link colour: the theme's.
        follow_palette(self.tree, lambda old, new: recolour_items(self.tree, old, new, _LINK))
        self.tree.setHeaderHidden(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Rows fitted to the pane's width when painted: the link shows however narrow it is.
        self.tree.setItemDelegateForColumn(0, SegmentDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.linked_section = QTreeWidgetItem(["Linked mentions"])
        self.unlinked_section = QTreeWidgetItem(["Unlinked mentions"])
        for section in (self.linked_section, self.unlinked_section):
            font = section.font(0)
            font.setBold(True)
            section.setFont(0, font)
            self.tree.addTopLevelItem(section)
            section.setExpanded(True)
        self.unlinked_section.setHidden(unlinked is None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        # Large sections are built over several event-loop turns (a hub note has
        # thousands of mentions) and shown at once; the signals follow.
        self._linked_fill = ChunkedFill(self)
        self._unlinked_fill = ChunkedFill(self)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        for watched in (self.tree, self.tree.viewport()):  # L and the context menu link
            watched.installEventFilter(self)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self._set_linked([])
        self._set_unlinked([], announce=False)

    # -- public --------------------------------------------------------------

    @property
    def path(self) -> str | None:
        return self._path

    def set_note(self, path: str | None) -> None:
        """Show the mentions of note ``path`` (None: no note)."""
        if path == self._path:
            return
        self._path = path
        self._linked_key = None
        self._linked_limit = MAX_LINKED_ROWS
        self._mentions = []
        self._set_linked([])  # never show the previous note's links under this one
        self._set_unlinked([], announce=False)
        self.refresh()

    def refresh(self, changed: Collection[str] | None = None) -> None:
        """Bring both sections up to date with the index.

        ``changed``: the vault paths the index just re-read, when known; the unlinked
        scan then re-reads only those notes (and everything when the current note itself
        changed, as its aliases may have). Unchanged sections are not rebuilt.
        """
        path = self._path
        if path is None:
            self._linked_seq += 1
            self._seq += 1
            if self._linked_key != []:
                self._linked_key = []
                self._set_linked([])
            return
        if self._linked_relevant(path, changed):
            self._linked_seq += 1
            linked_seq = self._linked_seq
            linked = self._linked
            if self._linked_key is None:
                self.linked_section.setText(0, "Linked mentions (searching…)")
            self._run(
                lambda: list(linked(path)),
                lambda items: self._on_linked_done(linked_seq, items),
                lambda exc: self._on_linked_failed(linked_seq, exc),
            )
        # Unlinked mentions are of notes: a text file (LICENSE) has none, no scan for it.
        self.unlinked_section.setHidden(self._unlinked is None or not is_note_path(path))
        if self._unlinked is None or not is_note_path(path):
            self._seq += 1
            self._scan_cancel.set()
            return
        only = self._scan_scope(path, changed)
        if only is not None and not only:
            return
        self._seq += 1
        seq = self._seq
        self._scan_cancel.set()  # a scan still running or waiting is of no use now
        cancel = self._scan_cancel = Cancel()
        if only is None:
            self._scan_terms = self._terms_of(path) if self._terms_of is not None else None
        self._full_pending = only is None
        job = self._unlinked(path, only, cancel.is_set)
        self.unlinked_section.setText(0, "Unlinked mentions (searching…)")

        def scan() -> list[Mention]:
            return [] if cancel.is_set() else job()

        def done(found: list[Mention]) -> None:
            self._on_scan_done(seq, only, found)

        def failed(exc: Exception) -> None:
            self._on_scan_failed(seq, exc)

        self._scan_run(scan, done, failed)

    def _scan_scope(self, path: str, changed: Collection[str] | None) -> set[str] | None:
        """The notes to scan again (None: all): the changed ones, or all when the note's
        own names may have changed."""
        if changed is None or self._full_pending:
            return None  # a whole-vault scan cut short is started again, not patched
        if path in changed:
            if self._terms_of is None or self._terms_of(path) != self._scan_terms:
                return None
            return set(changed) - {path}  # its text changed, not its names
        return set(changed)

    def _linked_relevant(self, path: str, changed: Collection[str] | None) -> bool:
        if changed is None or self._linked_key is None or path in changed:
            return True
        if not self._linked_sources.isdisjoint(changed):
            return True  # a linking note changed: its link may be gone or moved
        if self._targets_of is None:
            return bool(changed)
        return any(path in self._targets_of(source) for source in changed)

    def linked_count(self) -> int:
        return len(self._linked_key or [])

    def mentions(self) -> list[Mention]:
        return list(self._mentions)

    # -- building ------------------------------------------------------------

    def _set_linked(
        self, items: Sequence[BacklinkLike], announce: bool = False, keep_scroll: int | None = None
    ) -> None:
        """Show ``items`` (over several turns when many); ``linked_updated`` follows.
        ``keep_scroll``: the list's scroll position to put back once they are shown."""
        section = self.linked_section
        section.takeChildren()
        self._linked_items = items
        limit = self._linked_limit

        def done() -> None:
            more = len(items) - limit
            notes = len({b.source for b in items})
            in_notes = f" in {notes} notes" if notes > 1 else ""
            suffix = f", first {limit} shown" if more > 0 else ""
            section.setText(0, f"Linked mentions ({len(items)}{in_notes}{suffix})")
            section.setToolTip(0, section.text(0))
            if more > 0:
                step = min(more, MAX_LINKED_ROWS)
                row = QTreeWidgetItem([f"Show {step} more of {more}…"])
                row.setData(0, MORE_ROLE, True)
                row.setForeground(0, self.palette().color(QPalette.ColorRole.Link))
                section.addChild(row)
            section.setExpanded(True)
            if keep_scroll is not None:
                self.tree.doItemsLayout()  # the new rows counted in the scroll range now
                self.tree.verticalScrollBar().setValue(keep_scroll)
            if announce:
                self.linked_updated.emit(len(items))

        self._linked_fill.start(linked_rows(section, items[:limit]), done)

    def _set_unlinked(self, mentions: list[Mention], announce: bool = True) -> None:
        """Show ``mentions`` (over several turns when many); ``unlinked_updated`` follows."""
        self._mentions = mentions
        section = self.unlinked_section
        target = self._path or ""
        font = self.tree.font()
        font.setUnderline(True)
        rows = unlinked_rows(
            section,
            mentions[:MAX_UNLINKED_ROWS],
            target,
            self.palette().color(QPalette.ColorRole.Link),
            font,
        )

        def done() -> None:
            more = len(mentions) - MAX_UNLINKED_ROWS
            suffix = f", first {MAX_UNLINKED_ROWS} shown" if more > 0 else ""
            section.setText(0, f"Unlinked mentions ({len(mentions)}{suffix})")
            if announce:
                self.unlinked_updated.emit(len(mentions))

        self._unlinked_fill.start(rows, done)

    # -- slots ---------------------------------------------------------------

    def show_more_linked(self) -> None:
        """The next ``MAX_LINKED_ROWS`` linked mentions as well."""
        self._linked_limit += MAX_LINKED_ROWS
        # The rows shown so far stay where they were: the new ones come after them.
        self._set_linked(self._linked_items, keep_scroll=self.tree.verticalScrollBar().value())

    def _on_linked_done(self, seq: int, items: list[BacklinkLike]) -> None:
        if seq != self._linked_seq:
            return
        key = _linked_key(items)
        if key != self._linked_key:
            self._linked_key = key
            self._linked_sources = {b.source for b in items}
            self._set_linked(items, announce=True)
        else:
            self.linked_updated.emit(len(items))

    def _on_linked_failed(self, seq: int, exc: Exception) -> None:
        if seq == self._linked_seq:
            self._linked_key = None  # the next refresh fetches again
            self.linked_section.setText(0, f"Linked mentions (failed: {exc})")

    def _on_scan_done(self, seq: int, only: Collection[str] | None, found: list[Mention]) -> None:
        if seq != self._seq:
            return  # a newer scan (another note, a later change) owns the section
        self._full_pending = False
        if only is not None:
            kept = [m for m in self._mentions if m.source not in only]
            found = sorted([*kept, *found], key=lambda m: (m.source, m.line, m.start))
        self._set_unlinked(found)

    def _on_scan_failed(self, seq: int, exc: Exception) -> None:
        if seq == self._seq:
            self._full_pending = False
            self.unlinked_section.setText(0, f"Unlinked mentions (failed: {exc})")

    def link_mention(self, item: QTreeWidgetItem | None) -> bool:
        """Ask to link the unlinked mention of ``item``; False if it is not one."""
        link = item.data(LINK_COLUMN, LINK_ROLE) if item is not None else None
        if not link:
            return False
        source, line, start, end, target = link
        if not is_note_path(str(target)):
            return False
        self.link_mention_requested.emit(str(source), int(line), int(start), int(end), target)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """L on an unlinked mention links it (the key of its "Link" cell); so does its
        context menu (right click, or the Menu key on the current row)."""
        tree = self.tree
        if watched is tree and isinstance(event, QKeyEvent) and event.type() == KEY_PRESS:
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() == LINK_KEY and not mods and self.link_mention(tree.currentItem()):
                return True
        if isinstance(event, QContextMenuEvent) and watched in (tree, tree.viewport()):
            mouse = watched is tree.viewport()
            item = tree.itemAt(event.pos()) if mouse else tree.currentItem()
            if item is None or not item.data(LINK_COLUMN, LINK_ROLE):
                return False
            place = event.globalPos()
            if not mouse:
                place = tree.viewport().mapToGlobal(tree.visualItemRect(item).center())
            menu = QMenu(tree)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per opening
            action = menu.addAction("&Link This Mention", lambda: self.link_mention(item))
            action.setShortcut(QKeySequence(LINK_KEY))  # shown beside it
            menu.popup(place)
            return True
        return super().eventFilter(watched, event)

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        if column == LINK_COLUMN and self.link_mention(item):
            return
        self._on_tree_item_activated(item)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.data(0, MORE_ROLE):
            self.show_more_linked()
            return
        target = item.data(0, TARGET_ROLE)
        first = item.child(0) if item.childCount() > 0 else None
        if target is None and first is not None:
            target = first.data(0, TARGET_ROLE)  # a note row opens at its first mention
        if target:
            source, line, start, end = target
            self.open_at_requested.emit(str(source), int(line), int(start), int(end))
