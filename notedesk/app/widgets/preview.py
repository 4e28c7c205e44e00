"""The rendered preview: a page loaded once, whose content the app patches."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from notedesk.app.blockpatch import Patch, ShownBlock, block_patch, encoded_blocks
from notedesk.app.widgets.editorlook import EDITOR_COLOURS

log = logging.getLogger(__name__)

PAGE_URL = QUrl("vault://app/page.html")
MESSAGE_PREFIX = "notedesk:"


class PreviewPage(QWebEnginePage):
    """Refuses every navigation away from the page and turns page messages into signals.

    Signals:
        message_received(kind, payload): a message the page script sent.
        navigation_refused(url): a navigation the page tried (link, redirect, form).
    """

    message_received = Signal(str, dict)
    navigation_refused = Signal(QUrl, bool)

    def acceptNavigationRequest(
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        qurl = QUrl(url)
        if (
            is_main_frame
            and qurl == PAGE_URL
            and nav_type
            in (
                QWebEnginePage.NavigationType.NavigationTypeTyped,
                QWebEnginePage.NavigationType.NavigationTypeReload,
            )
        ):
            return True
        if not is_main_frame and qurl.scheme() == "vault" and qurl.host() == "asset":
            return True  # embedded PDF frames from the vault
        link = nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked
        self.navigation_refused.emit(qurl, link)
        return False

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        if not message.startswith(MESSAGE_PREFIX) or not source.startswith("vault://app/"):
            log.debug("preview console: %s (%s:%d)", message, source, line)
            return
        kind, _, payload = message[len(MESSAGE_PREFIX) :].partition(":")
        try:
            data = json.loads(payload) if payload else {}
        except ValueError:
            return
        if isinstance(data, dict):
            self.message_received.emit(kind, data)

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:
        return None


class PreviewView(QWebEngineView):
    """Shows rendered HTML. Loads its page once; every update patches the DOM.

    Signals:
        link_activated(href, new_tab): a link was clicked.
        task_toggle_requested(line): a task checkbox was clicked (1-based source line).
        scrolled_to_line(line): the user scrolled; the top block's source line.
        hover_requested(href, global_pos): the pointer rests on an internal link.
        content_shown(version): the page shows the content of that version (sent by the
            page after the patched content was laid out and painted).
        page_ready(): the page loaded and takes updates.
        zoom_requested(steps): the page was zoomed by its own means (Ctrl+wheel):
            the window's text zoom should move by ``steps`` (the page keeps its zoom).
    """

    link_activated = Signal(str, bool)
    task_toggle_requested = Signal(int)
    scrolled_to_line = Signal(int)
    hover_requested = Signal(str, QPoint)
    content_shown = Signal(int)
    page_ready = Signal()
    zoom_requested = Signal(int)

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = PreviewPage(profile, self)
        self.setPage(self._page)
        self._ready = False
        self._pending: tuple[str | Sequence[ShownBlock], int] | None = None
        self._shown: Sequence[ShownBlock] | None = None  # what the page holds, by block
        self._pending_calls: list[str] = []
        self._theme = "light"
        self._zoom = 1.0
        self._zooms_set = {1.0}  # Chromium reports each set zoom later: not the user's
        self._page.zoomFactorChanged.connect(self._on_page_zoom_factor_changed)
        self._page.message_received.connect(self._on_page_message_received)
        self._page.navigation_refused.connect(self._on_page_navigation_refused)
        self.setContextMenuPolicy(self.contextMenuPolicy().NoContextMenu)
        self._page.setBackgroundColor(self.palette().base().color())
        self.load(PAGE_URL)

    @property
    def is_ready(self) -> bool:
        return self._ready

    def show_html(self, html: str, version: int) -> None:
        """Replace the whole content (a render that is not split into blocks)."""
        if not self._ready:
            self._pending = (html, version)
            return
        self._shown = None
        self._page.runJavaScript(f"notedesk.update({json.dumps(html)}, {int(version)})", 0)

    def show_blocks(
        self,
        blocks: Sequence[ShownBlock],
        version: int,
        patch: Patch | None = None,
        base: Sequence[ShownBlock] | None = None,
    ) -> None:
        """Show a render made of blocks, sending the page only the blocks that changed.

        ``patch`` (made on the render thread) turns ``base`` into ``blocks``; it is
        used when the page shows exactly ``base``, else the view works it out.
        """
        if not self._ready:
            self._pending = (blocks, version)
            return
        old, self._shown = self._shown, blocks
        if old is None:
            htmls = encoded_blocks(blocks)
            self._page.runJavaScript(f"notedesk.setBlocks({htmls}, {int(version)})", 0)
            return
        if patch is None or base is not old:
            patch = block_patch(old, blocks)
        start, removed, inserted, shift = patch
        self._page.runJavaScript(
            f"notedesk.patch({start}, {removed}, {encoded_blocks(inserted)}, {shift}, "
            f"{int(version)})",
            0,
        )

    def scroll_to_line(self, line: int) -> None:
        self._call(f"notedesk.scrollToLine({int(line)})")

    def scroll_to_fragment(self, fragment: str) -> None:
        self._call(f"notedesk.scrollToFragment({json.dumps(fragment)})")

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        # What shows before the page paints (opening, resizing): the theme's, not the old.
        self._page.setBackgroundColor(QColor(EDITOR_COLOURS[theme]["base"]))
        self._call(f"notedesk.setTheme({json.dumps(theme)})")

    def set_zoom(self, factor: float) -> None:
        """Text and images ``factor`` times their normal size (the window's text zoom)."""
        self._zoom = factor
        self._zooms_set.add(round(factor, 3))
        self.setZoomFactor(factor)

    def _on_page_zoom_factor_changed(self, factor: float) -> None:
        if round(factor, 3) in self._zooms_set:
            return
        self.zoom_requested.emit(1 if factor > self._zoom else -1)
        if abs(self.zoomFactor() - self._zoom) > 1e-3:  # at the end of the range
            self.setZoomFactor(self._zoom)

    def run_script(self, script: str, callback: object) -> None:
        """Runs a script in the page (for tests and the self-test)."""
        self._page.runJavaScript(script, 0, callback)

    def _call(self, script: str) -> None:
        if self._ready:
            self._page.runJavaScript(script, 0)
        else:
            self._pending_calls.append(script)

    def _on_page_message_received(self, kind: str, data: dict[str, object]) -> None:
        if kind == "shown":
            self.content_shown.emit(int(str(data.get("version", 0))))
        elif kind == "resync" and self._shown is not None:
            # The page lost its blocks (replaced by a whole update): send them all.
            blocks, self._shown = self._shown, None
            self.show_blocks(blocks, int(str(data.get("version", 0))))
        elif kind == "ready":
            self._ready = True
            self._shown = None  # a (re)loaded page starts empty
            self._page.runJavaScript(f"notedesk.setTheme({json.dumps(self._theme)})", 0)
            if self._pending is not None:
                content, version = self._pending
                self._pending = None
                if isinstance(content, str):
                    self.show_html(content, version)
                else:
                    self.show_blocks(content, version)
            for script in self._pending_calls:
                self._page.runJavaScript(script, 0)
            self._pending_calls.clear()
            self.page_ready.emit()
        elif kind == "link":
            self.link_activated.emit(str(data.get("href", "")), bool(data.get("ctrl")))
        elif kind == "task":
            self.task_toggle_requested.emit(int(str(data.get("line", 0))))
        elif kind == "scroll":
            self.scrolled_to_line.emit(int(str(data.get("line", 0))))
        elif kind == "hover":
            pos = self.mapToGlobal(
                QPoint(int(float(str(data.get("x", 0)))), int(float(str(data.get("y", 0)))))
            )
            self.hover_requested.emit(str(data.get("href", "")), pos)

    def _on_page_navigation_refused(self, url: QUrl, link_clicked: bool) -> None:
        if link_clicked:
            self.link_activated.emit(
                url.toString(QUrl.ComponentFormattingOption.FullyEncoded), False
            )
