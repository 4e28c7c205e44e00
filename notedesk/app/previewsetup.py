"""Sets up the preview (QtWebEngine) for a window: its tabs get preview views from now on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notedesk.app import eventlog
from notedesk.app.runtime import preview_profile, theme_manager

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.widgets.preview import PreviewView
    from notedesk.core.vault import Vault


def install_preview(window: MainWindow, vault: Vault, make_first_view: bool = False) -> None:
    """Load QtWebEngine and give ``window`` a factory of preview views.

    ``make_first_view``: a note is about to open. Its view is made now and drawn once:
    the window's first frame with a web view in it switches the window to GPU
    compositing (creating the OpenGL context and its shaders, 100-500 ms that cannot
    be split), and that happens here, with QtWebEngine's own start-up, instead of
    while the note opens and the index loads.
    """
    from notedesk.app.widgets.preview import PreviewView

    profile = preview_profile()
    profile.server.vault = vault
    theme = theme_manager("system")

    def new_view(parent: QWidget) -> PreviewView:
        view = PreviewView(profile.profile, parent)
        view.set_theme(theme.effective)
        view.content_shown.connect(lambda v: eventlog.event("preview_shown", version=v))
        return view

    made: list[PreviewView] = []
    if make_first_view:
        view = new_view(window)
        view.setGeometry(0, 0, 1, 1)
        view.show()
        window.repaint()  # drawn now, not at the next turn
        view.hide()
        made.append(view)

    def make_preview(parent: QWidget) -> PreviewView:
        if made:
            view = made.pop()
            view.setParent(parent)
            return view
        return new_view(parent)

    window.set_preview_factory(make_preview)
    eventlog.event("webengine_loaded")
