"""Outgoing links pane: where the current note links to, unresolved targets marked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from notedesk.app.widgets.themelook import follow_palette, recolour_items
from notedesk.core.linkchoices import SEPARATOR, folder_label

_MUTED = [(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)]


class LinkLike(Protocol):
    @property
    def target(self) -> str: ...
    @property
    def fragment(self) -> str | None: ...
    @property
    def line(self) -> int: ...
    @property
    def embed(self) -> bool: ...


class ResolvedLike(Protocol):
    @property
    def link(self) -> LinkLike: ...
    @property
    def path(self) -> str | None: ...


class OutgoingEntry(NamedTuple):
    """One distinct link target of the note, with how often and where it is linked."""

    target: str  # as first written
    path: str | None  # resolved vault path, None when unresolved
    fragment: str  # of the first occurrence; "" when none
    occurrences: int
    first_line: int
    embed: bool  # every occurrence is an embed


def group_links(links: Sequence[ResolvedLike], source: str) -> list[OutgoingEntry]:
    """Distinct targets in order of first appearance; links to the note itself are left out."""
    order: list[str] = []
    found: dict[str, OutgoingEntry] = {}
    for resolved in links:
        link = resolved.link
        if not link.target or resolved.path == source:
            continue  # [[#Heading]] and self links are the outline's business
        key = resolved.path if resolved.path is not None else "?" + link.target.casefold()
        old = found.get(key)
        if old is None:
            order.append(key)
            found[key] = OutgoingEntry(
                link.target, resolved.path, link.fragment or "", 1, link.line, link.embed
            )
        else:
            found[key] = old._replace(
                occurrences=old.occurrences + 1, embed=old.embed and link.embed
            )
    return [found[k] for k in order]


def _label(entry: OutgoingEntry) -> str:
    if entry.path is None:
        return entry.target
    name = entry.path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


def entry_labels(entries: Sequence[OutgoingEntry]) -> list[str]:
    """Each entry's name; with its folder (``Dup — Projects/Sub/``) when another of the
    note's targets has the same name."""
    names = [_label(e) for e in entries]
    counts = Counter(n.casefold() for n in names)
    return [
        f"{name}{SEPARATOR}{folder_label(e.path)}"
        if e.path is not None and counts[name.casefold()] > 1
        else name
        for name, e in zip(names, entries, strict=True)
    ]


class OutgoingPane(QWidget):
    """Signals:
    open_requested(path, fragment): the user clicked a resolved link's target
        (``fragment`` is the first link's ``Heading`` or ``^block``, "" when none).
    create_requested(target, source): the user clicked an unresolved link; ``target`` is
        the link as written, ``source`` the linking note (it decides the folder).

    ``outgoing(path)`` returns the note's links with their resolved paths
    (``VaultIndex.outgoing``).
    """

    open_requested = Signal(str, str)
    create_requested = Signal(str, str)

    def __init__(
        self, outgoing: Callable[[str], Sequence[ResolvedLike]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._outgoing = outgoing
        self._path: str | None = None
        self._entries: list[OutgoingEntry] | None = None
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName("Outgoing links")
        self.list.setAccessibleDescription("The notes and files the current note links to")
        follow_palette(self.list, lambda old, new: recolour_items(self.list, old, new, _MUTED))
        self.summary = QLabel(self)
        self.summary.setEnabled(False)
        self.summary.setContentsMargins(4, 2, 4, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)
        self._show([])

    def set_note(self, path: str | None) -> None:
        self._path = path
        self._entries = None
        self.refresh()

    def refresh(self) -> None:
        """Re-read the note's links; the list is only rebuilt when they changed."""
        links = self._outgoing(self._path) if self._path is not None else []
        entries = group_links(links, self._path or "")
        if entries != self._entries:
            self._entries = entries
            self._show(entries)

    def entries(self) -> list[OutgoingEntry]:
        return list(self._entries or [])

    def _show(self, entries: list[OutgoingEntry]) -> None:
        self.list.clear()
        unresolved = sum(1 for e in entries if e.path is None)
        if self._path is None:
            self.summary.setText("No note")
        elif not entries:
            self.summary.setText("No outgoing links")
        else:
            extra = f", {unresolved} not created yet" if unresolved else ""
            self.summary.setText(f"{len(entries)} linked{extra}")
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for entry, text in zip(entries, entry_labels(entries), strict=True):
            if entry.occurrences > 1:
                text += f"  ×{entry.occurrences}"
            item = QListWidgetItem(text)
            where = f"line {entry.first_line}" + (" (embed)" if entry.embed else "")
            if entry.path is None:
                font = QFont(self.list.font())
                font.setItalic(True)
                item.setFont(font)
                item.setForeground(muted)
                item.setToolTip(
                    f"“{entry.target}” does not exist yet: click to create it · {where}"
                )
            else:
                item.setToolTip(f"{entry.path} · {where}")
            self.list.addItem(item)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        entry = self._entry(item)
        if entry is None:
            return
        if entry.path is None:
            self.create_requested.emit(entry.target, self._path or "")
        else:
            self.open_requested.emit(entry.path, entry.fragment)

    def _entry(self, item: QListWidgetItem) -> OutgoingEntry | None:
        row = self.list.row(item)  # rows are the entries, in order
        entries = self._entries or []
        return entries[row] if 0 <= row < len(entries) else None
