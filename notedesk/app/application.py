"""Composition root: builds the core objects and the window, and wires them."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from notedesk.app import eventlog


def _prepare_environment() -> None:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    # Chromium refuses to run its sandbox as root; the preview's own CSP and
    # request blocking still apply.
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        flags = (flags + " --no-sandbox").strip()
    for flag in ("--disable-background-networking", "--disable-component-update"):
        if flag not in flags:
            flags = (flags + " " + flag).strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")


def choose_vault(target: Path | None, last_vault: str) -> tuple[Path, str | None]:
    """The vault folder to open and, if any, the note to show first."""
    from notedesk.core.locations import ensure_sample_vault
    from notedesk.resources import resource

    if target is not None:
        target = target.absolute()
        if target.is_dir():
            return target, None
        return target.parent, target.name
    if last_vault and Path(last_vault).is_dir():
        return Path(last_vault), None
    sample = ensure_sample_vault(resource("sample-vault"))
    welcome = "Welcome to notedesk.md"
    return sample, welcome if (sample / welcome).is_file() else None


def run_gui(target: Path | None) -> int:
    eventlog.event("process_main")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from notedesk.app.scheme import register_scheme

    register_scheme()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("notedesk")
    app.setOrganizationName("notedesk")
    app.setDesktopFileName("notedesk")

    controller = AppController(target)
    controller.start()
    QTimer.singleShot(0, controller.load_rest)
    _quit_on_signals(app)
    code = app.exec()
    controller.shutdown()
    return int(code)


def _quit_on_signals(app: object) -> None:
    """SIGINT/SIGTERM close the window normally (unsaved-changes prompt included)."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def handler(_signum: int, _frame: object) -> None:
        QApplication.closeAllWindows()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    # Python runs signal handlers only between bytecodes; a timer gives it the chance.
    timer = QTimer(app)  # type: ignore[arg-type]
    timer.timeout.connect(lambda: None)
    timer.start(250)


class AppController:
    """Owns the long-lived objects of one running app."""

    def __init__(self, target: Path | None) -> None:
        from notedesk.app.renderqueue import RenderQueue
        from notedesk.app.settings import Settings
        from notedesk.core.vault import Vault

        self.settings = Settings()
        root, self.first_note = choose_vault(target, self.settings.last_vault)
        self.vault = Vault(root)
        self.renderer = RenderQueue(self._render)
        self.window: object | None = None

    def _render(self, text: str, source: str) -> str:
        from notedesk.app.basicrender import render_basic

        return render_basic(text)

    def start(self) -> None:
        from notedesk.app.mainwindow import MainWindow

        window = MainWindow(self.vault, self.renderer)
        self.window = window
        geometry = self.settings.geometry("main")
        if geometry is not None:
            window.restoreGeometry(geometry)
        window.show()
        eventlog.event("window_shown")
        self.settings.remember_vault(str(self.vault.root))

    def load_rest(self) -> None:
        """After the window is visible: the vault listing, QtWebEngine, the first note."""
        from notedesk.app.background import run_in_background
        from notedesk.app.mainwindow import MainWindow

        window = self.window
        assert isinstance(window, MainWindow)
        if not os.access(self.vault.root, os.R_OK | os.X_OK):
            window.show_vault_problem(
                f"notedesk cannot read the folder {self.vault.root}: permission denied. "
                "Choose another vault with File › Open Vault."
            )
        run_in_background(self._list_vault, self._on_vault_listed, self._on_vault_list_failed)
        self._load_preview(window)
        tabs = self.settings.open_tabs(str(self.vault.root))
        first = [self.first_note] if self.first_note else tabs
        for path in first:
            if (self.vault.root / path).is_file():
                window.open_note(path, new_tab=True)
        current = self.settings.current_tab(str(self.vault.root))
        if not self.first_note and current and window.tab_for(current) is not None:
            window.open_note(current)
        if not window.note_tabs():
            start = next(
                (
                    p
                    for p in ("Welcome to notedesk.md", "README.md", "Index.md")
                    if (self.vault.root / p).is_file()
                ),
                None,
            )
            if start is not None:
                window.open_note(start)
        window.tabs_changed.connect(self._on_window_tabs_changed)

    def _on_window_tabs_changed(self) -> None:
        from notedesk.app.mainwindow import MainWindow

        window = self.window
        if isinstance(window, MainWindow):
            current = window.current_tab()
            self.settings.remember_tabs(
                str(self.vault.root),
                [t.path for t in window.note_tabs()],
                current.path if current else "",
            )

    def _list_vault(self) -> tuple[list[str], list[str]]:
        files = [f.path for f in self.vault.iter_files()]
        folders = list(self.vault.iter_folders())
        return files, folders

    def _on_vault_listed(self, result: object) -> None:
        from notedesk.app.mainwindow import MainWindow

        window = self.window
        assert isinstance(window, MainWindow)
        files, folders = result  # type: ignore[misc]
        window.file_tree.set_paths(files, folders)
        current = window.current_tab()
        if current is not None:
            window.file_tree.select_path(current.path)
        eventlog.event("tree_shown", files=len(files))

    def _on_vault_list_failed(self, exc: Exception) -> None:
        from notedesk.app.mainwindow import MainWindow

        if isinstance(self.window, MainWindow):
            self.window.show_vault_problem(f"notedesk cannot list this vault: {exc}")

    def _load_preview(self, window: object) -> None:
        from notedesk.app.mainwindow import MainWindow
        from notedesk.app.webprofile import PreviewProfile
        from notedesk.app.widgets.preview import PreviewView
        from notedesk.core.assets import AssetServer
        from notedesk.resources import resource

        assert isinstance(window, MainWindow)
        from PySide6.QtWidgets import QApplication

        # Owned by the application, so the profile outlives every page that uses it.
        self.preview_profile = PreviewProfile(
            AssetServer(resource("preview"), self.vault), QApplication.instance()
        )

        def make_preview(parent: object) -> PreviewView:
            view = PreviewView(self.preview_profile.profile, parent)  # type: ignore[arg-type]
            view.content_shown.connect(lambda v: eventlog.event("preview_shown", version=v))
            return view

        window.set_preview_factory(make_preview)  # type: ignore[arg-type]
        eventlog.event("webengine_loaded")

    def shutdown(self) -> None:
        from notedesk.app.mainwindow import MainWindow

        window = self.window
        if isinstance(window, MainWindow):
            self.settings.set_geometry("main", window.saveGeometry())
            tabs = [t.path for t in window.note_tabs()]
            current = window.current_tab()
            self.settings.remember_tabs(str(self.vault.root), tabs, current.path if current else "")
        self.settings.sync()
        self.renderer.shutdown()
