"""Task list items: ``- [ ]``, ``- [x]`` and the extra states ``[?] [-] [/] [>]``."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notedesk.core.render.listindent import listindent_plugin

_BOX = re.compile(r"^\[([^\]\[\n])\](?=[ \t]|$)")

STATE_CLASSES: dict[str, str] = {
    " ": "task-todo",
    "x": "task-done",
    "X": "task-done",
    "?": "task-question",
    "-": "task-cancelled",
    "/": "task-in-progress",
    ">": "task-forwarded",
}


_LIST_OPEN = {"bullet_list_open", "ordered_list_open"}
_LIST_CLOSE = {"bullet_list_close", "ordered_list_close"}


def _tasks(state: StateCore) -> None:
    tokens = state.tokens
    lists: list[Token] = []  # the lists open at this point, innermost last
    for i in range(len(tokens) - 2):
        item = tokens[i]
        if item.type in _LIST_OPEN:
            lists.append(item)
            continue
        if item.type in _LIST_CLOSE:
            if lists:
                lists.pop()
            continue
        if item.type != "list_item_open":
            continue
        inline = tokens[i + 2]
        if tokens[i + 1].type != "paragraph_open" or inline.type != "inline" or not inline.children:
            continue
        first = inline.children[0]
        if first.type != "text":
            continue
        match = _BOX.match(first.content)
        if match is None:
            continue
        mark = match.group(1)
        first.content = first.content[match.end() :].lstrip(" \t")
        box = Token("nd_task_checkbox", "input", 0)
        box.meta = {"state": mark}
        inline.children.insert(0, box)
        item.attrJoin("class", "task-list-item " + STATE_CLASSES.get(mark, "task-other"))
        if mark != " ":
            item.attrJoin("class", "is-checked")
        item.attrSet("data-task", mark)
        parent = lists[-1] if lists else None
        if parent is not None and "contains-task-list" not in str(parent.attrGet("class") or ""):
            parent.attrJoin("class", "contains-task-list")


def _render_checkbox(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    mark = tokens[idx].meta["state"]
    checked = " checked" if mark != " " else ""
    return (
        f'<input type="checkbox" class="task-list-item-checkbox" '
        f'data-task="{escapeHtml(mark)}"{checked}> '
    )


def tasks_plugin(md: MarkdownIt) -> None:
    """List items: task checkboxes, and (listindent) lenient nesting of short indents."""
    listindent_plugin(md)
    md.core.ruler.after("inline", "nd_tasks", _tasks)
    md.add_render_rule("nd_task_checkbox", _render_checkbox)
