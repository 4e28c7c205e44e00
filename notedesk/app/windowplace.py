"""Where a window goes: its first size and place on its screen, brought to the front."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FIRST_SIZE = (1280, 800)  # the first window's size, where the screen has room for it
SCREEN_SHARE = 0.9  # at most this share of the screen's free area


def fit_to_screen(window: QWidget) -> None:
    """The first window: FIRST_SIZE, or less so it fits on its screen, centred there."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(*FIRST_SIZE)
        return
    area = screen.availableGeometry()
    width = min(FIRST_SIZE[0], int(area.width() * SCREEN_SHARE))
    height = min(FIRST_SIZE[1], int(area.height() * SCREEN_SHARE))
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)


def bring_to_front(window: QWidget) -> None:
    """Shown, not minimised, raised and active (as far as the window manager lets it)."""
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def fits_on_screen(window: QWidget) -> bool:
    """The window (a restored geometry, say) lies within one current screen's free area."""
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return True
    slack = 16  # a window manager's frame may reach a little beyond the free area
    geometry = window.geometry()
    return any(
        screen.availableGeometry().adjusted(-slack, -slack, slack, slack).contains(geometry)
        for screen in QGuiApplication.screens()
    )


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """``dialog`` at ``width`` x ``height`` or less, so it fits its screen's free area
    (at most SCREEN_SHARE of it), centred on its parent or else on the screen."""
    parent = dialog.parentWidget()
    screen = (parent.screen() if parent is not None else None) or dialog.screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        dialog.resize(width, height)
        return
    area = screen.availableGeometry()
    most_width = int(area.width() * SCREEN_SHARE)
    most_height = int(area.height() * SCREEN_SHARE)
    dialog.setMaximumSize(area.width(), area.height())  # never beyond the screen
    dialog.resize(min(width, most_width), min(height, most_height))
    centre = parent.frameGeometry().center() if parent is not None else area.center()
    left = min(max(centre.x() - dialog.width() // 2, area.left()), area.right() - dialog.width())
    top = min(max(centre.y() - dialog.height() // 2, area.top()), area.bottom() - dialog.height())
    dialog.move(left, top)
