"""Builds the side panels and popups of a vault window and wires them to the index.

Left: Files (the window's own), Search, Tags. Right: Backlinks, Outgoing links,
Outline. Popups: quick switcher (Ctrl+O) and command palette (Ctrl+P). The
panels only see callables over the index; the window carries out their requests.
"""

from __future__ import annotations

import posixpath
import sqlite3
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from notedesk.app.background import long_lived_allocations, quitting, run_low_priority
from notedesk.app.indexservice import IndexService
from notedesk.app.widgets.backlinks import BacklinksPane
from notedesk.app.widgets.outgoing import OutgoingPane
from notedesk.app.widgets.outline import OutlinePane
from notedesk.app.widgets.palette import CommandPalette, action_label
from notedesk.app.widgets.searchpanel import SearchPanel
from notedesk.app.widgets.switcher import QuickSwitcher
from notedesk.app.widgets.tagpanel import TagPanel
from notedesk.core.appsettings import ExcludedFiles
from notedesk.core.events import FileEvent
from notedesk.core.linkurls import new_note_path
from notedesk.core.linkwrite import LinkWriter
from notedesk.core.mentions import (
    changed_notes,
    mention_terms,
    scan_unlinked,
    word_index_expression,
)
from notedesk.core.search import Hit, SearchEngine, Total
from notedesk.core.vault import Vault, is_note_path

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.notetab import NoteTab

UNLINKED_LIMIT = 1000
# Index changes come in bursts (a sync, a checkout): the panels follow once the burst
# is quiet for this long, and at least this often while it lasts.
REFRESH_QUIET_MS = 150
REFRESH_MAX_WAIT_S = 1.0
# The switcher's names take a whole-vault read: rebuilt at most once per this interval.
SWITCHER_EVERY_MS = 1000


