"""The main window's menu bar and its actions (File, Edit, Go, View, Help)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from notedesk.app.editmenus import EditMenus

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow


def window_action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | str | None = None,
) -> QAction:
    """An action owned by the window, so its shortcut works wherever focus is."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """Create the menus and actions; other modules add theirs to these menus later."""
    menu = window.menuBar()

    def act(
        text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        return window_action(window, text, slot, shortcut)

    window.file_menu = menu.addMenu("&File")
    window.action_open_vault = act("Open &Vault…", window.open_vault_requested.emit, "Ctrl+Shift+O")
    window.action_open_file = act("Open &File…", window.open_file_requested.emit)
    window.recent_menu = QMenu("R&ecent Vaults", window)
    window.action_save = act("&Save", window.save_current, QKeySequence.StandardKey.Save)
    window.action_close_tab = act("&Close Tab", window.close_current_tab, "Ctrl+W")
    window.action_quit = act("&Quit", window.close, QKeySequence.StandardKey.Quit)
    window.file_menu.addAction(window.action_open_vault)
    window.file_menu.addMenu(window.recent_menu)
    window.file_menu.addAction(window.action_open_file)
    window.file_menu.addSeparator()
    window.file_menu.addAction(window.action_save)
    window.file_menu.addAction(window.action_close_tab)
    window.file_menu.addSeparator()
    window.file_menu.addAction(window.action_quit)

    window.edit_menu = menu.addMenu("&Edit")
    window.go_menu = menu.addMenu("&Go")
    window.action_back = act("&Back", window.go_back, "Alt+Left")
    window.action_forward = act("&Forward", window.go_forward, "Alt+Right")
    window.go_menu.addAction(window.action_back)
    window.go_menu.addAction(window.action_forward)
    window.go_menu.addSeparator()

    window.view_menu = menu.addMenu("&View")
    window.action_toggle_mode = act("Toggle &Source/Reading", window.toggle_mode, "Ctrl+E")
    window.view_menu.addAction(window.action_toggle_mode)
    window.mode_group = QActionGroup(window)
    window.mode_actions = {}
    for mode, label in (
        ("split", "Si&de by Side"),
        ("source", "Source &Only"),
        ("preview", "&Reading View"),
    ):
        action = act(label, lambda m=mode: window.set_mode(m))
        action.setCheckable(True)
        window.mode_group.addAction(action)
        window.view_menu.addAction(action)
        window.mode_actions[mode] = action
    window.view_menu.addSeparator()
    window.action_left_sidebar = act("&Left Sidebar", window.toggle_left, "Ctrl+Shift+L")
    window.action_right_sidebar = act("R&ight Sidebar", window.toggle_right, "Ctrl+Shift+R")
    for action in (window.action_left_sidebar, window.action_right_sidebar):
        action.setCheckable(True)
        action.setChecked(True)
        window.view_menu.addAction(action)
    window.view_menu.addSeparator()
    theme_menu = window.view_menu.addMenu("&Theme")
    window.theme_group = QActionGroup(window)
    window.theme_actions = {}
    for choice, label in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
        action = act(label, lambda c=choice: window.theme_requested.emit(c))
        action.setCheckable(True)
        action.setProperty("palette_label", f"Theme: {label.replace('&', '')}")
        window.theme_group.addAction(action)
        theme_menu.addAction(action)
        window.theme_actions[choice] = action
    window.help_menu = menu.addMenu("&Help")
    window.edit_menus = EditMenus(window)


def fill_recent_vaults(window: MainWindow, paths: list[str]) -> None:
    window.recent_menu.clear()
    for path in paths:
        action = window.recent_menu.addAction(path)
        action.setProperty("palette_label", f"Open Recent Vault: {path}")
        action.triggered.connect(lambda _c=False, p=path: window.open_vault_path_requested.emit(p))
    window.recent_menu.setEnabled(bool(paths))
