"""Completion of note names, headings, block ids and tags while typing.

``LinkCompleter`` is a helper owned by the editor: the editor hands it key
presses first and tells it when text was typed; the rules for what to complete
are in ``notedesk.core.mdcontext``. The popup is a frameless top-level window
shown without activation (so it never takes focus from the editor) that may
reach beyond the editor's edges: it opens under the cursor, or above it when the
screen has no room below, and stays on the screen horizontally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QPalette, QTextBlock, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
)

from notedesk.app.widgets.themelook import focus_kept_elsewhere, follow_palette, sheet_colour
from notedesk.core.mdcontext import CompletionContext, completion_context, rank_candidates
from notedesk.core.utf16 import to_index, to_utf16

# (shown in the popup, inserted into the text: the whole link, "[[Note]]" or
# "[Note](Note.md)", for notes, headings and blocks; the name for tags)
Candidate = tuple[str, str]

_ROLE_INSERT = Qt.ItemDataRole.UserRole
_MAX_ROWS = 10
_ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
_MOVE_KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)
_CLOSE_KEY = Qt.Key.Key_Escape


def completion_shortcut_rows() -> list[tuple[str, str]]:
    """(what it does, keys) for the keys of the open completion list (Help lists them)."""
    return [
        ("Completion list: choose the entry", _key_names(_ACCEPT_KEYS)),
        ("Completion list: move the selection", _key_names(_MOVE_KEYS)),
        ("Completion list: close it", _key_names((_CLOSE_KEY,))),
    ]


def _key_names(keys: tuple[Qt.Key, ...]) -> str:
    from PySide6.QtGui import QKeySequence

    names: list[str] = []
    for key in keys:
        name = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        name = "Enter" if name == "Return" else name
        if name not in names:
            names.append(name)
    return " / ".join(names)


@dataclass
class CompletionProviders:
    """Where candidates come from; each returns (display, insert_text) pairs.

    ``notes()``, ``headings`` and ``block_ids`` insert a whole link (written by
    ``notedesk.core.linkwrite``): it replaces the ``[[`` and the text typed after it.
    ``notes()``: note names and aliases (an alias may insert ``[[Note|Alias]]``).
    ``headings(note)`` / ``block_ids(note)``: of the link's note part as typed
    (``""`` means the note being edited). ``tags()``: tag names without ``#``.
    Called once per popup, not per keystroke.
    """

    notes: Callable[[], list[Candidate]] | None = None
    headings: Callable[[str], list[Candidate]] | None = None
    block_ids: Callable[[str], list[Candidate]] | None = None
    tags: Callable[[], list[Candidate]] | None = None
    # The link for the chosen ``notes()`` entry's insert; None: the insert is the link.
    note_link: Callable[[str], str] | None = None


class CompletionPopup(QListWidget):
    """The suggestion list; never takes focus, the editor keeps typing."""

    def __init__(self, parent: QPlainTextEdit) -> None:
        super().__init__(parent)
        # Its own top-level window, so the editor's edges do not clip it; frameless,
        # left alone by the window manager (like a menu) and never activated.
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.BypassWindowManagerHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("completion_popup")
        # A window of its own needs an edge that shows on an editor of the same colour.
        self._restyle(QApplication.palette(self))
        follow_palette(self, lambda _old, new: self._restyle(new))
        self.hide()

    def _restyle(self, palette: QPalette) -> None:
        mid = sheet_colour(palette, QPalette.ColorRole.Mid)
        self.setStyleSheet(f"#completion_popup {{ border: 1px solid {mid}; }}")
        focus_kept_elsewhere(self, palette)

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self.clear()
        for display, insert in candidates:
            item = QListWidgetItem(display)
            item.setData(_ROLE_INSERT, insert)
            if insert != display:
                item.setToolTip(insert)
            self.addItem(item)
        if candidates:
            self.setCurrentRow(0)

    def current_insert(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(_ROLE_INSERT))

    def step(self, key: Qt.Key) -> None:
        count = self.count()
        if not count:
            return
        row = max(self.currentRow(), 0)
        delta = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -_MAX_ROWS,
            Qt.Key.Key_PageDown: _MAX_ROWS,
        }[key]
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = (row + delta) % count
        else:
            row = min(max(row + delta, 0), count - 1)
        self.setCurrentRow(row)


def popup_rect(below: QPoint, above_top: int, width: int, height: int, screen: QRect) -> QRect:
    """Where the popup goes (global coordinates): its top left at ``below`` (under the
    cursor), or flipped up to ``above_top`` when the screen has no room below; moved
    left to stay on the screen."""
    width = min(width, screen.width())
    y = below.y()
    if y + height > screen.bottom() + 1 and above_top >= screen.top():
        y = above_top
    x = max(min(below.x(), screen.right() + 1 - width), screen.left())
    return QRect(x, y, width, height)


class LinkCompleter(QObject):
    """Opens, filters and applies completions for one editor."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        providers: CompletionProviders | None = None,
        in_code: Callable[[QTextBlock], bool] | None = None,
    ):
        super().__init__(editor)
        self._editor = editor
        self._in_code = in_code
        self.providers = providers or CompletionProviders()
        self.popup = CompletionPopup(editor)
        self.popup.itemClicked.connect(self._on_popup_item_clicked)
        editor.verticalScrollBar().valueChanged.connect(self._place_if_active)
        self._context: CompletionContext | None = None
        self._session: tuple[str, str] | None = None  # (kind, note) the cache belongs to
        self._candidates: list[Candidate] = []

    @property
    def active(self) -> bool:
        return self.popup.isVisible()

    def close(self) -> None:
        self.popup.hide()
        self._context = None
        self._session = None
        self._candidates = []

    def handle_key(self, event: QKeyEvent) -> bool:
        """Keys the open popup consumes (move, accept, close); True when consumed."""
        if not self.active:
            return False
        key = event.key()
        if key in _MOVE_KEYS:
            self.popup.step(Qt.Key(key))
            return True
        if key in _ACCEPT_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.accept()
            return True
        if key == _CLOSE_KEY:
            self.close()
            return True
        return False

    def refresh(self, force: bool = False) -> None:
        """Re-read the context at the cursor after an edit; opens, filters or closes
        (never opens in a read-only editor)."""
        context = None if self._editor.isReadOnly() else self._context_at_cursor()
        if context is None or (context.kind == "tag" and not context.query and not force):
            self.close()
            return
        session = (context.kind, context.note)
        if session != self._session:
            self._candidates = self._fetch(context)
            self._session = session
        self._context = context
        ranked = rank_candidates(context.query, self._candidates)
        if not ranked:
            self.popup.hide()
            return
        self.popup.set_candidates(ranked)
        self._place()
        if not self.popup.isVisible():
            self.popup.show()
        # An edit can rewrap the line after this runs: place again once laid out.
        QTimer.singleShot(0, self._place_if_active)

    def cursor_moved(self) -> None:
        """Close when the cursor left what is being completed (typing stays inside)."""
        if not self.active or self._context is None:
            return
        now = self._context_at_cursor()
        if now is None or now[:1] + now[2:] != self._context[:1] + self._context[2:]:
            self.close()

    def accept(self) -> None:
        insert = self.popup.current_insert()
        context = self._context
        self.close()
        if insert is None or context is None or self._editor.isReadOnly():
            return
        if context.kind == "note" and self.providers.note_link is not None:
            insert = self.providers.note_link(insert)
        cursor = self._editor.textCursor()
        block = cursor.block()
        text = block.text()
        column = to_index(text, cursor.positionInBlock())
        start, end = context.start, column
        if context.kind != "tag":
            # A link's entry is the whole link: it replaces "[[" and what was typed, and
            # the "]]" already after the cursor.
            start = text.rfind("[[", 0, column)
            if text[column:].startswith("]]"):
                end = column + 2
        cursor.beginEditBlock()
        cursor.setPosition(block.position() + to_utf16(text, start))
        cursor.setPosition(block.position() + to_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(insert)
        cursor.endEditBlock()
        self._editor.setTextCursor(cursor)

    # -- internals ---------------------------------------------------------------

    def _context_at_cursor(self) -> CompletionContext | None:
        cursor = self._editor.textCursor()
        if cursor.hasSelection():
            return None
        if self._in_code is not None and self._in_code(cursor.block()):
            return None
        text = cursor.block().text()
        before = text[: to_index(text, cursor.positionInBlock())]
        return completion_context(before)

    def _fetch(self, context: CompletionContext) -> list[Candidate]:
        p = self.providers
        if context.kind == "note" and p.notes is not None:
            return list(p.notes())
        if context.kind == "heading" and p.headings is not None:
            return list(p.headings(context.note))
        if context.kind == "block" and p.block_ids is not None:
            return list(p.block_ids(context.note))
        if context.kind == "tag" and p.tags is not None:
            return list(p.tags())
        return []

    def _place_if_active(self) -> None:
        if self.active:
            self._place()

    def _place(self) -> None:
        editor = self._editor
        rows = min(self.popup.count(), _MAX_ROWS)
        row_height = max(self.popup.sizeHintForRow(0), self.popup.fontMetrics().height())
        height = rows * row_height + 2 * self.popup.frameWidth() + 2
        width = max(320, self.popup.sizeHintForColumn(0) + 30)
        cursor = editor.cursorRect()
        viewport = editor.viewport()
        below = viewport.mapToGlobal(cursor.bottomLeft() + QPoint(0, 2))
        above_top = viewport.mapToGlobal(cursor.topLeft()).y() - height - 2
        screen = editor.screen().availableGeometry()
        self.popup.setGeometry(popup_rect(below, above_top, width, height, screen))

    def _on_popup_item_clicked(self, item: QListWidgetItem) -> None:
        self.popup.setCurrentItem(item)
        self.accept()
