"""One open note: its editor and preview side by side, or either alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from notedesk.app.renderqueue import RenderQueue
from notedesk.app.widgets.editor import NoteEditor
from notedesk.core.atomic import TextFormat
from notedesk.core.vault import Vault, VaultError

MODES = ("split", "source", "preview")

PreviewFactory = Callable[[QWidget], QWidget]


class NoteTab(QWidget):
    """Signals:
    dirty_changed(dirty): the buffer became modified or clean.
    link_activated(href, new_tab): a link in the preview was clicked.
    saved(path): the note was written to disk.
    preview_shown(version): the preview displays that render version.
    """

    dirty_changed = Signal(bool)
    link_activated = Signal(str, bool)
    saved = Signal(str)
    preview_shown = Signal(int)

    def __init__(
        self, vault: Vault, path: str, renderer: RenderQueue, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.path = path
        self._renderer = renderer
        self._fmt = TextFormat()
        self._lossless = True
        self._saved_text = ""
        self._mode = "split"
        self._shown_version = 0
        self._sync_lock = False
        self.editor = NoteEditor(self)
        self.preview: QWidget | None = None
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._splitter)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.top_line_changed.connect(self._on_editor_top_line_changed)
        renderer.rendered.connect(self._on_renderer_rendered)

    # -- content -------------------------------------------------------------

    def load(self) -> None:
        """Read the note from disk into the editor. Raises VaultError with a readable message."""
        loaded = self.vault.load(self.path)
        self._fmt, self._lossless = loaded.fmt, loaded.lossless
        self._saved_text = loaded.text
        self.editor.blockSignals(True)
        self.editor.setPlainText(loaded.text)
        self.editor.blockSignals(False)
        self.editor.document().setModified(False)
        self._request_render()

    @property
    def lossless(self) -> bool:
        """False when the file had invalid UTF-8 (shown with replacement characters)."""
        return self._lossless

    @property
    def dirty(self) -> bool:
        return self.editor.toPlainText() != self._saved_text

    def text(self) -> str:
        return self.editor.toPlainText()

    def save(self) -> None:
        """Write the buffer atomically. Raises VaultError/SaveError; the buffer then stays dirty."""
        text = self.editor.toPlainText()
        try:
            self.vault.save(self.path, text, self._fmt)
        except OSError as exc:
            raise VaultError(str(exc)) from exc
        self._saved_text = text
        self._lossless = True
        self.editor.document().setModified(False)
        self.dirty_changed.emit(False)
        self.saved.emit(self.path)

    # -- preview -------------------------------------------------------------

    def attach_preview(self, factory: PreviewFactory) -> None:
        """Add the preview once QtWebEngine is loaded (after the window is shown)."""
        if self.preview is not None:
            return
        preview = factory(self)
        self.preview = preview
        self._splitter.addWidget(preview)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 1)
        half = max(self._splitter.width() // 2, 400)
        self._splitter.setSizes([half, half])
        link_signal = getattr(preview, "link_activated", None)
        if link_signal is not None:
            link_signal.connect(self.link_activated)
        shown = getattr(preview, "content_shown", None)
        if shown is not None:
            shown.connect(self.preview_shown)
        scrolled = getattr(preview, "scrolled_to_line", None)
        if scrolled is not None:
            scrolled.connect(self._on_preview_scrolled_to_line)
        self.set_mode(self._mode)
        self._request_render()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(mode)
        self._mode = mode
        self.editor.setVisible(mode in ("split", "source"))
        if self.preview is not None:
            self.preview.setVisible(mode in ("split", "preview"))
        if mode != "source":
            self._request_render()

    @property
    def mode(self) -> str:
        return self._mode

    def _request_render(self) -> None:
        if self.preview is None or self._mode == "source":
            return
        self._renderer.request(self.path, self.editor.toPlainText())

    def _on_renderer_rendered(self, version: int, source: str, html: str, _seconds: float) -> None:
        if source != self.path or self.preview is None or version < self._shown_version:
            return
        self._shown_version = version
        show = getattr(self.preview, "show_html", None)
        if show is not None:
            show(html, version)

    def _on_editor_text_changed(self) -> None:
        self._request_render()
        self.dirty_changed.emit(self.dirty)

    def _on_editor_top_line_changed(self, line: int) -> None:
        if self._sync_lock or self.preview is None or self._mode != "split":
            return
        scroll = getattr(self.preview, "scroll_to_line", None)
        if scroll is not None:
            scroll(line)

    def _on_preview_scrolled_to_line(self, line: int) -> None:
        if self._mode != "split":
            return
        self._sync_lock = True
        self.editor.scroll_to_line(line)
        QTimer.singleShot(0, self._release_sync_lock)

    def _release_sync_lock(self) -> None:
        self._sync_lock = False
