"""Editor and preview of one tab kept at the same place in the note.

In the split view, scrolling either side scrolls the other to the same source
line; switching between views shows the line that was being read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from notedesk.app.notetab import NoteTab


class ScrollSync(QObject):
    """Scroll coupling of one ``NoteTab``. The preview's lines are 0-based (its
    data-line values); the editor counts lines from 1."""

    def __init__(self, tab: NoteTab) -> None:
        super().__init__(tab)
        self._tab = tab
        self._lock = False  # the editor is following the preview: do not echo it back
        self._preview_line: int | None = None  # the preview's top source line
        tab.editor.top_line_changed.connect(self._on_editor_top_line_changed)

    def on_preview_scrolled(self, line: int) -> None:
        """The preview's top line is now ``line``."""
        tab = self._tab
        self._preview_line = line  # where the reader is, for a switch back to the text
        if tab.mode != "split":
            return
        self._lock = True
        tab.editor.scroll_to_line(line + 1)
        QTimer.singleShot(0, self._release_lock)

    def keep_place(self, was: str, mode: str) -> None:
        """Switching views keeps the reader's place: the view shown takes the top line
        of the one that was being read."""
        tab = self._tab
        scroll = getattr(tab.preview, "scroll_to_line", None)
        if mode == "preview" and scroll is not None:  # from the text: where the editor is
            line = tab.editor.top_line() - 1
            QTimer.singleShot(0, self, lambda: scroll(line))
        elif was == "preview" and self._preview_line is not None:  # back to the text
            line = self._preview_line

            def back() -> None:
                tab.editor.scroll_to_line(line + 1)
                if mode == "split" and scroll is not None:
                    scroll(line)  # narrower now, the page reflowed: both at the same place

            QTimer.singleShot(0, self, back)

    def _on_editor_top_line_changed(self, line: int) -> None:
        tab = self._tab
        if self._lock or tab.preview is None or tab.mode != "split":
            return
        scroll = getattr(tab.preview, "scroll_to_line", None)
        if scroll is not None:
            scroll(line - 1)

    def _release_lock(self) -> None:
        self._lock = False
