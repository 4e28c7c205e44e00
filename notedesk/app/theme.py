"""Light and dark: follows the system's colour scheme unless the user chose one."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from notedesk.app.focusstyle import install_focus_style, mark_inactive_selection

CHOICES = ("system", "light", "dark")

_DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e3e3e3",
    QPalette.ColorRole.Base: "#1b1b1d",
    QPalette.ColorRole.AlternateBase: "#26272b",
    QPalette.ColorRole.ToolTipBase: "#2b2c30",
    QPalette.ColorRole.ToolTipText: "#e3e3e3",
    QPalette.ColorRole.PlaceholderText: "#8a8a8a",
    QPalette.ColorRole.Text: "#dcddde",
    QPalette.ColorRole.Button: "#2a2b2f",
    QPalette.ColorRole.ButtonText: "#e3e3e3",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Highlight: "#7f6df2",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#a99cf7",
    QPalette.ColorRole.LinkVisited: "#c6a0f6",
    QPalette.ColorRole.Mid: "#3a3b40",
    QPalette.ColorRole.Dark: "#151517",
    QPalette.ColorRole.Light: "#3d3e44",
}


def system_scheme() -> str:
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


class ThemeManager(QObject):
    """Signals:
    theme_changed(effective): 'light' or 'dark' now applies.
    """

    theme_changed = Signal(str)

    def __init__(
        self, app: QApplication, choice: str = "system", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._choice = choice if choice in CHOICES else "system"
        install_focus_style(app)
        self._light_palette = QPalette(app.palette())
        self._effective = ""
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_hints_color_scheme_changed)
        self._apply()

    @property
    def choice(self) -> str:
        return self._choice

    @property
    def effective(self) -> str:
        return self._effective

    def set_choice(self, choice: str) -> None:
        if choice not in CHOICES:
            raise ValueError(choice)
        self._choice = choice
        self._apply()

    def _on_hints_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._choice == "system":
            self._apply()

    def _apply(self) -> None:
        effective = system_scheme() if self._choice == "system" else self._choice
        if effective == self._effective:
            return
        self._effective = effective
        if effective == "dark":
            palette = QPalette()
            for role, colour in _DARK.items():
                palette.setColor(role, QColor(colour))
            for role in (
                QPalette.ColorRole.Text,
                QPalette.ColorRole.WindowText,
                QPalette.ColorRole.ButtonText,
            ):
                palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7075"))
        else:
            palette = QPalette(self._light_palette)
        mark_inactive_selection(palette)
        self._app.setPalette(palette)
        self.theme_changed.emit(effective)
