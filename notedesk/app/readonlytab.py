"""A tab's read-only state follows its file's name: a text file that is not a note
(``LICENSE``, ``notes.txt``) is shown read-only, a note is editable, also after a
rename turns one into the other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from notedesk.core.vault import VaultError, is_note_path

if TYPE_CHECKING:
    from notedesk.app.notetab import NoteTab

_BAR = "read_only_bar"


def follow_read_only(tab: NoteTab) -> None:
    """Make ``tab`` read-only or editable as its path says: the editor's flag, the bar
    saying so, the find bar's replace row, the preview (notes only).

    A note with unsaved text that becomes a text file is saved first (its text is on
    disk before the editor stops taking it); if that fails it stays editable, so
    nothing typed is lost, and turns read-only the next time its path changes."""
    read_only = not is_note_path(tab.path)
    if read_only and not tab.read_only and tab.dirty:
        try:
            tab.save()
        except VaultError:
            return
        if tab.dirty:
            return
    tab.read_only = read_only
    tab.editor.setReadOnly(read_only)
    tab.pane.find_bar.sync_read_only()
    bar = tab.findChild(QLabel, _BAR)
    if read_only:
        if bar is None:
            tab.add_bar(_read_only_bar(tab.path, tab))
        else:
            bar.setText(_bar_text(tab.path))
        tab.set_mode("source")  # a text file is not Markdown: no preview of it
    elif bar is not None:
        bar.hide()
        bar.deleteLater()
        bar.setObjectName("")


def _bar_text(path: str) -> str:
    return f"“{path.rsplit('/', 1)[-1]}” is not a note: shown read-only."


def _read_only_bar(path: str, parent: QWidget) -> QLabel:
    bar = QLabel(_bar_text(path), parent)
    bar.setObjectName(_BAR)
    bar.setStyleSheet(
        "padding: 4px 8px; color: palette(window-text); background: palette(alternate-base);"
        "border-bottom: 1px solid palette(mid);"
    )
    bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return bar
