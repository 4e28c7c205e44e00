"""The main window's status bar: indexing progress, mode, word counts, saved state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar

from notedesk.core.wordcount import count_words, counted

if TYPE_CHECKING:
    from notedesk.app.notetab import NoteTab

MODE_NAMES = {"split": "Side by side", "source": "Source", "preview": "Reading"}


class WindowStatus(QObject):
    """Owns the permanent status bar widgets and keeps them in step with the current tab."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._tab: NoteTab | None = None
        self.progress = QProgressBar(window)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.counts_label = QLabel(window)
        # Counting words of a long note per keystroke would cost more than the keystroke.
        self.counts_timer = QTimer(self)
        self.counts_timer.setSingleShot(True)
        self.counts_timer.setInterval(300)
        self.counts_timer.timeout.connect(self.update_counts)
        self.save_state_label = QLabel(window)
        self.mode_label = QLabel(window)
        status = window.statusBar()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.mode_label)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.save_state_label)

    def show_tab(self, tab: NoteTab | None) -> None:
        """``tab`` became current: refresh everything that describes it."""
        self._tab = tab
        self.update_counts()
        self.update_save_state()
        self.update_mode()

    def update_counts(self) -> None:
        tab = self._tab
        if tab is None or tab.media:  # a picture or a PDF has no words to count
            self.counts_label.clear()
            return
        words, chars = count_words(tab.text())
        self.counts_label.setText(f"{counted(words, 'word')} · {counted(chars, 'character')}")

    def update_save_state(self) -> None:
        tab = self._tab
        if tab is None:
            state = ""
        elif tab.read_only:
            state = "Read-only"
        else:
            state = "Unsaved" if tab.dirty else "Saved"
        self.save_state_label.setText(state)

    def update_mode(self) -> None:
        tab = self._tab
        if tab is not None and tab.mode in MODE_NAMES:
            self.mode_label.setText(MODE_NAMES[tab.mode])

    def set_progress(self, done: int, total: int, label: str) -> None:
        if total <= 0 or done >= total:
            self.progress.hide()
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{label} %v/%m")
        self.progress.show()
