"""Change an editor's text in place: only the changed lines, as one undoable step.

Unlike ``setPlainText`` this keeps the undo history, the cursor and selection
(Qt moves them with the text around them) and the view on the same lines.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from notedesk.core.merge3 import line_edits
from notedesk.core.utf16 import to_utf16

log = logging.getLogger(__name__)


def patch_text(editor: QPlainTextEdit, old: str, new: str) -> None:
    """Turn the editor's text, which is ``old``, into ``new`` (Ctrl+Z undoes it at once)."""
    edits = line_edits(old, new)
    if not edits:
        return
    doc = editor.document()
    bar = editor.verticalScrollBar()
    top = editor.firstVisibleBlock()
    # The top line follows its text like any cursor does; wrapped lines below its start too.
    wrapped_rows = bar.value() - top.firstLineNumber()
    top_mark = QTextCursor(doc)
    top_mark.setPosition(top.position())
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    # Last first: the positions of the edits before stay as computed on ``old``.
    for edit in reversed(edits):
        cursor.setPosition(to_utf16(old, edit.start))
        cursor.setPosition(to_utf16(old, edit.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(edit.text)
    if editor.toPlainText() != new:  # never expected; the text must come out right anyway
        log.error("patching the editor's text went wrong; replacing all of it")
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(new)
    cursor.endEditBlock()
    block = doc.findBlock(top_mark.position())
    if block.isValid():
        bar.setValue(block.firstLineNumber() + max(0, wrapped_rows))
