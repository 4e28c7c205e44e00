"""The Edit and Help menus: editing commands for the focused text box, shortcuts, About."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow

# The text boxes (editor, search box, find bar...) handle these keys themselves: the
# menu shows them and runs the same command on the box that had the keys.
_EDITING = (
    ("&Undo", "undo", QKeySequence.StandardKey.Undo),
    ("&Redo", "redo", QKeySequence.StandardKey.Redo),
    (None, "", None),
    ("Cu&t", "cut", QKeySequence.StandardKey.Cut),
    ("&Copy", "copy", QKeySequence.StandardKey.Copy),
    ("&Paste", "paste", QKeySequence.StandardKey.Paste),
    ("Select &All", "selectAll", QKeySequence.StandardKey.SelectAll),
)


class EditMenus:
    """Fills ``window.edit_menu`` and ``window.help_menu``."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._target: QWidget | None = None
        menu = window.edit_menu
        menu.aboutToShow.connect(self._remember_focus)
        for text, method, keys in _EDITING:
            if text is None or keys is None:
                menu.addSeparator()
                continue
            menu.addAction(self._shown_only(text, keys, lambda m=method: self._edit(m)))
        menu.addSeparator()
        menu.addAction(self._shown_only("&Find…", QKeySequence.StandardKey.Find, self._find))
        menu.addAction(self._shown_only("R&eplace…", QKeySequence("Ctrl+H"), self._replace))

        help_menu = window.help_menu
        shortcuts = QAction("&Keyboard Shortcuts", window)
        shortcuts.triggered.connect(lambda _c=False: self.show_shortcuts())
        about = QAction("&About notedesk", window)
        about.triggered.connect(lambda _c=False: self.show_about())
        help_menu.addAction(shortcuts)
        help_menu.addAction(about)

    def _shown_only(
        self, text: str, keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], None]
    ) -> QAction:
        """An action that shows ``keys`` in the menu without taking them from the text boxes."""
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(keys))
        # Only while the window widget itself has the focus: in practice never, so
        # the focused text box keeps handling the keys as it always does.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _c=False: slot())
        self._window.addAction(action)  # the command palette lists it
        return action

    def _remember_focus(self) -> None:
        self._target = QApplication.focusWidget()

    def _text_box(self) -> QWidget | None:
        """The text box the command is for: the focused one, else the current note's editor."""
        target, self._target = self._target, None
        for widget in (target, QApplication.focusWidget()):
            # Duck-typed: naming the text box classes here would create their Python
            # types while the window is built, before it shows.
            if widget is not None and hasattr(widget, "undo") and hasattr(widget, "paste"):
                return widget
        tab = self._window.current_tab()
        return tab.editor if tab is not None else None

    def _edit(self, method: str) -> None:
        box = self._text_box()
        if box is not None:
            getattr(box, method)()

    def _find(self) -> None:
        tab = self._window.current_tab()
        if tab is not None:
            tab.show_find()

    def _replace(self) -> None:
        tab = self._window.current_tab()
        if tab is not None:
            tab.pane.show_replace()

    def shortcut_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(title, [(command, keys)]): the window's commands by name, each key once (the
        commands sharing a key in one row), then the note editor's own keys and
        gestures as the editor defines them, but for keys the commands already list."""
        from notedesk.app.widgets.completer import completion_shortcut_rows
        from notedesk.app.widgets.editorkeys import editor_shortcut_rows
        from notedesk.app.widgets.palette import action_label

        by_keys: dict[str, list[str]] = {}
        for action in self._window.findChildren(QAction):
            keys = action.shortcut()
            label = action_label(action)
            if label and not keys.isEmpty() and not action.isSeparator():
                labels = by_keys.setdefault(
                    keys.toString(QKeySequence.SequenceFormat.NativeText), []
                )
                if label not in labels:
                    labels.append(label)
        commands = sorted(
            ((" / ".join(sorted(labels, key=len)), keys) for keys, labels in by_keys.items()),
            key=lambda row: row[0].lower(),
        )
        editor = [row for row in editor_shortcut_rows() if row[1] not in by_keys]
        return [("Commands", commands), ("In the note editor", editor + completion_shortcut_rows())]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(command, keys) of every section, in the order Help shows them."""
        return [row for _title, rows in self.shortcut_sections() for row in rows]

    def show_shortcuts(self) -> QDialog:
        """Help › Keyboard Shortcuts, shown without blocking; returned for tests."""
        from notedesk.app.widgets.shortcutsdialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcut_sections(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtWidgets import QMessageBox

        from notedesk import __version__

        root = html.escape(str(self._window.vault.root))
        QMessageBox.about(
            self._window,
            "About notedesk",
            f"<h3>notedesk {html.escape(__version__)}</h3>"
            "<p>A desktop app for folders of Markdown notes (Obsidian and Foam vaults).</p>"
            f"<p>Vault: {root}<br>PySide6 {html.escape(pyside_version)}</p>",
        )
