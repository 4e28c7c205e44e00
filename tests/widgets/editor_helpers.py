"""Shared helpers for the editor widget tests."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat

from notedesk.app.widgets.editor import NoteEditor


def format_at(editor: NoteEditor, line: int, col: int) -> QTextCharFormat | None:
    """The highlighter's format at 0-based line/UTF-16 column, or None if unstyled."""
    block = editor.document().findBlockByNumber(line)
    found = None
    ranges = block.layout().formats()
    for rng in ranges:
        if rng.start <= col < rng.start + rng.length:
            found = QTextCharFormat(rng.format)  # the range's own format dies with the list
    return found


def colour_at(editor: NoteEditor, line: int, col: int) -> str:
    fmt = format_at(editor, line, col)
    if fmt is None or not fmt.hasProperty(fmt.Property.ForegroundBrush):
        return ""
    return fmt.foreground().color().name()


def cursor_to(editor: NoteEditor, pos: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(pos)
    editor.setTextCursor(cursor)


def cursor_to_end(editor: NoteEditor) -> None:
    cursor_to(editor, len(editor.toPlainText()))
