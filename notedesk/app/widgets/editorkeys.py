"""The source editor's command keys: shortcuts that act instead of typing."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

_Key = Qt.Key
_Mod = Qt.KeyboardModifier


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


def run_command_key(target: CommandTarget, event: QKeyEvent) -> bool:
    """Ctrl+Space completion, Ctrl+= / Ctrl+- / Ctrl+0 zoom, Ctrl+L task, Alt/Ctrl+Enter
    follow link, Ctrl+Y redo (as well as Ctrl+Shift+Z), F2 rename the note; True when the
    key was one of them."""
    key = event.key()
    mods = event.modifiers() & ~_Mod.KeypadModifier
    ctrl = _Mod.ControlModifier
    if mods == ctrl and key == _Key.Key_Space:
        target.open_completion()
    elif mods in (ctrl, ctrl | _Mod.ShiftModifier) and key in (_Key.Key_Equal, _Key.Key_Plus):
        target.zoom_in()
    elif mods == ctrl and key == _Key.Key_Minus:
        target.zoom_out()
    elif mods == ctrl and key == _Key.Key_0:
        target.reset_zoom()
    elif mods == ctrl and key == _Key.Key_L:
        target.toggle_task_at_cursor()
    elif key in (_Key.Key_Return, _Key.Key_Enter) and mods in (_Mod.AltModifier, ctrl):
        target.follow_link_at_cursor(new_tab=mods == ctrl)
    elif mods == ctrl and key == _Key.Key_Y:
        target.redo()
    elif mods == _Mod.NoModifier and key == _Key.Key_F2:
        target.request_rename()
    else:
        return False
    return True
