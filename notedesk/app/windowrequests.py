"""Answers the main window's requests: open a vault or a file, create a note, theme, tabs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from notedesk.app.runtime import theme_manager
from notedesk.app.textzoom import TextZoom

if TYPE_CHECKING:
    from notedesk.app.application import AppController


class WindowRequests:
    """Connects the window's request signals to what they do for one open vault."""

    def __init__(self, controller: AppController) -> None:
        self.controller = controller
        window = controller.window
        assert window is not None
        window.theme_requested.connect(self.on_theme_requested)
        window.open_vault_requested.connect(self.on_open_vault_requested)
        window.open_vault_path_requested.connect(controller.vault_switch_requested)
        window.open_file_requested.connect(self.on_open_file_requested)
        window.create_note_requested.connect(self.on_create_note_requested)
        window.tabs_changed.connect(lambda: self.remember_tabs())
        self.text_zoom = TextZoom(window, controller.settings)

    def on_theme_requested(self, choice: str) -> None:
        theme_manager(choice).set_choice(choice)
        self.controller.settings.set_value("view/theme", choice)

    def on_theme_changed(self, effective: str) -> None:
        controller = self.controller
        if controller.window is None or controller.closed:
            return
        for tab in controller.window.note_tabs():
            set_theme = getattr(tab.preview, "set_theme", None)
            if set_theme is not None:
                set_theme(effective)
        wiring = getattr(controller, "editor_wiring", None)
        if wiring is not None:
            wiring.set_theme(effective)

    def on_open_vault_requested(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        controller = self.controller
        folder = QFileDialog.getExistingDirectory(
            controller.window, "Open a vault folder", str(controller.vault.root)
        )
        if folder:
            controller.vault_switch_requested.emit(folder)

    def on_open_file_requested(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        controller = self.controller
        path, _ = QFileDialog.getOpenFileName(
            controller.window,
            "Open a note",
            str(controller.vault.root),
            "Markdown (*.md *.markdown)",
        )
        if not path or controller.window is None:
            return
        if not controller.show_here(Path(path)):  # a note of another vault, or of none
            controller.vault_switch_requested.emit(path)

    def on_create_note_requested(self, path: str, new_tab: bool) -> None:
        from notedesk.core.vault import VaultError

        controller = self.controller
        window = controller.window
        if window is None:
            return
        created = not (controller.vault.root / path).exists()
        if created:
            try:
                controller.own_writes.save(controller.vault, path, "")
            except (VaultError, OSError) as exc:
                window.statusBar().showMessage(f"Could not create {path}: {exc}", 10000)
                return
            wiring = getattr(controller, "files_wiring", None)
            if wiring is not None:  # before the index is ready the watcher reports it
                wiring.created(path)
        tab = window.open_note(path, new_tab)
        if tab is not None and created:  # an empty note: ready to write, not to read
            window.tab_area.start_writing(tab)

    def remember_tabs(self, *, places: bool = False) -> None:
        """The open tabs and the current one; with ``places`` (when the window closes)
        each tab's cursor and scroll position too."""
        controller = self.controller
        window = controller.window
        if window is not None and not controller.closed:
            current = window.current_tab()
            tabs = window.note_tabs()
            controller.settings.remember_tabs(
                str(controller.vault.root),
                [t.path for t in tabs],
                current.path if current else "",
                {t.path: t.editor.place() for t in tabs} if places else None,
            )
