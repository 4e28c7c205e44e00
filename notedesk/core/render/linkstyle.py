"""URL styles: ``vault://`` URLs for the preview, relative file paths for an exported site,
``file:`` URLs of the vault's own files for a page rendered on its own."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from notedesk.core import linkurls
from notedesk.core.vault import is_note_path


def _q(text: str) -> str:
    return quote(text, safe="/")


def _fragment(fragment: str) -> str:
    return "#" + quote(fragment, safe="^-_.") if fragment else ""


class PreviewLinks:
    """The preview's ``vault://`` URLs (``notedesk.core.linkurls`` builds and parses them)."""

    def note_url(self, path: str, fragment: str) -> str:
        return linkurls.note_url(path, fragment)

    def new_note_url(self, target: str, source: str) -> str:
        return linkurls.new_note_url(target, source)

    def asset_url(self, path: str) -> str:
        return linkurls.asset_url(path)

    def folder_url(self, folder: str, note: str | None) -> str:
        # Its note opens like any note; a folder without one is shown in the file tree.
        return linkurls.note_url(note) if note is not None else linkurls.folder_url(folder)

    def tag_url(self, tag: str) -> str:
        return linkurls.tag_url(tag)


def page_path(note: str) -> str:
    """The exported page of a note: ``folder/Note.md`` -> ``folder/Note.html``."""
    stem, _ext = posixpath.splitext(note) if is_note_path(note) else (note, "")
    return stem + ".html"


class ExportLinks:
    """Relative URLs from the page of ``current`` (a vault-relative note path).

    ``names`` maps vault paths to the paths the export wrote them at (its safe names,
    ``notedesk.core.exportnames``); a path not in it keeps its own name. ``home`` is the
    site's home page (its folder tree), where a folder without a note of its own leads.
    """

    def __init__(
        self,
        current: str,
        tags_page: str = "tags.html",
        names: Mapping[str, str] | None = None,
        home: str | None = None,
    ) -> None:
        self._names: Mapping[str, str] = names or {}
        self._dir = posixpath.dirname(self._names.get(current) or page_path(current))
        self._tags_page = tags_page
        self._home = home

    def _rel(self, path: str) -> str:
        return _q(posixpath.relpath(path, self._dir or "."))

    def note_url(self, path: str, fragment: str) -> str:
        return self._rel(self._names.get(path) or page_path(path)) + _fragment(fragment)

    def new_note_url(self, target: str, source: str) -> str:
        # No page exists for an unresolved note; the class marks it and the link goes nowhere.
        return "#"

    def asset_url(self, path: str) -> str:
        return self._rel(self._names.get(path) or path)

    def tag_url(self, tag: str) -> str:
        return self._rel(self._tags_page) + "#" + quote(tag_anchor(tag), safe="")

    def folder_url(self, folder: str, note: str | None) -> str:
        if note is not None:
            return self.note_url(note, "")
        if self._home is None:
            return ""
        return self._rel(self._home) + ("#" + folder_anchor(folder) if folder else "")


def tag_anchor(tag: str) -> str:
    """The id of a tag's entry on an exported site's tag page."""
    return "tag-" + tag.casefold()


def folder_anchor(folder: str) -> str:
    """The id of a folder's list on an exported site's home page (URL-safe as it is)."""
    return "folder-" + quote(folder, safe="/")


class StandaloneLinks:
    """A page rendered on its own (``notedesk render -o``), wherever it is saved: images
    and other files load from the vault, links to notes open the notes' own files."""

    def __init__(self, vault_root: str | Path) -> None:
        self._root = Path(vault_root).resolve()

    def _file(self, path: str) -> str:
        return self._root.joinpath(*path.split("/")).as_uri()

    def note_url(self, path: str, fragment: str) -> str:
        return self._file(path)

    def new_note_url(self, target: str, source: str) -> str:
        return "#"  # no such note: the class marks the link, which goes nowhere

    def asset_url(self, path: str) -> str:
        return self._file(path)

    def folder_url(self, folder: str, note: str | None) -> str:
        if note is not None:
            return self._file(note)
        return self._file(folder) if folder else self._root.as_uri()

    def tag_url(self, tag: str) -> str:
        return "#"  # no tag page beside a single page
