"""Status-bar notice for conflict files that sync tools (and notedesk) left in the vault."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget


class SyncConflictNotice(QToolButton):
    """Hidden while there are none; else "N conflict files" with a menu of them.

    Signals:
        compare_requested(conflict, original): compare a conflict file with its original.
    """

    compare_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(True)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.pairs: list[tuple[str, str]] = []
        self.hide()

    def set_conflicts(self, pairs: list[tuple[str, str]]) -> None:
        """``(conflict_path, original_path)`` pairs, vault-relative."""
        self.pairs = sorted(pairs)
        self.menu_.clear()
        for conflict, original in self.pairs:
            action = self.menu_.addAction(f"Compare “{conflict}” with “{original}”")
            action.triggered.connect(
                lambda _c=False, a=conflict, b=original: self.compare_requested.emit(a, b)
            )
        count = len(self.pairs)
        self.setText(f"⚠ {count} conflict file{'s' if count != 1 else ''}")
        self.setToolTip(
            "Other versions of notes, left by a sync tool or kept by notedesk. "
            "Click to compare one with its original."
        )
        self.setVisible(bool(count))
