"""One text zoom for the whole window: every editor tab and every preview, kept in the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.notetab import NoteTab

SETTING = "view/zoom"


class _Settings(Protocol):
    def value(self, key: str, default: str = "") -> str: ...
    def set_value(self, key: str, value: str) -> None: ...


class TextZoom(QObject):
    """Ctrl+= / Ctrl+- / Ctrl+0 (or Ctrl+wheel) in any tab zoom all tabs and previews.

    The zoom is a number of steps (an editor's point size above its normal size); a
    preview zooms by the factor its editor's text grew by.

    Signals:
        zoom_changed(steps): the window's text zoom is now ``steps`` (0 = normal size).
    """

    zoom_changed = Signal(int)

    def __init__(self, window: MainWindow, settings: _Settings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._applying = False
        try:
            self._steps = int(settings.value(SETTING, "0") or 0)
        except ValueError:
            self._steps = 0  # a hand-edited setting: the normal size
        window.tab_area.tab_created.connect(self._on_tab_area_tab_created)
        for tab in window.note_tabs():
            self._on_tab_area_tab_created(tab)
        self._add_actions()

    def _add_actions(self) -> None:
        """View › Zoom In / Zoom Out / Normal Text Size: the keys work wherever the focus
        is (the preview too), the menu and the command palette list them."""
        from notedesk.app.windowmenus import window_action

        window = self._window
        menu = window.view_menu
        menu.addSeparator()
        for text, change, keys in (
            ("&Zoom In", 1, ("Ctrl+=", "Ctrl++", "Ctrl+Shift+=")),
            ("Zoo&m Out", -1, ("Ctrl+-",)),
            ("Normal Te&xt Size", 0, ("Ctrl+0",)),
        ):
            action = window_action(
                window, text, lambda c=change: self.set_steps(self._steps + c if c else 0)
            )
            action.setShortcuts([QKeySequence(k) for k in keys])  # the first one is shown
            menu.addAction(action)

    @property
    def steps(self) -> int:
        return self._steps

    def set_steps(self, steps: int) -> None:
        """Zoom every tab to ``steps`` (each editor keeps it within its range) and save it."""
        tabs = self._window.note_tabs()
        self._applying = True  # the editors report their new zoom: not a new request
        try:
            for tab in tabs:
                tab.editor.set_zoom(steps)
        finally:
            self._applying = False
        if tabs:
            steps = tabs[0].editor.zoom()  # as the editors clamped it
        if steps == self._steps:
            return
        self._steps = steps
        for tab in tabs:
            self._zoom_preview(tab)
        self._settings.set_value(SETTING, str(steps))
        self.zoom_changed.emit(steps)

    def _on_tab_area_tab_created(self, tab: NoteTab) -> None:
        tab.editor.set_zoom(self._steps)
        tab.editor.zoom_changed.connect(self._on_editor_zoom_changed)
        tab.preview_attached.connect(lambda t=tab: self._on_tab_preview_attached(t))
        if tab.preview is not None:
            self._on_tab_preview_attached(tab)

    def _on_tab_preview_attached(self, tab: NoteTab) -> None:
        requested = getattr(tab.preview, "zoom_requested", None)
        if requested is not None:
            requested.connect(lambda change: self.set_steps(self._steps + change))
        self._zoom_preview(tab)

    def _on_editor_zoom_changed(self, steps: int) -> None:
        if not self._applying and steps != self._steps:
            self.set_steps(steps)

    @staticmethod
    def _zoom_preview(tab: NoteTab) -> None:
        set_zoom = getattr(tab.preview, "set_zoom", None)
        if set_zoom is not None:
            set_zoom(tab.editor.zoom_factor())
