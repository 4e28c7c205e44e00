"""The keyboard focus of a vault window.

F6 / Shift+F6 go round the window's parts (the left sidebar's current panel, the
current note, the right sidebar's current panel), Ctrl+Tab / Ctrl+Shift+Tab switch
note tabs wherever the focus is, and after the window changes under the user (a tab
closed, the mode switched, a sidebar hidden) the cursor is put where they will type
or read: the note's editor, or its preview in reading view. Esc in a sidebar goes
back to the note. The window's shortcuts win over the emacs keys of its one-line
text boxes (Ctrl+E is "end of line" there on Linux).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTabWidget, QWidget

from notedesk.app.windowmenus import window_action

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.notetab import NoteTab

_KEYS_OVER_BOXES = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
)  # a box keeps its plain and Shift keys (typing, Home, Shift+Left...)


class KeyFocus(QObject):
    """Owns the focus actions of ``window`` (in its View and Go menus)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        tab_area = window.tab_area
        tab_area.current_tab_changed.connect(self._on_current_tab_changed)
        tab_area.tab_created.connect(self._on_tab_created)
        window.installEventFilter(self)  # Esc left unhandled by a sidebar's widget
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

        self.actions: list[QAction] = []

        def act(text: str, slot: Callable[[], object], *keys: str) -> None:
            action = window_action(window, text, slot)
            action.setShortcuts([QKeySequence(k) for k in keys])  # the first one is shown
            self.actions.append(action)

        act("Ne&xt Tab", lambda: self.switch_tab(1), "Ctrl+Tab", "Ctrl+PgDown")
        prev_keys = ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+PgUp")
        act("Pre&vious Tab", lambda: self.switch_tab(-1), *prev_keys)
        act("Focus &Next Part of the Window", lambda: self.cycle(1), "F6")
        act("Focus Pre&vious Part of the Window", lambda: self.cycle(-1), "Shift+F6")
        act("Focus Not&e", self.focus_note)
        window.go_menu.addSeparator()
        for action in self.actions[:2]:
            window.go_menu.addAction(action)
        window.view_menu.addSeparator()
        for action in self.actions[2:]:
            window.view_menu.addAction(action)

    # -- moving the focus ------------------------------------------------------

    def note_view(self) -> QWidget | None:
        """What the current note shows for reading or typing: its preview in reading
        view, else its editor (None without a note)."""
        tab = self._window.current_tab()
        if tab is None:
            return None
        if tab.mode == "preview" and tab.preview is not None:
            return tab.preview
        return tab.editor

    def focus_note(self) -> bool:
        """Give the keys to the current note (see ``note_view``); False without one."""
        view = self.note_view()
        if view is None:
            return False
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_panel(self, page: QWidget, *, list_first: bool = False) -> None:
        """Give the keys to a sidebar page: its list with ``list_first`` (or when it has
        no input of its own), else what the page hands focus to (a search box)."""
        # A panel's main list is its ``tree`` or ``list`` (the tag tree, not the notes
        # under it); else the first list in it (the file tree).
        own = [getattr(page, name, None) for name in ("tree", "list")]
        found = [v for v in own if isinstance(v, QAbstractItemView)]
        found += page.findChildren(QAbstractItemView)
        lists = [v for v in found if v.isVisibleTo(page)]
        if page.focusProxy() is not None and not (list_first and lists):
            page.setFocus(Qt.FocusReason.OtherFocusReason)
        elif lists:
            lists[0].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def _parts(self) -> list[QWidget]:
        window = self._window
        return [window.left_panels, window.tab_area, window.right_panels]

    def _part_of(self, widget: QWidget | None) -> int:
        for i, part in enumerate(self._parts()):
            if widget is not None and (widget is part or part.isAncestorOf(widget)):
                return i
        return -1

    def cycle(self, step: int) -> None:
        """F6 (``step`` 1) / Shift+F6 (-1): the next part of the window that is shown."""
        parts = self._parts()
        here = self._part_of(QApplication.focusWidget())
        if here < 0:
            here = 1 if step < 0 else 0  # from nowhere: F6 starts at the note
        for n in range(1, len(parts) + 1):
            i = (here + step * n) % len(parts)
            part = parts[i]
            if not part.isVisible():
                continue
            if i == 1:
                if self.focus_note():
                    return
                continue
            assert isinstance(part, QTabWidget)
            page = part.currentWidget()
            if page is not None:
                self.focus_panel(page)
                return

    def switch_tab(self, step: int) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab: the next or previous note tab, round the end."""
        tabs = self._window.tab_area.tabs
        if tabs.count() > 1:
            tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())

    def toggle_side(self, panels: QWidget, action: QAction) -> None:
        """Show or hide a sidebar (``action`` checked while shown); hidden with the keys
        in it, the note gets them."""
        focus = QApplication.focusWidget()
        had_focus = focus is not None and panels.isAncestorOf(focus)
        panels.setVisible(not panels.isVisible())
        action.setChecked(panels.isVisible())
        if had_focus and not panels.isVisible():
            self.focus_note()

    # -- following the window --------------------------------------------------

    def note_has_focus(self) -> bool:
        """Whether the keys are in the note area (or nowhere: the widget that had them
        was hidden or closed). Not in a sidebar, a popup or another window."""
        focus = QApplication.focusWidget()
        if focus is None or not shiboken6.isValid(focus) or not focus.isVisible():
            return True
        return focus.window() is self._window and self._part_of(focus) == 1

    def _on_current_tab_changed(self, _tab: NoteTab | None) -> None:
        # Closing or switching a tab from the note area: the new note's editor (focus
        # in a sidebar stays there: Ctrl+Tab from the file tree keeps the tree).
        if self.note_has_focus():
            self.focus_note()

    def _on_tab_created(self, tab: NoteTab) -> None:
        tab.mode_changed.connect(lambda _mode, t=tab: self._on_tab_mode_changed(t))

    def _on_tab_mode_changed(self, tab: NoteTab) -> None:
        # Into reading view the preview takes the keys (PgDn scrolls); back to editing
        # (or a hidden preview) the editor does.
        if tab is self._window.current_tab() and self.note_has_focus():
            self.focus_note()

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # A one-line box of this window: its emacs keys give way to the window's keys.
        if isinstance(new, QLineEdit) and new.window() is self._window:
            new.installEventFilter(self)

    def _window_keys(self) -> set[int]:
        combined: set[int] = set()
        for action in self._window.actions():
            if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
                continue  # Undo, Copy...: shown in the menu, left to the boxes
            if not action.isEnabled():
                continue
            for keys in action.shortcuts():
                if keys.count() == 1:
                    combined.add(keys[0].toCombined())
        return combined

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if mods & _KEYS_OVER_BOXES and (mods.value | event.key()) in self._window_keys():
                event.ignore()
                return True  # not claimed by the box: the window's shortcut runs
            return False
        if (
            watched is self._window
            and kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._part_of(QApplication.focusWidget()) in (0, 2)
        ):
            return self.focus_note()  # Esc left unhandled in a sidebar: back to the note
        return super().eventFilter(watched, event)
