"""Auto-pairing of brackets, quotes and Markdown syntax while typing in the editor.

The rules are ``notedesk.core.autopair``; this keeps track of the closing
characters it inserted (so typing one steps over it only when it put it there)
and applies the edits to a QPlainTextEdit, each as one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from notedesk.core.autopair import BRACKETS, closing_for, deletes_pair, wrap_for
from notedesk.core.utf16 import to_index

_Move = QTextCursor.MoveMode
_TYPING_MODS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
_CLOSERS = frozenset(BRACKETS.values())


class AutoPairs:
    """Handles the keys that pair for one editor (see ``handle_key``)."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        # Each selects one closing character this inserted; Qt moves them with edits.
        self._inserted: list[QTextCursor] = []
        editor.cursorPositionChanged.connect(self._forget_off_line)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Pair, wrap, step over or delete a pair for this key press; True when done
        (the key must not type as usual), False to let it type."""
        if event.modifiers() & ~_TYPING_MODS:
            return False
        cursor = self._editor.textCursor()
        if event.key() == Qt.Key.Key_Backspace:
            return not cursor.hasSelection() and self._delete_pair(cursor)
        char = event.text()
        if len(char) != 1:
            return False
        if cursor.hasSelection():
            return self._wrap(cursor, char)
        return self._step_over(cursor, char) or self._open(cursor, char)

    def forget(self) -> None:
        """New text was loaded: nothing in it was inserted by typing."""
        self._inserted.clear()

    # -- the edits -----------------------------------------------------------------

    def _open(self, cursor: QTextCursor, char: str) -> bool:
        before, after = _around(cursor)
        close = closing_for(char, before, after)
        if close is None:
            return False
        cursor.beginEditBlock()
        cursor.insertText(char + close)
        cursor.endEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
        closer = QTextCursor(cursor)
        closer.movePosition(QTextCursor.MoveOperation.NextCharacter, _Move.KeepAnchor)
        self._inserted.append(closer)
        self._editor.setTextCursor(cursor)
        return True

    def _step_over(self, cursor: QTextCursor, char: str) -> bool:
        if char not in _CLOSERS:
            return False
        position = cursor.position()
        for closer in self._inserted:
            if closer.selectionStart() == position and closer.selectedText() == char:
                self._inserted.remove(closer)
                cursor.setPosition(position + 1)
                self._editor.setTextCursor(cursor)
                return True
        return False

    def _wrap(self, cursor: QTextCursor, char: str) -> bool:
        pair = wrap_for(char)
        if pair is None:
            return False
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        edit = QTextCursor(cursor.document())
        edit.beginEditBlock()
        edit.setPosition(end)
        edit.insertText(pair[1])
        edit.setPosition(start)
        edit.insertText(pair[0])
        edit.endEditBlock()
        # The wrapped text stays selected, so a second ``*`` makes it bold.
        cursor.setPosition(start + len(pair[0]))
        cursor.setPosition(end + len(pair[0]), _Move.KeepAnchor)
        self._editor.setTextCursor(cursor)
        return True

    def _delete_pair(self, cursor: QTextCursor) -> bool:
        before, after = _around(cursor)
        if not deletes_pair(before, after):
            return False
        cursor.beginEditBlock()
        cursor.deletePreviousChar()
        cursor.deleteChar()
        cursor.endEditBlock()
        self._editor.setTextCursor(cursor)
        return True

    def _forget_off_line(self) -> None:
        """Closers are only stepped over on the line where they were typed, while
        they are still there."""
        if not self._inserted:
            return
        block = self._editor.textCursor().block()
        self._inserted = [
            closer
            for closer in self._inserted
            if closer.hasSelection()
            and closer.selectedText() in _CLOSERS
            and closer.block() == block
        ]


def _around(cursor: QTextCursor) -> tuple[str, str]:
    """The line's text before and after the cursor."""
    text = cursor.block().text()
    col = to_index(text, cursor.positionInBlock())
    return text[:col], text[col:]
