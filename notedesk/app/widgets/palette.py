"""Command palette (Ctrl+P): every action with its shortcut, fuzzy filtered; Enter runs it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from notedesk.app.widgets.findlist import FindPopup
from notedesk.app.widgets.findrows import Row
from notedesk.core.fuzzy import Candidate, FuzzyMatcher


def action_label(action: QAction) -> str:
    """The action's text without mnemonic ampersands or a trailing ellipsis (or its
    ``palette_label`` property: a recent vault's menu entry is just its path)."""
    own = action.property("palette_label")
    if isinstance(own, str) and own:
        return own
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip(".…").strip()


def _shortcut(action: QAction) -> str:
    keys = action.shortcut()
    return keys.toString(QKeySequence.SequenceFormat.NativeText) if not keys.isEmpty() else ""


class CommandPalette(FindPopup):
    """Signals:
    command_triggered(label): an action was run from the palette (after it ran).

    ``actions`` returns the QActions to offer (called each time the palette opens, so
    actions added later appear); disabled, invisible, separator and text-less actions
    are left out. Recently run commands come first while the box is empty.
    """

    command_triggered = Signal(str)

    def __init__(
        self,
        actions: Callable[[], Iterable[QAction]],
        parent: QWidget | None = None,
        limit: int = 100,
    ) -> None:
        super().__init__("Type a command…", parent)
        self.setObjectName("commandPalette")
        self.list.setUniformItemSizes(True)  # one line per command, no subtitles
        self._actions = actions
        self._limit = limit
        self._offered: list[QAction] = []
        self._labels: list[str] = []
        self._recent: list[str] = []
        self._matcher = FuzzyMatcher(())

    def popup(self, text: str = "") -> None:
        self._offered = [
            a
            for a in self._actions()
            if a.isEnabled() and a.isVisible() and not a.isSeparator() and action_label(a)
        ]
        self._labels = [action_label(a) for a in self._offered]
        # The same matcher as the quick switcher, built once per opening, not per keystroke.
        self._matcher = FuzzyMatcher(Candidate(t, str(i)) for i, t in enumerate(self._labels))
        super().popup(text)

    def rows(self, query: str) -> list[Row]:
        if not query.strip():
            order = sorted(
                range(len(self._offered)),
                key=lambda i: (
                    self._recent.index(self._labels[i]) if self._labels[i] in self._recent else 99,
                    self._labels[i].casefold(),
                ),
            )
            return [self._row(i, ()) for i in order[: self._limit]]
        ranked = self._matcher.rank(query, self._limit)
        return [self._row(int(m.candidate.key), m.positions) for m in ranked]

    def _row(self, i: int, positions: tuple[int, ...]) -> Row:
        return Row(self._labels[i], i, "", positions, _shortcut(self._offered[i]))

    def help_text(self, query: str, count: int) -> str:
        return "No matching command" if query.strip() and count == 0 else "↵ run · Esc close"

    def accept_row(self, row: Row | None, modifiers: Qt.KeyboardModifier) -> None:
        if row is None:
            return
        action = self._offered[int(row.payload)]
        label = self._labels[int(row.payload)]
        self.close()
        if label in self._recent:
            self._recent.remove(label)
        self._recent.insert(0, label)
        del self._recent[10:]
        action.trigger()
        self.command_triggered.emit(label)
