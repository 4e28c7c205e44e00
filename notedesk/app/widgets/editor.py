"""The Markdown source editor."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QBuffer, QEvent, QIODevice, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QCursor,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QHideEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QTextBlock,
    QTextCursor,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from notedesk.app.widgets.attachcopy import (
    MESSAGE_MS,
    AttachmentCopier,
    AttachmentTarget,
    attachable_files,
    insert_embeds,
)
from notedesk.app.widgets.autopairing import AutoPairs
from notedesk.app.widgets.completer import CompletionProviders, LinkCompleter
from notedesk.app.widgets.editorkeys import ZOOM_WHEEL, link_click, run_command_key
from notedesk.app.widgets.editorlook import editor_palette
from notedesk.app.widgets.highlighter import LAZY_CHARS, LinkChecker, MarkdownHighlighter
from notedesk.app.widgets.linenumbers import LineNumberGutter
from notedesk.app.widgets.textedits import continue_list, shift_lines, toggle_task_at
from notedesk.core.attachments import pasted_image_name
from notedesk.core.mdcontext import LinkHit, link_at
from notedesk.core.utf16 import to_index, to_utf16

_ZOOM_RANGE = (-8, 20)
_Key = Qt.Key
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class NoteEditor(QPlainTextEdit):
    """Plain-text Markdown editing with highlighting, completion and list helpers.

    Brackets, quotes and Markdown syntax pair while typing (``autopairing``).
    Its own keys and mouse gestures (Enter continues lists, Ctrl+Space completes,
    Ctrl+click follows a link...) are listed with what they do in ``editorkeys``.

    Signals:
        top_line_changed(line): the first visible source line (1-based) after a scroll.
        follow_link_requested(target, new_tab): follow a link: a wikilink target as
            written with its fragment (``Note#Heading``), or a Markdown link's / bare
            URL as written (``Some%20Note.md``, ``https://...``).
        tag_requested(tag): show notes with this tag (name without ``#``).
        zoom_changed(steps): the zoom level changed (0 = default size).
        rename_requested(): F2: rename this note.
        status_message(text, timeout_ms): what a paste of an image or files did.

    Pasting an image (a screenshot) saves it as ``Pasted image <time>.png`` in the
    vault's attachment folder and inserts ``![[...]]``; image and PDF files pasted or
    dropped from a file manager are copied there off the UI thread (``attachcopy``),
    their embeds inserted where they were pasted once copied. Text pastes as text.
    """

    top_line_changed = Signal(int)
    follow_link_requested = Signal(str, bool)
    tag_requested = Signal(str)
    zoom_changed = Signal(int)
    rename_requested = Signal()
    status_message = Signal(str, int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        link_exists: LinkChecker | None = None,
        providers: CompletionProviders | None = None,
        theme: str = "light",
    ) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        font.setStyleHint(QFont.StyleHint.SansSerif)
        self.setFont(font)
        self._base_point_size = font.pointSizeF()
        self._zoom = 0
        self._indent_unit = "\t"
        self._theme = ""
        self._silent_scroll = False
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._update_tab_stops()
        self.document().setDocumentMargin(12)
        self.viewport().setMouseTracking(True)
        self.highlighter = MarkdownHighlighter(self.document(), link_exists, theme)
        self.completer = LinkCompleter(self, providers, self.highlighter.in_code)
        self.auto_pairs = AutoPairs(self)
        self._gutter: LineNumberGutter | None = None
        self._attachments: AttachmentTarget | None = None
        # Its own until the window gives the one shared by its tabs (``use_copier``),
        # which outlives a tab closed while its file copies.
        self.attachment_copies = AttachmentCopier(self)
        self.attachment_copies.status_message.connect(self.status_message)
        self._pending_top = 0  # a first visible line to show once laid out (restore_place)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.cursorPositionChanged.connect(self._on_cursor_position_changed)
        self.set_theme(theme)

    # -- lines and scrolling (used by NoteTab) ---------------------------------

    def top_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    def scroll_to_line(self, line: int) -> None:
        """Scroll so ``line`` is on top, without emitting top_line_changed (sync from preview)."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            # Not blockSignals: the scroll area itself scrolls on valueChanged.
            self._silent_scroll = True
            try:
                self.verticalScrollBar().setValue(block.firstLineNumber())
            finally:
                self._silent_scroll = False

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.set_cursor_position(block.position())

    def set_cursor_position(self, position: int) -> None:
        """Put the cursor at ``position`` (clamped to the text) and show it."""
        cursor = self.textCursor()
        cursor.setPosition(max(0, min(position, self.document().characterCount() - 1)))
        self.setTextCursor(cursor)
        self.centerCursor()

    def place(self) -> tuple[int, int, int]:
        """(line, column, top line): the cursor's 1-based line and 0-based column (code
        points), and the first visible line, as ``restore_place`` takes them."""
        cursor = self.textCursor()
        block = cursor.block()
        column = to_index(block.text(), cursor.positionInBlock())
        return block.blockNumber() + 1, column, self._pending_top or self.top_line()

    def restore_place(self, line: int, column: int, top: int) -> None:
        """Put the cursor at ``line``/``column`` and ``top`` as the first visible line,
        each clamped to the text (a note may be shorter than it was). The scroll waits
        until the editor is shown: only then are its lines laid out."""
        doc = self.document()
        count = doc.blockCount()
        block = doc.findBlockByNumber(min(max(line, 1), count) - 1)
        text = block.text()
        cursor = self.textCursor()
        cursor.setPosition(block.position() + to_utf16(text, min(max(column, 0), len(text))))
        self.setTextCursor(cursor)
        self._pending_top = min(max(top, 1), count)
        if self.isVisible():
            self._show_pending_top()

    def _show_pending_top(self) -> None:
        top, self._pending_top = self._pending_top, 0
        block = self.document().findBlockByNumber(top - 1)
        if top and block.isValid():  # not scroll_to_line: the preview follows this scroll
            self.verticalScrollBar().setValue(block.firstLineNumber())

    # -- content -----------------------------------------------------------------

    def set_text_without_undo(self, text: str) -> None:
        """Load text programmatically: no undo step, undo history starts empty, unmodified."""
        doc = self.document()
        self.completer.close()
        doc.setUndoRedoEnabled(False)
        self.setPlainText(text)
        doc.setUndoRedoEnabled(True)
        doc.setModified(False)
        self.auto_pairs.forget()
        self._style_visible()

    def setPlainText(self, text: str) -> None:
        self.highlighter.begin_load(len(text))
        try:
            super().setPlainText(text)
        finally:
            self.highlighter.end_load()

    def toggle_task(self, line: int) -> bool:
        """Toggle the task checkbox on 1-based ``line`` as one undoable edit; False if none
        (or read-only)."""
        return not self.isReadOnly() and toggle_task_at(self, line)

    def set_indent_unit(self, unit: str) -> None:
        """What Tab adds in front of a list item: ``"\\t"`` (default) or spaces."""
        self._indent_unit = unit or "\t"

    # -- pasted images and files ---------------------------------------------------

    def set_attachments(self, target: AttachmentTarget | None) -> None:
        """Where pasted images and files go; None: they paste as the text box would."""
        self._attachments = target

    def setReadOnly(self, read_only: bool) -> None:
        """Read-only: nothing typed, pasted, dropped, completed or replaced changes the text."""
        if read_only:
            self.completer.close()
        super().setReadOnly(read_only)

    def use_copier(self, copier: AttachmentCopier) -> None:
        """Copy pasted files with ``copier`` (whose messages go where its owner says)."""
        self.attachment_copies = copier

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if self.isReadOnly():
            return False
        if self._attachments is not None and (attachable_files(source) or _is_pasted_image(source)):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self.isReadOnly():  # paste() (the Edit menu's) does not check the flag itself
            return
        target = self._attachments
        if target is not None:
            files = attachable_files(source)
            if files:
                self.attachment_copies.start(self, target, files)  # copied off the UI thread
                return
            if _is_pasted_image(source):
                self._attach_image(target, source)
                return
        super().insertFromMimeData(source)

    def _attach_image(self, target: AttachmentTarget, source: QMimeData) -> None:
        data = _png_bytes(source)
        if not data:
            self.status_message.emit("The pasted image could not be read: nothing inserted.", 0)
            return
        try:
            rel = target.save_attachment(pasted_image_name(), data)
        except OSError as exc:
            self.status_message.emit(f"The pasted image was not saved: {exc}", 0)
            return
        insert_embeds(self, self.textCursor(), target.embeds_text([rel]))
        self.status_message.emit(f"Saved the pasted image as {rel}", MESSAGE_MS)

    # -- links and completion ----------------------------------------------------

    def set_link_checker(self, link_exists: LinkChecker | None) -> None:
        self.highlighter.set_link_checker(link_exists)

    def rehighlight_links(self) -> None:
        self.highlighter.rehighlight_links()

    def set_completion_providers(self, providers: CompletionProviders) -> None:
        self.completer.close()
        self.completer.providers = providers

    def link_at_position(self, pos: QPoint) -> LinkHit | None:
        """The link or tag under a viewport position (outside code blocks)."""
        return self._link_at_cursor(self.cursorForPosition(pos))

    def _link_at_cursor(self, cursor: QTextCursor) -> LinkHit | None:
        block = cursor.block()
        if self.highlighter.in_code(block):
            return None
        text = block.text()
        return link_at(text, to_index(text, cursor.positionInBlock()))

    def follow_link_at_cursor(self, new_tab: bool = False) -> bool:
        hit = self._link_at_cursor(self.textCursor())
        if hit is None:
            return False
        self._emit_follow(hit, new_tab)
        return True

    def _emit_follow(self, hit: LinkHit, new_tab: bool) -> None:
        if hit.kind == "tag":
            self.tag_requested.emit(hit.target)
        else:
            self.follow_link_requested.emit(hit.target, new_tab)

    # -- appearance --------------------------------------------------------------

    @property
    def theme(self) -> str:
        return self._theme

    def set_theme(self, theme: str) -> None:
        """'light' or 'dark': highlighting colours and the editor's own background."""
        palette = editor_palette(self.palette(), theme)
        self._theme = theme
        self.setPalette(palette)
        self.highlighter.set_theme(theme)
        if self._gutter is not None:
            self._gutter.setPalette(palette)
            self._gutter.update()

    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        steps = min(max(steps, _ZOOM_RANGE[0]), _ZOOM_RANGE[1])
        if steps == self._zoom:
            return
        self._zoom = steps
        font = QFont(self.font())
        font.setPointSizeF(max(self._base_point_size + steps, 4.0))
        self.setFont(font)
        self._update_tab_stops()
        if self._gutter is not None:
            self._gutter.setFont(font)
            self._update_gutter_geometry()
        self.zoom_changed.emit(steps)

    def zoom_factor(self) -> float:
        """The text's size now over its normal size (the preview zooms by the same)."""
        return self.font().pointSizeF() / self._base_point_size

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def reset_zoom(self) -> None:
        self.set_zoom(0)

    def _update_tab_stops(self) -> None:
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)

    # -- line numbers ------------------------------------------------------------

    def line_numbers(self) -> bool:
        return self._gutter is not None

    def set_line_numbers(self, shown: bool) -> None:
        if shown == (self._gutter is not None):
            return
        if shown:
            self._gutter = LineNumberGutter(
                self,
                self.visible_blocks,
                lambda: self.textCursor().blockNumber(),
                lambda width: self.setViewportMargins(width, 0, 0, 0),
            )
        else:
            assert self._gutter is not None
            self._gutter.detach()
            self._gutter = None
            self.setViewportMargins(0, 0, 0, 0)

    def visible_blocks(self) -> Iterator[tuple[int, int, int]]:
        """(block number, top, height) of the blocks in the viewport, top to bottom."""
        for block, top, height in self._visible_text_blocks():
            yield block.blockNumber(), top, height

    def _visible_text_blocks(self) -> Iterator[tuple[QTextBlock, int, int]]:
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible():
                yield block, round(geometry.top()), round(geometry.height())
            block = block.next()

    def _update_gutter_geometry(self) -> None:
        if self._gutter is not None:
            self._gutter.sync_geometry()

    # -- events ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.completer.handle_key(event):
            return
        if run_command_key(self, event, read_only=self.isReadOnly()):
            event.accept()
            return
        if not self.isReadOnly() and self.auto_pairs.handle_key(event):
            event.accept()  # brackets, quotes and Markdown syntax pair as in Obsidian
            self.completer.refresh()
            return
        super().keyPressEvent(event)
        if (event.text() and event.text().isprintable()) or (
            event.key() == _Key.Key_Backspace and self.completer.active
        ):
            self.completer.refresh()

    def continue_list_at_cursor(self) -> bool:
        """Enter in a list, task or quote: the next line continues it; False elsewhere."""
        return not self.isReadOnly() and continue_list(self, self._indent_unit)

    def indent_lines(self) -> bool:
        """Tab on a list item or selected lines indents them; False: Tab types a tab."""
        return not self.isReadOnly() and shift_lines(self, False, self._indent_unit)

    def outdent_lines(self) -> bool:
        if not self.isReadOnly():
            shift_lines(self, True, self._indent_unit)
        return True  # Shift+Tab never types anything

    def open_completion(self) -> None:
        self.completer.refresh(force=True)

    def request_rename(self) -> None:
        self.rename_requested.emit()

    def toggle_task_at_cursor(self) -> None:
        self.toggle_task(self.textCursor().blockNumber() + 1)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        super().keyReleaseEvent(event)
        if event.key() == _Key.Key_Control:
            self._update_pointer(event.modifiers())

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == _Key.Key_Control
        ):
            self._update_pointer(event.modifiers())
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self._update_pointer(event.modifiers(), event.position().toPoint())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        new_tab = link_click(event.modifiers())
        if event.button() == Qt.MouseButton.LeftButton and new_tab is not None:
            hit = self.link_at_position(event.position().toPoint())
            if hit is not None:
                self.completer.close()
                self._emit_follow(hit, new_tab)
                event.accept()
                return
        self.completer.close()
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & ZOOM_WHEEL:
            delta = event.angleDelta().y()
            if delta:
                self.set_zoom(self._zoom + (1 if delta > 0 else -1))
            event.accept()
            return
        super().wheelEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.completer.close()
        super().focusOutEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_top:
            self._show_pending_top()

    def hideEvent(self, event: QHideEvent) -> None:
        self.completer.close()  # the popup is a window of its own: it does not hide with us
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Code fences and frontmatter get a full-width band, not just behind their glyphs.
        painter = QPainter(self.viewport())
        width = self.viewport().width()
        area = event.rect()
        for block, top, height in self._visible_text_blocks():
            if top > area.bottom():
                break
            if top + height < area.top():
                continue
            colour = self.highlighter.block_background(block)
            if colour is not None:
                painter.fillRect(0, top, width, height, colour)
        painter.end()
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_gutter_geometry()
        self._style_visible()

    def _update_pointer(self, mods: Qt.KeyboardModifier, pos: QPoint | None = None) -> None:
        if pos is None:
            pos = self.viewport().mapFromGlobal(QCursor.pos())
        over_link = (
            link_click(mods) is not None
            and self.viewport().rect().contains(pos)
            and self.link_at_position(pos) is not None
        )
        shape = Qt.CursorShape.PointingHandCursor if over_link else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)

    # -- slots -------------------------------------------------------------------

    def _on_scrolled(self, _value: int) -> None:
        self._style_visible()
        if not self._silent_scroll:
            self.top_line_changed.emit(self.top_line())

    def _on_cursor_position_changed(self) -> None:
        self.completer.cursor_moved()
        if self._gutter is not None:
            self._gutter.update()

    def _style_visible(self) -> None:
        """Large notes are highlighted lazily: style what is on screen now."""
        if self.document().characterCount() <= LAZY_CHARS:
            return
        first = self.firstVisibleBlock().blockNumber()
        last = first
        for number, _top, _height in self.visible_blocks():
            last = number
        self.highlighter.style_window(first, last)


def _is_pasted_image(source: QMimeData) -> bool:
    """An image without text (a screenshot); an image that comes with text (cells of a
    spreadsheet) pastes as its text."""
    return source.hasImage() and not (source.hasText() and source.text().strip())


def _png_bytes(source: QMimeData) -> bytes:
    """The image as PNG file bytes: as given when it is a PNG already, else encoded."""
    if source.hasFormat("image/png"):
        raw = bytes(source.data("image/png").data())
        if raw.startswith(_PNG_MAGIC):
            return raw
    image = source.imageData()
    if isinstance(image, QPixmap):
        image = image.toImage()
    if not isinstance(image, QImage) or image.isNull():
        return b""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        return b""
    return bytes(buffer.data().data())
