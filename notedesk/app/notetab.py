"""One open note: its editor and preview side by side, or either alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from notedesk.app.diskfollow import DiskFollower
from notedesk.app.mediatab import media_bar, moved_path
from notedesk.app.readonlytab import follow_read_only
from notedesk.app.renderqueue import RenderQueue
from notedesk.app.scrollsync import ScrollSync
from notedesk.app.widgets.editorpane import EditorPane
from notedesk.app.widgets.previewfind import PreviewBox, PreviewFindBar
from notedesk.core.atomic import SaveError
from notedesk.core.attachhome import AttachmentHome
from notedesk.core.attachments import embeds_text, save_attachment
from notedesk.core.canvasrefs import is_canvas_path
from notedesk.core.document import Document, Outcome
from notedesk.core.events import FileEvent
from notedesk.core.journal import Journal
from notedesk.core.linkwrite import LinkWriter
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.render.mediaview import canvas_view_text, is_viewable, media_view_html
from notedesk.core.utf16 import to_utf16
from notedesk.core.vault import Vault, VaultError, is_note_path

MODES = ("split", "source", "preview")

# Past this many characters an edit does not read the whole text at once: the
# render reads it when it starts, the dirty state shortly after typing pauses.
LAZY_TEXT_CHARS = 200_000
_SYNC_MS = 150

PreviewFactory = Callable[[QWidget], QWidget]


class NoteTab(QWidget):
    """One note; a text file that is not a note (``LICENSE``, ``run.sh``) is shown
    read-only, as text without a preview, and never written.

    Signals:
    dirty_changed(dirty): the buffer became modified or clean.
    link_activated(href, new_tab): a link in the preview was clicked.
    saved(path): the note was written to disk.
    preview_shown(version): the preview displays that render version.
    mode_changed(mode): 'split', 'source' or 'preview'.
    disk_state_changed(outcome): an external change was applied (an Outcome value).
    merged(disk_sha, replaced): a change on disk was merged into the editor's text;
        the disk's sha before it and the editor's text it replaced (for Undo).
    disk_event(): an event about the note's file arrived, whatever it did (even
        nothing, e.g. a change of its permissions).
    reloaded(disk_sha, replaced): the same for a clean buffer that took the disk's
        version as an undoable edit (not sent when the whole text was replaced).
    path_changed(old, new): the note was renamed or moved.
    text_edited(): the text really changed (not just its highlighting).
    link_hovered(href, global_pos): the pointer rests on an internal link in the preview.
    preview_attached(): the tab has its preview now (``preview`` is set).
    """

    dirty_changed = Signal(bool)
    link_activated = Signal(str, bool)
    saved = Signal(str)
    preview_shown = Signal(int)
    mode_changed = Signal(str)
    disk_state_changed = Signal(str)
    merged = Signal(object, str)
    reloaded = Signal(object, str)
    disk_event = Signal()
    path_changed = Signal(str, str)
    text_edited = Signal()
    link_hovered = Signal(str, QPoint)
    preview_attached = Signal()
    open_externally = Signal(str)  # hand the file to the system's default application

    def __init__(
        self,
        vault: Vault,
        path: str,
        renderer: RenderQueue,
        parent: QWidget | None = None,
        *,
        own_writes: OwnWrites | None = None,
        journal: Journal | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self._initial_path = path
        self.read_only = not is_note_path(path)
        # A picture, PDF, sound, video or canvas: shown in the preview, no text (mediatab.py).
        self.media = self.read_only and is_viewable(path)
        self._own_writes = own_writes
        self._journal = journal
        self.document: Document | None = None
        self._renderer = renderer
        self._mode = "split"
        self.last_edit_mode = "split"
        self._shown_version = 0
        self._was_dirty = False
        self._last_text = ""
        self._edited = False  # the document's content changed since the text was last read
        self._text_stale = False  # an edit of a long note not read into _last_text yet
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(_SYNC_MS)
        self._sync_timer.timeout.connect(self._fresh_text)
        # True while a change on disk is being put into the editor (not typing).
        self.applying_disk_change = False
        # The editor's undo steps right after the latest change from disk went into
        # the undo history (a merge, a reload, Reload theirs); None if none is there.
        # Undo below it takes that change out of the text again.
        self.disk_undo_mark: int | None = None
        # Writes the links this note gets (set by EditorWiring, which knows the index).
        self.link_writer: Callable[[], LinkWriter] | None = None
        self.pane = EditorPane(self)
        self.editor = self.pane.editor
        self.editor.set_attachments(self)
        self.preview: QWidget | None = None
        self._preview_box: PreviewBox | None = None
        self.preview_find: PreviewFindBar | None = None
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self.pane)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._layout = layout
        layout.addWidget(self._splitter)
        self.editor.document().contentsChange.connect(self._on_document_contents_change)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        renderer.rendered_result.connect(self._on_renderer_rendered)
        self._disk = DiskFollower(self)
        self.scroll_sync = ScrollSync(self)
        self._preview_factory: PreviewFactory | None = None
        self.path_changed.connect(self._on_path_changed)

    def add_bar(self, bar: QWidget) -> None:
        """Put a bar (conflict, notices) above the editor and preview."""
        self._layout.insertWidget(0, bar)

    # -- content -------------------------------------------------------------

    @property
    def path(self) -> str:
        return self.document.rel if self.document is not None else self._initial_path

    def load(self) -> None:
        """Read the note from disk into the editor. Raises VaultError with a readable message."""
        if self.media:
            if not self.vault.abspath(self._initial_path).is_file():
                raise VaultError(f"{self._initial_path} does not exist")
            self.pane.hide()
            self.add_bar(media_bar(self.path, lambda: self.open_externally.emit(self.path), self))
            return
        self.document = Document.open(
            self.vault, self._initial_path, own_writes=self._own_writes, journal=self._journal
        )
        self.set_editor_text(self.document.text, keep_view=False)
        self._was_dirty = False
        follow_read_only(self)

    def _on_path_changed(self, _old: str, _new: str) -> None:
        """Renamed: a text file that became a note is editable (with its preview), a note
        that became a text file read-only."""
        was = self.read_only
        follow_read_only(self)
        if was and not self.read_only and self._preview_factory is not None:
            self.attach_preview(self._preview_factory)
        if was != self.read_only:
            self.announce_dirty()

    def set_editor_text(self, text: str, keep_view: bool) -> None:
        cursor_pos = self.editor.textCursor().position()
        scroll = self.editor.verticalScrollBar().value()
        self._last_text = text
        self._text_stale = False
        self.editor.blockSignals(True)
        # No undo step: the history belongs to the text that was there before.
        self.editor.set_text_without_undo(text)
        self.editor.blockSignals(False)
        self.disk_undo_mark = None
        if keep_view:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(cursor_pos, len(text)))
            self.editor.setTextCursor(cursor)
            self.editor.verticalScrollBar().setValue(scroll)
        self._request_render()

    # -- attachments (pasted images, dropped files: see NoteEditor) ------------

    def save_attachment(self, name: str, data: bytes) -> str:
        """A new file in this note's attachment folder; returns its vault path.

        Not recorded as notedesk's own write: the watcher reports it, so the tree
        and the index show it like any file that appears."""
        return save_attachment(self.vault, self.path, name, data)

    def attachment_home(self) -> AttachmentHome:
        """This note as a file is copied for it off the UI thread (told of its moves
        and deletion by the window's ``AttachmentCopier``)."""
        return AttachmentHome(self.vault, self.path)

    def embeds_text(self, rels: list[str]) -> str:
        """The embeds of ``rels`` here, each resolving to its own file (a namesake
        elsewhere in the vault does not catch it), in the vault's link style."""
        writer = self.link_writer() if self.link_writer is not None else None
        return embeds_text(rels, self.path, writer)

    def vault_path(self, local_file: str) -> str | None:
        try:
            rel = self.vault.rel(local_file)
        except VaultError:
            return None
        return rel if rel not in ("", ".") else None

    @property
    def lossless(self) -> bool:
        """False when the file had invalid UTF-8 (shown with replacement characters)."""
        return self.document is None or self.document.lossless

    @property
    def dirty(self) -> bool:
        if self._text_stale:
            self._fresh_text()
        return self.document is not None and self.document.dirty and not self.read_only

    def text(self) -> str:
        return self.editor.toPlainText()

    def save(self, *, allow_lossy: bool = False) -> Outcome:
        """Write the buffer atomically. Raises VaultError; the buffer then stays dirty."""
        if self.document is None or self.read_only:
            return Outcome.UNCHANGED
        mine, sha = self.editor.toPlainText(), self.document.disk_sha
        self.document.text = mine
        try:
            outcome = self.document.save(allow_lossy=allow_lossy)
        except (SaveError, OSError) as exc:
            raise VaultError(str(exc)) from exc
        self._disk.show_outcome(outcome, mine, sha)
        if outcome == Outcome.SAVED or (outcome == Outcome.MERGED and not self.document.dirty):
            self.saved.emit(self.path)
        return outcome

    def apply_file_event(self, event: FileEvent, *, own: bool = False) -> Outcome | None:
        """Follow a change on disk (``DiskFollower.apply``). ``own``: notedesk's own
        file operation."""
        if self.media:
            new = moved_path(self.path, event)
            if new is not None:
                old, self._initial_path = self.path, new
                self.path_changed.emit(old, new)
            if new is not None or (event.kind == "modified" and event.path == self.path):
                self._request_render()
            return None
        return self._disk.apply(event, own=own)

    def announce_dirty(self, *, only_on_change: bool = False) -> None:
        # After a disk outcome the state is announced even if unchanged (TabGuard
        # relies on it); a keystroke announces only a change, so typing does not
        # retitle the window every time.
        dirty = self.dirty
        changed = dirty != self._was_dirty
        self._was_dirty = dirty
        if changed or not only_on_change:
            self.dirty_changed.emit(dirty)

    # -- ranges (1-based line, 0-based code-point columns, end exclusive) --------

    def _range_cursor(self, line: int, start: int, end: int) -> QTextCursor | None:
        block = self.editor.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return None
        text = block.text()
        if not 0 <= start <= end <= len(text):
            return None
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + to_utf16(text, start))
        cursor.setPosition(block.position() + to_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def select_range(self, line: int, start: int, end: int) -> None:
        """Select a match (search hit, mention) and show it."""
        cursor = self._range_cursor(line, start, end)
        if cursor is None:
            self.editor.go_to_line(line)
            return
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        self.editor.setFocus()

    def text_range(self, line: int, start: int, end: int) -> str | None:
        cursor = self._range_cursor(line, start, end)
        return None if cursor is None else cursor.selectedText()

    def replace_range(self, line: int, start: int, end: int, text: str) -> bool:
        """Replace a range as one undoable edit; False if it is not there or read-only."""
        cursor = None if self.read_only else self._range_cursor(line, start, end)
        if cursor is None:
            return False
        cursor.insertText(text)
        return True

    # -- preview -------------------------------------------------------------

    def attach_preview(self, factory: PreviewFactory) -> None:
        """Add the preview once QtWebEngine is loaded (after the window is shown); a
        read-only text file gets it if it becomes a note."""
        self._preview_factory = factory
        if self.preview is not None or (self.read_only and not self.media):
            return
        preview = factory(self)
        self.preview = preview
        box = self._preview_box = PreviewBox(preview, self)
        self.preview_find = box.find_bar
        self._splitter.addWidget(box)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 1)
        half = max(self._splitter.width() // 2, 400)
        self._splitter.setSizes([half, half])
        for name, slot in (
            ("link_activated", self.link_activated),
            ("content_shown", self.preview_shown),
            ("scrolled_to_line", self.scroll_sync.on_preview_scrolled),
            ("task_toggle_requested", self._on_preview_task_toggle_requested),
            ("hover_requested", self.link_hovered),
        ):
            signal = getattr(preview, name, None)
            if signal is not None:
                signal.connect(slot)
        self.set_mode(self._mode)
        self._request_render()
        self.preview_attached.emit()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(mode)
        if self.read_only:
            # a text file is not Markdown: no preview of it; a picture has no text
            mode = "preview" if self.media else "source"
        changed = mode != self._mode
        was = self._mode
        self._mode = mode
        if mode != "preview":
            self.last_edit_mode = mode
        self.pane.setVisible(mode in ("split", "source"))
        if self._preview_box is not None:
            self._preview_box.setVisible(mode in ("split", "preview"))
            self._preview_box.set_reading(mode == "preview")
        if mode != "source":
            self._request_render()
        if changed:
            self.scroll_sync.keep_place(was, mode)
            self.mode_changed.emit(mode)

    def show_find(self) -> None:
        """Find in what is being read: the preview in the reading view, else the text."""
        if self._mode == "preview" and self.preview_find is not None:
            self.preview_find.open_bar()
        else:
            self.pane.show_find()

    def scroll_to_fragment(self, fragment: str) -> None:
        """Show a heading or block (``^id``) of this note in the preview."""
        scroll = getattr(self.preview, "scroll_to_fragment", None)
        if scroll is not None:
            scroll(fragment)

    @property
    def mode(self) -> str:
        return self._mode

    def rerender(self) -> None:
        """Render again (links may resolve differently after the index changed)."""
        self._request_render()

    def _request_render(self, text: str | None = None) -> None:
        if self.preview is None or self._mode == "source":
            return
        if self.media and is_canvas_path(self.path):
            self._renderer.request(self.path, canvas_view_text(self.path))
            return
        if self.media:
            show = getattr(self.preview, "show_html", None)
            if show is not None:
                self._shown_version += 1
                show(media_view_html(self.path), self._shown_version)
            return
        self._renderer.request(self.path, self.editor.toPlainText() if text is None else text)

    def _on_renderer_rendered(
        self, version: int, source: str, result: object, _seconds: float
    ) -> None:
        if source != self.path or self.preview is None or version < self._shown_version:
            return
        self._shown_version = version
        blocks = getattr(result, "blocks", None)
        show_blocks = getattr(self.preview, "show_blocks", None)
        if blocks is not None and show_blocks is not None:
            show_blocks(
                blocks, version, getattr(result, "patch", None), getattr(result, "base", None)
            )
            return
        show = getattr(self.preview, "show_html", None)
        if show is not None:
            show(result if isinstance(result, str) else getattr(result, "html", ""), version)

    def _on_document_contents_change(self, _position: int, _removed: int, _added: int) -> None:
        self._edited = True

    def _on_editor_text_changed(self) -> None:
        # textChanged also fires when the highlighter restyles blocks (no edit at all);
        # only an edit emits contentsChange. Only a real change of the text may cost
        # a render and a dirty check.
        if not self._edited:
            return
        self._edited = False
        if self._was_dirty and self.editor.document().characterCount() > LAZY_TEXT_CHARS:
            # Reading a long note's text costs milliseconds per keystroke: the render
            # reads it when it starts, the dirty state once typing pauses.
            self._text_stale = True
            self._sync_timer.start()
            if self.preview is not None and self._mode != "source":
                self._renderer.request_lazy(self.path, self._fresh_text)
            self.text_edited.emit()
            return
        if not self._read_text():
            return
        self._request_render(self._last_text)
        self.announce_dirty(only_on_change=True)
        self.text_edited.emit()

    def _read_text(self) -> bool:
        """Read the editor's text into the document; True if it changed."""
        self._text_stale = False
        text = self.editor.toPlainText()
        if text == self._last_text:
            return False
        self._last_text = text
        if self.document is not None:
            self.document.text = text
        return True

    def _fresh_text(self) -> str:
        """The text, read now if an edit left it stale (and the dirty state with it)."""
        self._sync_timer.stop()
        if self._text_stale:
            self._read_text()
            self.announce_dirty(only_on_change=True)
        return self._last_text

    def _on_preview_task_toggle_requested(self, line: int) -> None:
        toggle = getattr(self.editor, "toggle_task", None)
        if toggle is not None:
            toggle(line + 1)