class Panels(QObject):
    """Owns the finding panels of one window."""

    def __init__(
        self,
        window: MainWindow,
        service: IndexService,
        vault: Vault,
        *,
        excluded: ExcludedFiles | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._vault = vault
        # Obsidian's "Excluded files": kept out of search, Quick Open and unlinked mentions
        self._excluded = excluded if excluded else None
        self._engine: SearchEngine | None = None  # made once the index (and its cache) is ready
        current = window.current_tab()
        self._current: str | None = current.path if current is not None else None

        self.search = SearchPanel(self._search, window, count=self._count, ready=self._ready)
        if self._excluded is not None:
            self.search.set_excluded_note(
                "Excluded files (Obsidian setting) are not searched",
                "Left out of search, Quick Open, unlinked mentions and link suggestions:\n"
                + "\n".join(self._excluded.sources),
            )
        self.tags = TagPanel(self._tag_tree, self._notes_with_tag, window)
        self.backlinks = BacklinksPane(
            self._linked,
            self._unlinked,
            window,
            targets_of=self._targets_of,  # type: ignore[arg-type]
            terms_of=self._mention_terms,
        )
        self.outgoing = OutgoingPane(self._outgoing, window)
        self.outline = OutlinePane(self._headings, window)
        # Its names are made ahead for the first Ctrl+O: work for later, at low priority.
        self.switcher = QuickSwitcher(
            self._switcher_names, self._recent, window, runner=run_low_priority
        )
        self.palette = CommandPalette(self._actions, window)
        # A note chosen: its editor takes the keys. A command runs where the keys were
        # (Move to Folder moves the tree's selection); the note takes them afterwards
        # unless the command put them somewhere (Show Backlinks: its list).
        self.switcher.focus_after_choice = window.key_focus.focus_note
        self.palette.command_triggered.connect(self._on_palette_command_triggered)
        window.add_left_panel(self.search, "Search")
        window.add_left_panel(self.tags, "Tags")
        window.add_right_panel(self.backlinks, "Backlinks")
        window.add_right_panel(self.outgoing, "Outgoing")
        window.add_right_panel(self.outline, "Outline")

        self.search.open_at_requested.connect(self._on_open_at_requested)
        self.search.open_file_requested.connect(window.open_file)
        self.backlinks.open_at_requested.connect(self._on_open_at_requested)
        self.backlinks.link_mention_requested.connect(self._on_backlinks_link_mention_requested)
        self.tags.open_requested.connect(self._on_open_requested)
        self.outgoing.open_requested.connect(self._on_outgoing_open_requested)
        self.outgoing.create_requested.connect(self._on_outgoing_create_requested)
        self.outline.heading_activated.connect(self._on_outline_heading_activated)
        self.switcher.open_requested.connect(self._on_open_requested)
        self.switcher.create_requested.connect(self._on_switcher_create_requested)
        window.current_note_changed.connect(self._on_window_current_note_changed)
        window.tag_requested.connect(self._on_window_tag_requested)
        window.tab_area.tab_created.connect(self._on_tab_area_tab_created)
        for tab in window.note_tabs():
            self._on_tab_area_tab_created(tab)
        self._changed: set[str] | None = set()
        self._first_change = 0.0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._refresh_panels)
        self._switcher_timer = QTimer(self)
        self._switcher_timer.setSingleShot(True)
        self._switcher_timer.setInterval(SWITCHER_EVERY_MS)
        self._switcher_timer.timeout.connect(self.switcher.refresh)
        service.index_ready.connect(self._on_service_index_ready)
        service.index_changed.connect(self._on_service_index_changed)
        self._add_actions()
        if service.ready:
            QTimer.singleShot(0, self, self._on_service_index_ready)

    # -- actions ---------------------------------------------------------------

    def _add_actions(self) -> None:
        window = self._window
        switcher = QAction("&Quick Switcher…", window)
        switcher.setShortcut("Ctrl+O")
        switcher.triggered.connect(lambda _c=False: self.switcher.popup())
        palette = QAction("Command &Palette…", window)
        palette.setShortcut("Ctrl+P")
        palette.triggered.connect(lambda _c=False: self.palette.popup())
        search = QAction("&Search in Vault", window)
        search.setShortcut("Ctrl+Shift+F")
        search.triggered.connect(lambda _c=False: self._show_search())
        shown = []
        for text, panel, left in (
            ("Show &Files", window.left_panels.widget(0), True),
            ("Show T&ags", self.tags, True),
            ("Show Bac&klinks", self.backlinks, False),
            ("Show O&utline", self.outline, False),
        ):
            action = QAction(text, window)
            action.triggered.connect(lambda _c=False, p=panel, s=left: self._show_panel(p, s))
            shown.append(action)
        for action in (switcher, palette, search):
            window.addAction(action)
            window.go_menu.addAction(action)
        for action in shown:
            window.addAction(action)
            window.view_menu.addAction(action)

    def _show_panel(self, panel: QWidget, left: bool) -> None:
        """Show a sidebar panel with its list taking the keys."""
        window = self._window
        (window.show_left_panel if left else window.show_right_panel)(panel)
        window.key_focus.focus_panel(panel, list_first=True)

    def _actions(self) -> Iterable[QAction]:
        """The window's commands, each once: a note's own Find (one per tab) is the
        window's Find."""
        window = self._window
        seen: set[str] = set()
        # The window's own actions first: theirs is the entry kept of the same name.
        ordered = sorted(window.findChildren(QAction), key=lambda a: a.parent() is not window)
        for action in ordered:
            text = action_label(action)
            if not text or action.isSeparator() or action.menu() is not None or text in seen:
                continue
            seen.add(text)
            yield action

    def _on_palette_command_triggered(self, _label: str) -> None:
        back = self.palette.gave_back
        if back is not None and QApplication.focusWidget() is back:
            self._window.key_focus.focus_note()

    def _show_search(self) -> None:
        self._window.show_left_panel(self.search)
        tab = self._window.current_tab()
        selected = tab.editor.textCursor().selectedText() if tab is not None else ""
        if selected and "\u2029" not in selected:
            self.search.set_query(selected)
        self.search.focus_query()

    # -- providers over the index (empty until it is ready) ---------------------

    def _ready(self) -> bool:
        return self._service.ready

    def _search(
        self,
        query: str,
        limit: int,
        cancelled: Callable[[], bool] | None = None,
        partial: Callable[[list[Hit]], None] | None = None,
    ) -> list[object]:
        if not self._ready():
            return []
        if self._engine is None:
            self._engine = self._make_engine()
        return list(self._engine.search(query, limit, cancelled, partial))

    def _make_engine(self) -> SearchEngine:
        excluded = self._excluded.excludes if self._excluded is not None else None
        return SearchEngine(self._service.index, self._service.store, excluded)

    def _count(self, query: str, cancelled: Callable[[], bool]) -> Total:
        if not self._ready():
            return Total(0, 0)
        if self._engine is None:
            self._engine = self._make_engine()
        return self._engine.count(query, cancelled)

    def _tag_tree(self) -> list[object]:
        return list(self._service.index.tag_tree()) if self._ready() else []

    def _notes_with_tag(self, tag: str) -> list[str]:
        return self._service.index.notes_with_tag(tag) if self._ready() else []

    def _linked(self, path: str) -> list[object]:
        return list(self._service.index.backlinks(path)) if self._ready() else []

    def _targets_of(self, path: str) -> list[str]:
        if not self._ready():
            return []
        return [r.path for r in self._service.index.outgoing(path) if r.path]

    def _mention_terms(self, path: str) -> list[str]:
        meta = self._service.index.note(path) if self._ready() else None
        return mention_terms(path, meta.aliases if meta else [])

    def _unlinked(
        self, path: str, only: Iterable[str] | None, cancelled: Callable[[], bool]
    ) -> Callable[[], object]:
        index = self._service.index
        terms = self._mention_terms(path)
        paths = sorted(only) if only is not None else (index.notes() if self._ready() else [])
        if self._excluded is not None:
            paths = [p for p in paths if not self._excluded.excludes(p)]
        read = self._vault.read_text
        store = index.store if only is None else None

        def scan() -> object:
            candidates = paths
            expression = word_index_expression(terms)
            if store is not None and expression is not None:
                # Only the notes the word index has the names in: reading every note of
                # a large vault took a minute.
                try:
                    found = store.paths_matching(expression)
                    candidates = [p for p in paths if p in found]
                except sqlite3.Error:
                    pass  # read them all
            return scan_unlinked(
                path, terms, candidates, read, limit=UNLINKED_LIMIT, cancelled=cancelled
            )

        return scan

    def _outgoing(self, path: str) -> list[object]:
        return list(self._service.index.outgoing(path)) if self._ready() else []

    def _headings(self, path: str) -> list[object]:
        return list(self._service.index.headings(path)) if self._ready() else []

    def _switcher_names(self) -> list[tuple[str, str, str]]:
        # Called off the UI thread; on a warm start this decodes every note's cached
        # metadata: long-lived objects, kept out of full garbage collections.
        if not self._ready():
            # The index is still being built: the listing has every note's name (no
            # aliases yet; the names are read again once the index is ready).
            rows = [
                (posixpath.splitext(posixpath.basename(f.path))[0], f.path, "name")
                for f in self._vault.iter_files()
                if is_note_path(f.path)
            ]
        else:
            with long_lived_allocations():
                names = self._service.index.completion_names(cancelled=quitting)
                rows = [(c.text, c.path, c.kind) for c in names]
        excluded = self._excluded
        return rows if excluded is None else [r for r in rows if not excluded.excludes(r[1])]

    def _recent(self) -> list[str]:
        history = self._window.history
        seen: list[str] = []
        for path in reversed(history.items()):
            if path not in seen:
                seen.append(path)
        return seen

    # -- updates ---------------------------------------------------------------

    def _set_note(self, path: str | None) -> None:
        self._current = path
        for pane in (self.backlinks, self.outgoing, self.outline):
            pane.set_note(path)

    def _on_window_current_note_changed(self, path: str) -> None:
        self._set_note(path or None)

    def _on_tab_area_tab_created(self, tab: NoteTab) -> None:
        tab.editor.cursorPositionChanged.connect(lambda t=tab: self._on_tab_cursor_moved(t))

    def _on_tab_cursor_moved(self, tab: NoteTab) -> None:
        if self._window.current_tab() is tab:
            self.outline.set_cursor_line(tab.editor.textCursor().blockNumber() + 1)

    def _on_service_index_ready(self) -> None:
        """Fill the panels one per event-loop turn, the tags first."""
        steps: list[Callable[[], None]] = [
            self._show_tags,
            self.search.refresh,
            lambda: self._set_note(self._current),
            self.switcher.refresh,  # reads the names off the UI thread
        ]

        def run(i: int) -> None:
            steps[i]()
            if i + 1 < len(steps):
                QTimer.singleShot(0, self, lambda: run(i + 1))

        run(0)

    def _show_tags(self) -> None:
        self.tags.refresh()
        from notedesk.app import eventlog

        eventlog.event("tags_shown")

    def _on_service_index_changed(self, events: list[FileEvent]) -> None:
        changed = changed_notes(events)
        if not self._refresh_timer.isActive():
            self._first_change = time.monotonic()
        if changed is None or self._changed is None:
            self._changed = None
        else:
            self._changed |= changed
        overdue = time.monotonic() - self._first_change >= REFRESH_MAX_WAIT_S
        self._refresh_timer.start(0 if overdue else REFRESH_QUIET_MS)
        if not self._switcher_timer.isActive():
            self._switcher_timer.start()

    def _refresh_panels(self) -> None:
        """Follow the index changes gathered since the last refresh."""
        changed, self._changed = self._changed, set()
        self.tags.refresh()
        self.backlinks.refresh(changed)
        self.outgoing.refresh()
        self.outline.refresh()

    # -- requests ----------------------------------------------------------------

    def _on_window_tag_requested(self, tag: str) -> None:
        self._window.show_left_panel(self.tags)
        self.tags.select_tag(tag)

    def _on_open_requested(self, path: str, new_tab: bool) -> None:
        self._window.open_note(path, new_tab)

    def _on_open_at_requested(self, path: str, line: int, start: int, end: int) -> None:
        tab = self._window.open_note(path)
        if tab is not None:
            tab.select_range(line, start, end)

    def _on_outgoing_open_requested(self, path: str, fragment: str) -> None:
        from notedesk.app.linkfollow import open_file

        open_file(self._window, path, fragment=fragment)

    def _on_outgoing_create_requested(self, target: str, source: str) -> None:
        from notedesk.app.linkfollow import follow_unresolved

        follow_unresolved(self._window, target, source, False)

    def _on_switcher_create_requested(self, name: str) -> None:
        # A typed name lands where an unresolved link from the current note would put it.
        from notedesk.app.linkfollow import new_note_folder_for

        tab = self._window.current_tab()
        source = tab.path if tab is not None else ""
        folder = new_note_folder_for(self._vault, source)
        self._window.create_note_requested.emit(new_note_path(name, source, folder), False)

    def _on_outline_heading_activated(self, line: int, slug: str) -> None:
        tab = self._window.current_tab()
        if tab is None:
            return
        tab.editor.go_to_line(line)
        tab.scroll_to_fragment(slug)

    def _on_backlinks_link_mention_requested(
        self, source: str, line: int, start: int, end: int, target: str
    ) -> None:
        """Turn a plain-text mention of note ``target`` into a link in the source's tab
        (one that resolves to ``target`` from there, in the vault's link style), then
        save it."""
        if not is_note_path(target):
            return  # only notes have unlinked mentions to link
        tab = self._window.open_note(source)
        if tab is None or tab.read_only:
            return
        mentioned = tab.text_range(line, start, end)
        if mentioned is None:
            return
        writer = tab.link_writer() if tab.link_writer is not None else LinkWriter(None)
        if tab.replace_range(line, start, end, writer.mention_link(target, source, mentioned)):
            self._window.save_tab(tab)
