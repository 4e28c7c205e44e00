"""Quick switcher (Ctrl+O): jump to a note by fuzzy name, alias, title or path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from notedesk.app.background import run_in_background
from notedesk.app.widgets.findlist import FindPopup
from notedesk.app.widgets.findrows import Row
from notedesk.core.fuzzy import FuzzyMatcher, Match, note_candidates

NameRows = Callable[[], Iterable[tuple[str, str, bool | str]]]
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[: name.rfind(".")] if "." in name else name


_NO_NAMES = FuzzyMatcher([])


def _row(match: Match) -> Row:
    cand = match.candidate
    path = cand.key
    subtitle = f"{cand.kind} of {path}" if cand.kind in ("alias", "title") else path
    return Row(cand.text, path, subtitle, match.positions)


class QuickSwitcher(FindPopup):
    """Signals:
    open_requested(path, new_tab): the user chose a note (Enter; Ctrl+Enter for a new tab).
    create_requested(name): the user asked for a new note named as typed (Shift+Enter,
        or Enter when nothing matches).

    ``names`` returns ``(text, path, kind)`` rows (kind: "name", "alias" or "title"; see
    ``fuzzy.note_candidates``), e.g. from ``VaultIndex.completion_names``;
    ``recent`` returns recently opened paths, most recent first, shown while the box is empty.
    Both are called when the popup opens (and after ``refresh`` while it is open), never per
    keystroke.
    """

    open_requested = Signal(str, bool)
    create_requested = Signal(str)

    def __init__(
        self,
        names: NameRows,
        recent: Callable[[], list[str]] | None = None,
        parent: QWidget | None = None,
        limit: int = 50,
        runner: Runner = run_in_background,
    ) -> None:
        super().__init__("Find or create a note…", parent)
        self.setObjectName("quickSwitcher")
        # Every row has its path as a second line, so all rows are alike and the list lays
        # out from one size hint instead of asking the delegate for each of them.
        self.list.setUniformItemSizes(True)
        self._names = names
        self._recent = recent or (lambda: [])
        self._limit = limit
        self._run = runner
        self._matcher: FuzzyMatcher | None = None
        self._known: set[str] = set()
        self._build_seq = 0
        self._building = False

    def refresh(self) -> None:
        """The vault's names changed (index built or changed): rebuild the candidates.

        Always off the UI thread: reading the names of a 50k-note vault takes seconds
        (on a warm start they are decoded from the cache). Until the new candidates are
        ready the popup keeps the previous ones; with none yet it says it is loading.
        A read that races an index change fails or is superseded by the refresh that
        change triggers.
        """
        self._build_seq += 1
        names = self._names
        seq = self._build_seq
        self._building = True
        self._run(
            lambda: self._build(list(names())),
            lambda built: self._on_build_done(seq, *built),
            lambda _exc: self._on_build_failed(seq),
        )

    @staticmethod
    def _build(rows: list[tuple[str, str, bool | str]]) -> tuple[FuzzyMatcher, set[str]]:
        """The matcher and the set of its keys (10k of them: made off the UI thread)."""
        matcher = FuzzyMatcher(note_candidates(rows))
        return matcher, {c.key for c in matcher.candidates}

    def _set_matcher(self, matcher: FuzzyMatcher, known: set[str]) -> None:
        self._matcher = matcher
        self._known = known

    def _on_build_done(self, seq: int, matcher: FuzzyMatcher, known: set[str]) -> None:
        if seq == self._build_seq:
            self._building = False
            self._set_matcher(matcher, known)
            if self.isVisible():
                self.update_rows()

    def _on_build_failed(self, seq: int) -> None:
        if seq == self._build_seq:
            self._building = False

    @property
    def loading(self) -> bool:
        """No names yet: the first ones are being read."""
        return self._matcher is None

    def matcher(self) -> FuzzyMatcher:
        """The candidates; empty (and a build started) while there are none yet."""
        if self._matcher is None:
            if not self._building:
                self.refresh()
            return _NO_NAMES
        return self._matcher

    def rows(self, query: str) -> list[Row]:
        matcher = self.matcher()
        if not query.strip():
            recent = [p for p in self._recent() if p in self._known]
            return [Row(_stem(p), p, p) for p in recent[: self._limit]]
        return [_row(m) for m in matcher.rank(query, self._limit)]

    def help_text(self, query: str, count: int) -> str:
        if self.loading:
            return "Reading the vault's note names…"
        if not query.strip():
            return "Recent notes · ↵ open · Ctrl+↵ new tab · Esc close"
        if count == 0:
            return f"No match · ↵ create “{query.strip()}”"
        return "↵ open · Ctrl+↵ new tab · Shift+↵ create"

    def accept_row(self, row: Row | None, modifiers: Qt.KeyboardModifier) -> None:
        name = self.input.text().strip()
        if self.loading and row is None:
            return  # no match yet only because the names are not read: create nothing
        if modifiers & Qt.KeyboardModifier.ShiftModifier or (row is None and name):
            if name:
                self.close()
                self.create_requested.emit(name)
            return
        if row is None:
            return
        self.close()
        new_tab = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        self.open_requested.emit(str(row.payload), new_tab)
