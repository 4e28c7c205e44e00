"""URL styles: ``vault://`` URLs for the preview, relative file paths for an exported site."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from notedesk.core.vault import is_note_path

_SAFE = "/"


def _q(text: str) -> str:
    return quote(text, safe=_SAFE)


def _fragment(fragment: str) -> str:
    return "#" + quote(fragment, safe="^-_.") if fragment else ""


class PreviewLinks:
    """``vault://note/<path>#<frag>``, ``vault://new/<target>?from=<source>``, ``vault://asset/<path>``."""

    def note_url(self, path: str, fragment: str) -> str:
        return f"vault://note/{_q(path)}{_fragment(fragment)}"

    def new_note_url(self, target: str, source: str) -> str:
        return f"vault://new/{quote(target, safe='')}?from={quote(source, safe='')}"

    def asset_url(self, path: str) -> str:
        return f"vault://asset/{_q(path)}"


def page_path(note: str) -> str:
    """The exported page of a note: ``folder/Note.md`` -> ``folder/Note.html``."""
    stem, _ext = posixpath.splitext(note) if is_note_path(note) else (note, "")
    return stem + ".html"


class ExportLinks:
    """Relative URLs from the page of ``current`` (a vault-relative note path)."""

    def __init__(self, current: str) -> None:
        self._dir = posixpath.dirname(current)

    def _rel(self, path: str) -> str:
        return _q(posixpath.relpath(path, self._dir or "."))

    def note_url(self, path: str, fragment: str) -> str:
        return self._rel(page_path(path)) + _fragment(fragment)

    def new_note_url(self, target: str, source: str) -> str:
        # No page exists for an unresolved note; the class marks it and the link goes nowhere.
        return "#"

    def asset_url(self, path: str) -> str:
        return self._rel(path)
