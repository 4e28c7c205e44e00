"""Process-wide Qt pieces: environment, the shared theme and web profile, clean exit."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from notedesk.app.theme import ThemeManager
    from notedesk.app.webprofile import PreviewProfile


def prepare_environment() -> None:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    # Chromium refuses to run its sandbox as root; the preview's own CSP and
    # request blocking still apply.
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        flags = (flags + " --no-sandbox").strip()
    for flag in ("--disable-background-networking", "--disable-component-update"):
        if flag not in flags:
            flags = (flags + " " + flag).strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags


def release_qt_objects() -> None:
    """Delete windows, then the shared web profile, before the QApplication goes.

    QtWebEngine crashes at exit if a profile is destroyed while a page using it
    still exists; background jobs must also be done before their objects go.
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(10000)
    for widget in QApplication.topLevelWidgets():
        widget.hide()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    profile = _shared.pop("profile", None)
    if profile is not None:
        profile.deleteLater()  # type: ignore[attr-defined]
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()


def quit_if_no_window(app: QApplication) -> None:
    if not any(w.isVisible() for w in app.topLevelWidgets()):
        app.quit()


def quit_on_signals(app: QApplication) -> None:
    """SIGINT/SIGTERM close the window normally (unsaved-changes prompt included)."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def handler(_signum: int, _frame: object) -> None:
        QApplication.closeAllWindows()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    # Python runs signal handlers only between bytecodes; a timer gives it the chance.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


_shared: dict[str, object] = {}


def theme_manager(choice: str) -> ThemeManager:
    from PySide6.QtWidgets import QApplication

    from notedesk.app.theme import ThemeManager

    manager = _shared.get("theme")
    if not isinstance(manager, ThemeManager):
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        manager = ThemeManager(app, choice, app)
        _shared["theme"] = manager
    return manager


def preview_profile() -> PreviewProfile:
    """One profile per process (QtWebEngine profiles are heavy); owned by the QApplication."""
    from PySide6.QtWidgets import QApplication

    from notedesk.app.webprofile import PreviewProfile
    from notedesk.core.assets import AssetServer
    from notedesk.resources import resource

    profile = _shared.get("profile")
    if not isinstance(profile, PreviewProfile):
        profile = PreviewProfile(AssetServer(resource("preview")), QApplication.instance())
        _shared["profile"] = profile
    return profile
