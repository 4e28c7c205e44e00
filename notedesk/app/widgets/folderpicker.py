"""Move to Folder: pick a vault folder by typing part of its path; a new name creates it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from notedesk.app.widgets.findlist import FindPopup
from notedesk.app.widgets.findrows import Row
from notedesk.core.fuzzy import Candidate, FuzzyMatcher

ROOT_LABEL = "/ (vault root)"


class FolderPicker(FindPopup):
    """Signals:
    folder_chosen(folder, is_new): move into ``folder`` ("" is the vault root); ``is_new``:
        it does not exist yet (the name was typed), create it first. Enter takes the
        row chosen (the last row, "New folder: …", when nothing else matches the name
        typed); Shift+Enter always takes the name typed.

    ``popup_for(paths, folders)`` opens it for moving ``paths`` (named in the box), with the
    vault's ``folders`` to choose from; left out are the folders being moved (with what is
    in them) and the folder all of ``paths`` are in already.
    """

    folder_chosen = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None, limit: int = 100) -> None:
        super().__init__("Move to folder…", parent)
        self.setObjectName("folderPicker")
        self.list.setUniformItemSizes(True)
        self._limit = limit
        self._folders: list[str] = []
        self._known: set[str] = set()
        self._matcher = FuzzyMatcher(())
        self._what: list[str] = []

    def popup_for(self, paths: list[str], folders: list[str]) -> None:
        self._what = paths
        homes = {p.rpartition("/")[0] for p in paths}
        here = next(iter(homes)) if len(homes) == 1 else None
        self._folders = [
            f
            for f in ["", *folders]
            if f != here and not any(f == p or f.startswith(p + "/") for p in paths)
        ]
        self._known = {f.casefold() for f in ["", *folders]}
        self._matcher = FuzzyMatcher(Candidate(f, f, "path") for f in self._folders if f)
        what = f"“{paths[0]}”" if len(paths) == 1 else f"{len(paths)} items"
        self.input.setPlaceholderText(f"Move {what} to folder…")
        self.popup()

    def rows(self, query: str) -> list[Row]:
        typed = query.strip().strip("/")
        if not query.strip():
            return [self._row(f, ()) for f in self._folders[: self._limit]]
        rows = [
            self._row(m.candidate.key, m.positions) for m in self._matcher.rank(typed, self._limit)
        ]
        if typed and typed.casefold() not in self._known:
            rows.append(Row(f"New folder: {typed}", (typed, True), "", (), "create and move"))
        return rows

    @staticmethod
    def _row(folder: str, positions: tuple[int, ...]) -> Row:
        return Row(folder or ROOT_LABEL, (folder, False), "", positions)

    def help_text(self, query: str, count: int) -> str:
        if not count:
            return "Type a folder's name"
        return "↵ move · ⇧↵ move to a new folder named as typed · Esc cancel"

    def accept_row(self, row: Row | None, modifiers: Qt.KeyboardModifier) -> None:
        typed = self.input.text().strip().strip("/")
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if shift and typed and typed.casefold() not in self._known:
            row = Row(typed, (typed, True))
        if row is None:
            return
        folder, is_new = row.payload
        self.close()
        self.folder_chosen.emit(folder, is_new)
