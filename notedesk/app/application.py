"""Composition root: builds the core objects and the window, and wires them."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from notedesk.app import eventlog
from notedesk.app.launch import run_gui
from notedesk.app.previewsetup import install_preview
from notedesk.app.qttypes import make_widget_types
from notedesk.app.runtime import _shared, release_qt_objects, theme_manager
from notedesk.app.startmodules import (
    INDEX_MODULES,
    INDEX_UI_MODULES,
    LATE_MODULES,
    NOTE_MODULES,
    NOTE_UI_MODULES,
    PANEL_MODULES,
)
from notedesk.app.windowrequests import WindowRequests
from notedesk.core.locations import choose_vault, enclosing_vault, start_note, unreadable_reason

__all__ = ["AppController", "choose_vault", "enclosing_vault", "release_qt_objects", "run_gui"]

if TYPE_CHECKING:
    from collections.abc import Callable

    from notedesk.app.indexservice import IndexService
    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.startsteps import Step

log = logging.getLogger(__name__)


class AppController(QObject):
    """Owns the long-lived objects of one open vault and wires them.

    Signals:
        vault_switch_requested(path): the user chose another vault folder.
    """

    vault_switch_requested = Signal(str)

    def __init__(self, target: Path | None, current: Path | None = None) -> None:
        """``target``: the folder or note asked for (None: the last vault); ``current``:
        the vault open until now, where a note asked for may be."""
        super().__init__()
        from notedesk.app.renderqueue import RenderQueue
        from notedesk.app.settings import Settings
        from notedesk.core.journal import Journal
        from notedesk.core.ownwrites import OwnWrites
        from notedesk.core.vault import Vault

        self.settings = Settings()
        known = self.settings.recent_vaults
        if current is not None:
            known = [str(current), *known]
        self.choice = choose_vault(target, self.settings.last_vault, known)
        self.first_note = self.choice.first_note
        self.vault = Vault(self.choice.root)
        self.own_writes = OwnWrites()
        self.journal = Journal()
        # The index (and its SQLite cache) is set up right after the window is shown.
        self.index_service: IndexService = None  # type: ignore[assignment]
        self._render_fn: Callable[[str, str], str] | None = None
        self.renderer = RenderQueue(self._render)
        self.window: MainWindow | None = None
        self.bridge: object | None = None
        self.requests: WindowRequests | None = None
        self._closed = False

    # -- start-up --------------------------------------------------------------

    def start(self) -> None:
        from notedesk.app.mainwindow import MainWindow
        from notedesk.app.windowplace import fit_to_screen, fits_on_screen

        window = MainWindow(
            self.vault, self.renderer, own_writes=self.own_writes, journal=self.journal
        )
        self.window = window
        geometry = self.settings.geometry("main")
        if geometry is not None:
            window.restoreGeometry(geometry)
            if not fits_on_screen(window):  # saved on a larger or an unplugged screen
                fit_to_screen(window)
        layout = self.settings.geometry("layout")
        if layout is not None:
            window.splitter.restoreState(layout)
        window.tab_area.default_mode = self.settings.value("view/mode", "split")
        window.show_mode_state()
        window.mode_chosen.connect(lambda mode: self.settings.set_value("view/mode", mode))
        theme = theme_manager(self.settings.value("view/theme", "system"))
        window.set_theme_choice(theme.choice)
        requests = self.requests = WindowRequests(self)
        theme.theme_changed.connect(requests.on_theme_changed)
        window.show()
        eventlog.event("window_shown")
        if self.choice.remember:
            self.settings.remember_vault(str(self.vault.root))
        window.set_recent_vaults(self.settings.recent_vaults)
        if self.choice.notice:
            window.show_vault_notice(self.choice.notice)

    def load_rest(self, staged: bool = False) -> None:
        """After the window is shown: QtWebEngine, vault listing and index, first note, wiring.

        ``staged``: each step in its own event-loop turn, so no single step blocks
        the window for long (the app does this; tests want it all at once).
        QtWebEngine's start-up blocks the UI thread for a moment and cannot be split:
        it comes first, before the listing and the index load start, when a note opens
        at start (with that note's web view, see ``install_preview``); otherwise once
        the index is ready (or a note is opened). Until the
        index is ready only what the tree and the tags need runs (the index load
        itself, the listing, the panels); the rest of the wiring follows.
        """
        from notedesk.app.background import favour_ui_thread

        favour_ui_thread()
        self._start_stall_monitor()
        if not staged:
            self._load_preview_step()
            self._load_index_and_listing()
            self._load_notes_step()
            for step in self._wiring_steps():
                step.run()
            return
        from notedesk.app.startsteps import Step, run_steps

        panels, files, editing, safety = self._wiring_steps()
        notes_at_start = self._opens_notes_at_start()
        index_step = Step(self._load_index_and_listing, INDEX_MODULES, ui_modules=INDEX_UI_MODULES)
        if notes_at_start:
            # The note's editor modules load off the UI thread while the index step runs.
            steps = [
                Step(self._load_preview_step),
                index_step,
                Step(
                    self._load_notes_step,
                    NOTE_MODULES,
                    gate=make_widget_types,
                    ui_modules=NOTE_UI_MODULES,
                ),
                panels,
            ]
        else:
            # Nothing to preview yet: the tree and the tags come first.
            steps = [
                index_step,
                panels,
                Step(self._preview_when_needed, gate=make_widget_types),
            ]
        # Unsaved notes are saved (and journaled) from the start, not once a large vault
        # is indexed: a quit meanwhile saves them too. The rest waits for the index.
        steps.append(safety)
        steps.append(Step(files.run, LATE_MODULES, self._when_index_settled, files.ui_modules))
        steps.append(editing)
        run_steps(steps, lambda: self._closed)

    def _when_index_settled(self, go: Callable[[], None]) -> None:
        """Call ``go`` once the index is ready or has failed (at once if it already is)."""
        service = self.index_service
        if service.ready:
            go()
            return
        called = False

        def once(*_args: object) -> None:
            nonlocal called
            if not called:
                called = True
                go()

        service.index_ready.connect(once)
        service.index_failed.connect(once)

    def _start_stall_monitor(self) -> None:
        self.stall_monitor = None
        if eventlog.enabled():
            from notedesk.app.stallmonitor import StallMonitor

            self.stall_monitor = StallMonitor(self)
            self.stall_monitor.start()

    def _render(self, text: str, source: str) -> str:
        # Runs on the render thread; tabs (and so renders) exist only after the index does.
        assert self._render_fn is not None
        return self._render_fn(text, source)

    def _load_index_and_listing(self) -> None:
        from notedesk.app.indexservice import IndexService
        from notedesk.app.renderhost import PreviewRenderer
        from notedesk.app.vaultlisting import list_into_tree

        self.index_service = IndexService(self.vault)
        self._render_fn = PreviewRenderer(self.vault, self.index_service)

        window = self.window
        assert window is not None
        if not os.access(self.vault.root, os.R_OK | os.X_OK):
            window.show_vault_problem(
                f"notedesk cannot read the folder {self.vault.root}: permission denied. "
                "Choose another vault with File › Open Vault."
            )
        list_into_tree(window, self.vault, lambda: self._closed, self._on_tree_shown)
        service = self.index_service
        service.build_progressed.connect(window.set_progress)
        service.index_ready.connect(self._on_index_ready)
        service.index_changed.connect(self._on_index_changed)
        service.index_failed.connect(lambda msg: window.statusBar().showMessage(msg, 15000))
        service.start()

    def _load_preview_step(self) -> None:
        assert self.window is not None
        if self.stall_monitor is not None:
            self.stall_monitor.measure_separately("preview_setup")
        window = self.window
        # With a note about to open, its preview is made (and first drawn) in this step.
        first_view = not window.note_tabs() and self._opens_notes_at_start()
        install_preview(window, self.vault, make_first_view=first_view)

    def _opens_notes_at_start(self) -> bool:
        root = self.vault.root
        first = [self.first_note] if self.first_note else self.settings.open_tabs(str(root))
        return any(_is_file(root / p) for p in first) or start_note(root) is not None

    def _preview_when_needed(self) -> None:
        """QtWebEngine is set up once the index is ready, or when a note is opened first."""
        from PySide6.QtCore import QTimer

        window = self.window
        assert window is not None
        done = False

        def set_up(*_args: object) -> None:
            nonlocal done
            if not done and not self._closed:
                done = True
                self._load_preview_step()  # the new tab gets its preview attached

        window.tab_area.tab_created.connect(set_up)
        self.index_service.index_ready.connect(lambda: QTimer.singleShot(0, window, set_up))
        if self.index_service.ready:
            QTimer.singleShot(0, window, set_up)

    def _load_notes_step(self) -> None:
        assert self.window is not None
        self._open_first_notes(self.window)

    def _wiring_steps(self) -> list[Step]:
        """The window's wiring in parts, each short enough for one event-loop turn
        (the modules each part needs are imported before it, one per turn)."""
        from notedesk.app.startsteps import Step

        window = self.window
        assert window is not None

        def panels() -> None:
            from notedesk.app.panels import Panels

            self.panels = Panels(window, self.index_service, self.vault)

        def files() -> None:
            from notedesk.app.fileswiring import FilesWiring

            self.files_wiring = FilesWiring(
                window, self.vault, self.index_service, self.own_writes, self.settings
            )

        def editor_and_watching() -> None:
            from notedesk.app.editorwiring import EditorWiring

            theme = theme_manager("system").effective
            self.editor_wiring = EditorWiring(window, self.index_service, theme)
            self._start_watching()

        def data_safety() -> None:
            from notedesk.app.datasafety import DataSafety

            self.data_safety = DataSafety(
                window,
                self.journal,
                vault=self.vault,
                own_writes=self.own_writes,
                bridge=self.bridge,
            )
            window.note_saved.connect(self._on_window_note_saved)

        return [
            Step(panels, PANEL_MODULES, ui_modules=["notedesk.app.panels"]),
            Step(files, ui_modules=["notedesk.app.fileswiring"]),
            Step(
                editor_and_watching, ui_modules=["notedesk.app.editorwiring", "notedesk.app.bridge"]
            ),
            Step(data_safety, ui_modules=["notedesk.app.datasafety"]),
        ]

    def _open_first_notes(self, window: MainWindow) -> None:
        root = str(self.vault.root)
        first = [self.first_note] if self.first_note else self.settings.open_tabs(root)
        places = {} if self.first_note else self.settings.tab_places(root)
        # Read before the tabs open: each one opened is remembered as the current one.
        current = self.settings.current_tab(root)
        for path in first:
            if _is_file(self.vault.root / path):
                tab = window.open_note(path, new_tab=True)
                place = places.get(path)
                if tab is not None and place is not None:
                    tab.editor.restore_place(*place)  # the scroll follows when it shows
        if not self.first_note and current and window.tab_for(current) is not None:
            window.open_note(current)
        if not window.note_tabs():
            start = start_note(self.vault.root)
            if start is not None:
                window.open_note(start)
        window.key_focus.focus_note()  # the keys go to the note, not the sidebar's tab bar

    def _start_watching(self) -> None:
        from notedesk.app.background import run_in_background
        from notedesk.app.bridge import WatchBridge

        bridge = WatchBridge(self.vault, self.own_writes, self)
        bridge.files_changed.connect(self.files_wiring.apply_events)
        self.bridge = bridge

        def started(_result: object) -> None:
            if self._closed:
                bridge.stop()  # shut down while the watches were being set up
                return
            if bridge.status and self.window is not None:
                self.window.statusBar().showMessage(bridge.status)

        def failed(exc: Exception) -> None:
            if self.window is not None:
                self.window.statusBar().showMessage(
                    f"Changes made by other programs are not watched: {exc}"
                )

        safety = getattr(self, "data_safety", None)
        if safety is not None:  # made before the watcher (see load_rest)
            safety.watch_bridge(bridge)
        # Setting up inotify watches walks every folder: not on the UI thread.
        run_in_background(bridge.start, started, failed)

    def _on_tree_shown(self, files: int) -> None:
        eventlog.event("tree_shown", files=files)
        if self.choice.wide and self.window is not None:
            self.window.show_vault_notice(
                f"{self.choice.notice} It holds {files} files, all listed, "
                "and its notes indexed, while this window is open."
            )
        if self.stall_monitor is not None:
            self.stall_monitor.report("until_tree")

    # -- index and files -------------------------------------------------------

    def _on_index_ready(self) -> None:
        eventlog.event("index_ready", notes=len(self.index_service.index.notes()))
        if self.stall_monitor is not None:
            from PySide6.QtCore import QTimer

            monitor = self.stall_monitor
            monitor.report("until_index")
            # Panels fill themselves after the index is ready: measured separately.
            QTimer.singleShot(3000, lambda: monitor.report("after_index"))
        if self.window is not None:
            for tab in self.window.note_tabs():
                tab.rerender()

    def _on_window_note_saved(self, path: str) -> None:
        # Saved before the files' wiring exists (it tells the index from then on): the
        # index, still being built, applies this once it is ready.
        if getattr(self, "files_wiring", None) is None:
            from notedesk.core.events import FileEvent

            self.index_service.apply([FileEvent("modified", path)])

    def _on_index_changed(self, _events: list[object]) -> None:
        if self.window is not None:
            tab = self.window.current_tab()
            if tab is not None:
                tab.rerender()

    # -- switching ----------------------------------------------------------------

    def cannot_open(self, target: Path) -> str:
        """Why the folder or note ``target`` the user picked cannot be opened ('' if it can)."""
        if _is_file(target):
            return ""
        reason = unreadable_reason(target)
        if not reason:
            return ""
        if reason == "not found" and target.suffix.lower() not in (".md", ".markdown"):
            return f"The vault {target} was not found (is its drive connected?)."
        return f"notedesk cannot open {target}: {reason}."

    def show_here(self, target: Path) -> bool:
        """Show ``target`` in this window if it is this vault, or a note whose vault this is
        (no deeper known or Obsidian vault holds it); False: another vault is to open."""
        from notedesk.core.locations import vault_for_file

        window = self.window
        if window is None:
            return False
        root = self.vault.root
        if not _is_file(target):
            return os.path.realpath(target) == os.path.realpath(root)
        known = [str(root), self.settings.last_vault, *self.settings.recent_vaults]
        hit = vault_for_file(target, known)
        if hit is None or os.path.realpath(hit[0]) != os.path.realpath(root):
            return False
        window.open_note(self.vault.rel(target), new_tab=True)  # the note shown stays open
        return True

    def show_cannot_open(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.window is not None:
            self.window.statusBar().showMessage(message, 15000)
            QMessageBox.warning(self.window, "Cannot open", message)

    # -- shutdown ----------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def close_window(self) -> bool:
        """Close the window (asking about unsaved notes); False if the user cancelled."""
        return self.window is None or self.window.close()

    def shutdown(self) -> None:
        if self._closed:
            return
        requests = self.requests
        if requests is not None:
            requests.remember_tabs(places=True)
        self._closed = True
        theme = _shared.get("theme")
        if theme is not None and requests is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                theme.theme_changed.disconnect(requests.on_theme_changed)  # type: ignore[attr-defined]
        window = self.window
        if window is not None:
            self.settings.set_geometry("main", window.saveGeometry())
            self.settings.set_geometry("layout", window.splitter.saveState())
        self.settings.sync()
        bridge = self.bridge
        stop = getattr(bridge, "stop", None)
        if stop is not None:
            stop()
        self.renderer.shutdown()
        if self.index_service is not None:
            self.index_service.close()


def _is_file(path: Path) -> bool:
    """``path`` is a file; False also when a folder on the way cannot be searched."""
    try:
        return path.is_file()
    except OSError:
        return False
