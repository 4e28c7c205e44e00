"""The GUI process: Qt set-up, the application object, one session per open vault."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

# The pure-Python modules the window needs (notedesk.core never imports Qt) load
# here, before PySide6: PySide6's import hook reads the source file of every module
# imported after it. An installed app ships no sources and skips that read anyway.
import notedesk.core.history
import notedesk.core.journal
import notedesk.core.linkurls
import notedesk.core.wordcount  # noqa: F401
from notedesk.app import eventlog
from notedesk.app.runtime import (
    prepare_environment,
    quit_if_no_window,
    quit_on_signals,
    release_qt_objects,
)

if TYPE_CHECKING:
    from pathlib import Path

    from notedesk.app.application import AppController


def run_gui(target: Path | None) -> int:
    eventlog.event("process_main")
    from notedesk.app.handoff import hand_off

    # A notedesk already running (same user and settings) opens it: no second window.
    if hand_off(target):
        eventlog.event("handed_off")
        print("notedesk: opened in the notedesk window already running", file=sys.stderr)
        return 0
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    prepare_environment()
    # Only QtCore, QtGui and QtWidgets before the window shows: QtWebEngine (a large
    # library) loads right after, and registers its vault: scheme then (webprofile.py).
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    eventlog.event("qt_loaded")
    # QtWebEngine needs shared OpenGL contexts; it loads after the application
    # object exists, so it cannot set this itself.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    eventlog.event("qapplication_created")
    app.setApplicationName("notedesk")
    app.setOrganizationName("notedesk")
    app.setDesktopFileName("notedesk")

    from notedesk.app.application import AppController

    sessions: list[AppController] = []

    def open_session(path: Path | None, current: Path | None = None) -> None:
        controller = AppController(path, current)
        controller.vault_switch_requested.connect(switch)
        sessions.append(controller)
        controller.start()
        QTimer.singleShot(0, lambda: controller.load_rest(staged=True))

    def switch(path: str) -> None:
        from pathlib import Path

        old = sessions[-1]
        problem = old.cannot_open(Path(path))
        if problem:  # the open window stays as it is
            old.show_cannot_open(problem)
            return
        if old.close_window():
            old.shutdown()
            sessions.remove(old)
            open_session(Path(path), old.vault.root)

    def handed_over(path: Path | None) -> None:
        """A later start gave ``path`` (None: none) to this app: show it here."""
        eventlog.event("handed_over", path=str(path or ""))
        if not sessions:
            open_session(path)
            return
        current = sessions[-1]
        if current.window is not None:
            from notedesk.app.windowplace import bring_to_front

            bring_to_front(current.window)
        if path is not None and not current.closed and not current.show_here(path):
            switch(str(path))

    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(lambda: QTimer.singleShot(0, lambda: quit_if_no_window(app)))
    open_session(target)
    servers: list[object] = []

    def listen_for_later_starts() -> None:
        from notedesk.app.handoff import listen

        server = listen(handed_over, app)
        servers.append(server)
        eventlog.event("listening", ok=server is not None)

    QTimer.singleShot(0, listen_for_later_starts)
    # The icon (an SVG: it loads Qt's SVG plugin) is set once the window is shown;
    # the window manager picks it up from there.
    from PySide6.QtGui import QIcon

    from notedesk.resources import resource

    app.setWindowIcon(QIcon(str(resource("icons", "notedesk.svg"))))
    quit_on_signals(app)
    code = app.exec()
    from notedesk.app.background import stop_background_work

    # Unsaved notes were saved as the window closed (DataSafety) and at aboutToQuit:
    # what still runs in the background (an index build, scans) is of no use now.
    stop_background_work()
    for controller in sessions:
        controller.shutdown()
    release_qt_objects()
    # What is left (a large vault's index: millions of objects) goes with the process:
    # out of the collector's sight, the collection at interpreter exit skips it
    # instead of walking it for seconds.
    import gc

    gc.freeze()
    return int(code)
