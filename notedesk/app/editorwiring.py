"""Connects each tab's editor to the vault: link colours, completion, following links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QToolTip

from notedesk.app.indexservice import IndexService
from notedesk.app.linkfollow import follow_unresolved
from notedesk.app.widgets.completer import CompletionProviders
from notedesk.core.hover import hover_excerpt
from notedesk.core.links import heading_anchor
from notedesk.core.linkurls import EXTERNAL_SCHEMES, parse_preview_href
from notedesk.core.vault import VaultError, is_note_path

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow
    from notedesk.app.notetab import NoteTab


def split_target(target: str) -> tuple[str, str]:
    """``Note#Heading#Sub`` -> (``Note``, ``Heading#Sub``); no ``#`` -> (``Note``, ``""``)."""
    note, _, fragment = target.partition("#")
    return note, fragment


class EditorWiring(QObject):
    """Gives every new tab's editor what it needs from the index, and carries out its requests."""

    def __init__(self, window: MainWindow, service: IndexService, theme: str) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._theme = theme
        window.tab_area.tab_created.connect(self._on_tab_area_tab_created)
        for tab in window.note_tabs():
            self._on_tab_area_tab_created(tab)
        service.index_ready.connect(self._rehighlight_all)
        service.index_changed.connect(lambda _events: self._rehighlight_all())

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        for tab in self._window.note_tabs():
            tab.pane.set_theme(theme)

    def _on_tab_area_tab_created(self, tab: NoteTab) -> None:
        editor = tab.editor
        editor.set_link_checker(lambda target, t=tab: self._exists(target, t.path))
        editor.set_completion_providers(self._providers(tab))
        tab.pane.set_theme(self._theme)
        editor.follow_link_requested.connect(
            lambda target, new_tab, t=tab: self._follow(t, target, new_tab)
        )
        editor.tag_requested.connect(self._window.tag_requested)
        tab.link_hovered.connect(self._on_tab_link_hovered)

    def _rehighlight_all(self) -> None:
        for tab in self._window.note_tabs():
            tab.editor.rehighlight_links()

    # -- lookups ---------------------------------------------------------------

    def _exists(self, target: str, source: str) -> bool:
        if not self._service.ready:
            return True  # not known yet: do not paint every link as missing
        note, _fragment = split_target(target)
        return not note or self._service.index.resolve_link(note, source) is not None

    def _resolve_note(self, note: str, source: str) -> str | None:
        if not note:
            return source
        return self._service.index.resolve_link(note, source) if self._service.ready else None

    def _providers(self, tab: NoteTab) -> CompletionProviders:
        index = self._service.index

        def notes() -> list[tuple[str, str]]:
            if not self._service.ready:
                return []
            out = []
            for c in index.completion_names():
                if c.is_title:
                    continue  # links do not resolve by title: [[Title]] would not work
                name = c.path.rsplit("/", 1)[-1]
                stem = name[:-3] if name.lower().endswith(".md") else name
                out.append((c.text, f"{stem}|{c.text}" if c.is_alias else c.text))
            return out

        def headings(note: str) -> list[tuple[str, str]]:
            path = self._resolve_note(note, tab.path)
            return [(h.text, h.text) for h in index.headings(path)] if path else []

        def block_ids(note: str) -> list[tuple[str, str]]:
            path = self._resolve_note(note, tab.path)
            return [(b.id, b.id) for b in index.block_ids(path)] if path else []

        def tags() -> list[tuple[str, str]]:
            return [(t, t) for t in index.tags()] if self._service.ready else []

        return CompletionProviders(notes=notes, headings=headings, block_ids=block_ids, tags=tags)

    # -- hover preview ------------------------------------------------------------

    def _on_tab_link_hovered(self, href: str, pos: QPoint) -> None:
        """A popup with the start of the linked note (its heading or block when linked so)."""
        link = parse_preview_href(href)
        if link.kind != "note":
            return
        try:
            text = self._window.vault.read_text(link.path)
        except (VaultError, OSError):
            return
        QToolTip.showText(pos, hover_excerpt(link.path, text, link.fragment), self._window)

    # -- following a link from the editor --------------------------------------

    def _follow(self, tab: NoteTab, target: str, new_tab: bool) -> None:
        window = self._window
        scheme = target.split(":", 1)[0].lower() if ":" in target else ""
        if scheme in EXTERNAL_SCHEMES or scheme in ("file", "javascript", "data"):
            window.follow_link(parse_preview_href(target), new_tab)
            return
        from urllib.parse import unquote

        note, fragment = split_target(unquote(target) if "%" in target else target)
        path = self._resolve_note(note, tab.path)
        if path is None:
            follow_unresolved(window, note, tab.path, new_tab)
            return
        if not is_note_path(path):
            window.open_file(path, new_tab)
            return
        # The heading's anchor, however the link spells it (#D D for "D&D", #d-d, ...).
        headings = self._service.index.headings(path) if self._service.ready else []
        anchor = heading_anchor(fragment, headings)
        if path == tab.path and not new_tab:
            tab.scroll_to_fragment(anchor)
        else:
            window.open_note(path, new_tab, anchor)
