"""The source editor's own keys and mouse gestures, in one table each.

The editor acts on them (``run_command_key``, ``link_click``) and Help › Keyboard
Shortcuts lists them (``editor_shortcut_rows``) from the same tables, so the list
shows what the keys do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

_Key = Qt.Key
_Mod = Qt.KeyboardModifier
_NONE = _Mod.NoModifier
_CTRL = _Mod.ControlModifier
_SHIFT = _Mod.ShiftModifier
_ALT = _Mod.AltModifier


class CommandTarget(Protocol):
    """What the keys act on (``NoteEditor``)."""

    def open_completion(self) -> None: ...
    def zoom_in(self) -> None: ...
    def zoom_out(self) -> None: ...
    def reset_zoom(self) -> None: ...
    def toggle_task_at_cursor(self) -> None: ...
    def follow_link_at_cursor(self, new_tab: bool = False) -> bool: ...
    def redo(self) -> None: ...
    def request_rename(self) -> None: ...
    def continue_list_at_cursor(self) -> bool: ...
    def indent_lines(self) -> bool: ...
    def outdent_lines(self) -> bool: ...


@dataclass(frozen=True)
class CommandKey:
    """``what`` the keys do; ``run`` does it and returns False when the key should
    type as usual after all (Enter outside a list); the first of ``keys`` is shown."""

    what: str
    run: Callable[[CommandTarget], object]
    keys: tuple[tuple[Qt.KeyboardModifier, Qt.Key], ...]
    edits: bool = True  # changes the text: not run in a read-only editor

    @property
    def shown(self) -> str:
        mods, key = self.keys[0]
        return _text(mods, key)


COMMAND_KEYS: tuple[CommandKey, ...] = (
    CommandKey(
        "Continue the list, task or quote on a new line",
        lambda t: t.continue_list_at_cursor(),
        ((_NONE, _Key.Key_Enter), (_NONE, _Key.Key_Return)),
    ),
    CommandKey(
        "Indent the list item or the selected lines",
        lambda t: t.indent_lines(),
        ((_NONE, _Key.Key_Tab),),
    ),
    CommandKey(
        "Outdent the list item or the selected lines",
        lambda t: t.outdent_lines(),
        ((_SHIFT, _Key.Key_Tab), (_SHIFT, _Key.Key_Backtab), (_NONE, _Key.Key_Backtab)),
    ),
    CommandKey(
        "Complete a link, heading, block or tag",
        lambda t: t.open_completion(),
        ((_CTRL, _Key.Key_Space),),
    ),
    CommandKey(
        "Follow the link or tag at the cursor",
        lambda t: t.follow_link_at_cursor(),
        ((_ALT, _Key.Key_Enter), (_ALT, _Key.Key_Return)),
        edits=False,
    ),
    CommandKey(
        "Open the link at the cursor in a new tab",
        lambda t: t.follow_link_at_cursor(new_tab=True),
        ((_CTRL, _Key.Key_Enter), (_CTRL, _Key.Key_Return)),
        edits=False,
    ),
    CommandKey(
        "Check or uncheck the task on the cursor's line",
        lambda t: t.toggle_task_at_cursor(),
        ((_CTRL, _Key.Key_L),),
    ),
    CommandKey("Redo (also Ctrl+Shift+Z)", lambda t: t.redo(), ((_CTRL, _Key.Key_Y),)),
    CommandKey(
        "Zoom in",
        lambda t: t.zoom_in(),
        (
            (_CTRL, _Key.Key_Equal),
            (_CTRL, _Key.Key_Plus),
            (_CTRL | _SHIFT, _Key.Key_Equal),
            (_CTRL | _SHIFT, _Key.Key_Plus),
        ),
        edits=False,
    ),
    CommandKey("Zoom out", lambda t: t.zoom_out(), ((_CTRL, _Key.Key_Minus),), edits=False),
    CommandKey(
        "Zoom back to the normal size",
        lambda t: t.reset_zoom(),
        ((_CTRL, _Key.Key_0),),
        edits=False,
    ),
    CommandKey(
        "Rename the note", lambda t: t.request_rename(), ((_NONE, _Key.Key_F2),), edits=False
    ),
)

_BY_KEYS = {
    QKeyCombination(mods, key).toCombined(): command
    for command in COMMAND_KEYS
    for mods, key in command.keys
}

# A left click with these modifiers follows the link under the pointer; with
# NEW_TAB_CLICK as well, in a new tab. ZOOM_WHEEL with the wheel zooms.
LINK_CLICK = _CTRL
NEW_TAB_CLICK = _SHIFT
ZOOM_WHEEL = _CTRL


def run_command_key(target: CommandTarget, event: QKeyEvent, *, read_only: bool = False) -> bool:
    """Run the command of the key of ``event`` (see ``COMMAND_KEYS``); True when the
    key was one of them and did its work. With ``read_only``, commands that change
    the text do nothing."""
    mods = event.modifiers() & ~_Mod.KeypadModifier
    command = _BY_KEYS.get(mods.value | event.key())
    if command is None or (read_only and command.edits):
        return False
    return command.run(target) is not False


def link_click(mods: Qt.KeyboardModifier) -> bool | None:
    """For a left click with ``mods``: None if it does not follow a link, else
    whether the link opens in a new tab."""
    if (mods & LINK_CLICK) != LINK_CLICK:
        return None
    return bool(mods & NEW_TAB_CLICK)


def editor_shortcut_rows() -> list[tuple[str, str]]:
    """(what it does, keys) for the editor's keys and mouse gestures, in table order."""
    rows = [(command.what, command.shown) for command in COMMAND_KEYS]
    click = _text(LINK_CLICK)
    rows += [
        ("Follow the link or tag under the pointer", f"{click}+Click"),
        (
            "Open the link under the pointer in a new tab",
            f"{_text(LINK_CLICK | NEW_TAB_CLICK)}+Click",
        ),
        ("Zoom in or out", f"{_text(ZOOM_WHEEL)}+Wheel"),
    ]
    return rows


def _text(mods: Qt.KeyboardModifier, key: Qt.Key | None = None) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    if key is not None:
        return QKeySequence(QKeyCombination(mods, key)).toString(native)
    # Modifiers alone have no key sequence: the name of a key with them, minus the key.
    text = QKeySequence(QKeyCombination(mods, _Key.Key_A)).toString(native)
    return text.rsplit("+", 1)[0]
