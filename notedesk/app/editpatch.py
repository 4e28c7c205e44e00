"""Change an editor's text in place: only the changed lines, as one undoable step.

Unlike ``setPlainText`` this keeps the undo history, the cursor and selection
(Qt moves them with the text around them) and the view on the same lines.
Only the lines between the texts' common start and end are compared, so a
small change to a long note costs little.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from notedesk.core.merge3 import changed_lines, line_edits
from notedesk.core.utf16 import to_utf16

log = logging.getLogger(__name__)


def patch_text(editor: QPlainTextEdit, old: str, new: str, *, limit: int | None = None) -> bool:
    """Turn the editor's text, which is ``old``, into ``new`` (Ctrl+Z undoes it at once).

    With ``limit``, gives up (False, nothing changed) when more than that many
    characters of the two texts differ: replacing all the text costs less then.
    """
    if old == new:
        return True
    start, old_end, new_end = changed_lines(old, new)
    if limit is not None and (old_end - start) + (new_end - start) > limit:
        return False
    old_part = old[start:old_end]
    edits = line_edits(old_part, new[start:new_end])
    if not edits:
        return True
    base = to_utf16(old, start)
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
        cursor.setPosition(base + to_utf16(old_part, edit.start))
        cursor.setPosition(base + to_utf16(old_part, edit.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(edit.text)
    if editor.toPlainText() != new:  # never expected; the text must come out right anyway
        log.error("patching the editor's text went wrong; replacing all of it")
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(new)
    cursor.endEditBlock()
    block = doc.findBlock(top_mark.position())
    if block.isValid():
        bar.setValue(block.firstLineNumber() + max(0, wrapped_rows))
    return True
