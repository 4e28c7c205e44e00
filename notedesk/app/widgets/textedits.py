"""Applies the pure editing rules of ``notedesk.core.editing`` to a QPlainTextEdit.

Each function is one undo step and returns whether it did anything, so the
editor can fall back to Qt's default key handling.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from notedesk.core.editing import (
    enter_edit,
    indent_line,
    outdent_line,
    parse_list_item,
    renumber_following,
    toggle_task_in_line,
)
from notedesk.core.listtree import subtree_end
from notedesk.core.utf16 import to_index, to_utf16

_Move = QTextCursor.MoveMode


def continue_list(editor: QPlainTextEdit, indent_unit: str) -> bool:
    """Enter on a list/quote line: next item, or end the list on an empty item.

    A new numbered item renumbers the items after it in the same undo step.
    """
    cursor = editor.textCursor()
    if cursor.hasSelection():
        return False
    block = cursor.block()
    text = block.text()
    edit = enter_edit(text, to_index(text, cursor.positionInBlock()), indent_unit)
    if edit is None:
        return False
    base = block.position()
    cursor.beginEditBlock()
    cursor.setPosition(base + to_utf16(text, edit.start))
    cursor.setPosition(base + to_utf16(text, edit.end), _Move.KeepAnchor)
    cursor.insertText(edit.text)
    if edit.text.startswith("\n"):
        _renumber_after(cursor.block())
    cursor.endEditBlock()
    cursor.setPosition(base + to_utf16(text, edit.start) + to_utf16(edit.text, edit.cursor))
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    return True


def _renumber_after(block: QTextBlock) -> None:
    def following() -> Iterator[str]:
        line = block.next()
        while line.isValid():
            yield line.text()
            line = line.next()

    first = block.blockNumber() + 1
    doc = block.document()
    for index, new in renumber_following(block.text(), following()):
        target = doc.findBlockByNumber(first + index)
        edit = QTextCursor(target)
        edit.movePosition(QTextCursor.MoveOperation.EndOfBlock, _Move.KeepAnchor)
        edit.insertText(new)


def shift_lines(editor: QPlainTextEdit, outdent: bool, indent_unit: str) -> bool:
    """Tab/Shift+Tab on a list item or a multi-line selection: (out)dent whole lines.

    A list item moves with its children (the deeper lines under the last selected
    line), blank lines among them left alone. A single plain line is only
    outdented; Tab there inserts a tab as usual.
    """
    cursor = editor.textCursor()
    doc = editor.document()
    first = doc.findBlock(cursor.selectionStart())
    last = doc.findBlock(cursor.selectionEnd())
    if (
        cursor.hasSelection()
        and last.blockNumber() > first.blockNumber()
        and cursor.selectionEnd() == last.position()
    ):
        last = last.previous()  # a selection ending at a line start leaves that line alone
    multi = last.blockNumber() > first.blockNumber()
    if not multi and not outdent and parse_list_item(first.text()) is None:
        return False
    col_in_first = cursor.positionInBlock() if not multi else 0
    old_len = first.length()
    last_text = last.text()
    moved = outdent_line(last_text, indent_unit) if outdent else indent_line(last_text, indent_unit)
    # An item that cannot move (already at the left) keeps its children where they are.
    children_end = _subtree_end(last) if moved != last_text else last.blockNumber()
    edit = QTextCursor(doc)
    edit.beginEditBlock()
    block = first
    while block.isValid() and block.blockNumber() <= children_end:
        text = block.text()
        if block.blockNumber() > last.blockNumber() and not text.strip():
            block = block.next()
            continue
        new = outdent_line(text, indent_unit) if outdent else indent_line(text, indent_unit)
        if new != text:
            edit.setPosition(block.position())
            edit.setPosition(
                block.position() + len(text.encode("utf-16-le")) // 2, _Move.KeepAnchor
            )
            edit.insertText(new)
        block = block.next()
    edit.endEditBlock()
    if multi:
        start = doc.findBlockByNumber(first.blockNumber())
        end = doc.findBlockByNumber(last.blockNumber())
        cursor.setPosition(start.position())
        cursor.setPosition(end.position() + end.length() - 1, _Move.KeepAnchor)
    else:
        delta = doc.findBlockByNumber(first.blockNumber()).length() - old_len
        block_pos = doc.findBlockByNumber(first.blockNumber()).position()
        col = max(col_in_first + delta, 0)
        cursor.setPosition(block_pos + col)
    editor.setTextCursor(cursor)
    return True


def _subtree_end(block: QTextBlock) -> int:
    """The block number of the last child line of the list item on ``block``."""

    def lines() -> Iterator[str]:
        line = block
        while line.isValid():
            yield line.text()
            line = line.next()

    # Only the lines up to the first one that is not deeper are read.
    texts: list[str] = []
    for text in lines():
        texts.append(text)
        if len(texts) > 1 and text.strip() and not text[:1].isspace() and ">" not in text[:1]:
            break
    return block.blockNumber() + subtree_end(texts, 0)


def toggle_task_at(editor: QPlainTextEdit, line: int) -> bool:
    """Toggle the task on 1-based ``line`` through a cursor edit (undoable); False if none."""
    block = editor.document().findBlockByNumber(line - 1)
    if not block.isValid():
        return False
    text = block.text()
    new = toggle_task_in_line(text)
    if new is None:
        return False
    index = next(i for i, (a, b) in enumerate(zip(text, new, strict=True)) if a != b)
    edit = QTextCursor(editor.document())
    edit.setPosition(block.position() + to_utf16(text, index))
    edit.setPosition(edit.position() + 1, _Move.KeepAnchor)
    edit.insertText(new[index])
    return True
