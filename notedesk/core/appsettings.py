"""What Obsidian's ``.obsidian/app.json`` says that notedesk follows, read-only.

``newFileLocation`` (``"root"``, ``"current"``, ``"folder"`` with ``newFileFolderPath``):
where new notes go. ``alwaysUpdateLinks``: renames update links without asking.
``userIgnoreFilters`` ("Excluded files"): path prefixes (``"Teams/"``) or ``/regex/``
patterns; such files stay in the file tree and the index but are left out of search,
Quick Open, unlinked mentions and link suggestions. ``strictLineBreaks``: a single
newline is not a line break. notedesk never writes the file; a missing file or setting
counts as unset, and a file that is not a JSON object is said once (``problem``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from notedesk.core.vaultconfig import APP_JSON, read_jsonc

if TYPE_CHECKING:
    from notedesk.core.userregex import UserPattern

LOCATIONS = ("root", "current", "folder")


@dataclass(frozen=True)
class ExcludedFiles:
    """Obsidian's "Excluded files": ``excludes(path)`` for a vault-relative path."""

    prefixes: tuple[str, ...] = ()
    patterns: tuple[UserPattern, ...] = field(default=(), compare=False)
    sources: tuple[str, ...] = ()  # the filters as written, for messages

    def __bool__(self) -> bool:
        return bool(self.prefixes or self.patterns)

    def excludes(self, path: str) -> bool:
        if any(path.startswith(p) for p in self.prefixes):
            return True
        if not self.patterns:
            return False
        from notedesk.core.userregex import RegexTooSlow

        for pattern in self.patterns:
            try:
                if pattern.search(path) is not None:
                    return True
            except RegexTooSlow:  # a filter too slow on a path excludes nothing
                continue
        return False


@dataclass(frozen=True)
class AppSettings:
    """The settings of ``app.json`` notedesk follows; None/False/empty when not set.

    ``new_file_location``: ``"root"``, ``"current"`` or ``"folder"``; None when unset
    (notedesk then creates beside the current note, as it always has).
    ``new_file_folder``: vault-relative folder for ``"folder"``.
    ``problem``: what was wrong with the file or a setting, in words ("" when nothing).
    """

    new_file_location: str | None = None
    new_file_folder: str = ""
    always_update_links: bool = False
    excluded: ExcludedFiles = field(default_factory=ExcludedFiles)
    strict_line_breaks: bool = False
    problem: str = ""


def read_app_settings(root: str | Path) -> AppSettings:
    """``root/.obsidian/app.json`` as ``AppSettings``; defaults when it is missing."""
    path = Path(root).joinpath(*APP_JSON)
    if not path.is_file():
        return AppSettings()
    data = read_jsonc(path)
    if not isinstance(data, dict):
        return AppSettings(problem=f"{'/'.join(APP_JSON)} could not be read as JSON; ignored")
    problems: list[str] = []
    location = data.get("newFileLocation")
    if location is not None and location not in LOCATIONS:
        problems.append(f"newFileLocation “{location}” is not root, current or folder")
        location = None
    folder = _folder(data.get("newFileFolderPath"))
    if location == "folder" and folder is None:
        problems.append("newFileFolderPath is not a folder of the vault")
        folder = ""
    excluded, bad = _excluded(data.get("userIgnoreFilters"))
    problems += bad
    return AppSettings(
        new_file_location=location if isinstance(location, str) else None,
        new_file_folder=folder or "",
        always_update_links=data.get("alwaysUpdateLinks") is True,
        excluded=excluded,
        strict_line_breaks=data.get("strictLineBreaks") is True,
        problem="; ".join(f"{'/'.join(APP_JSON)}: {p}" for p in problems),
    )


def new_note_folder(
    settings: AppSettings, current_folder: str, is_folder: Callable[[str], bool]
) -> str:
    """The folder (``""``: the vault root) a new note goes in when no path was given:
    ``current_folder`` (the current note's) unless ``newFileLocation`` says otherwise.
    A configured folder that does not exist falls back to the root, as in Obsidian."""
    location = settings.new_file_location
    if location == "root":
        return ""
    if location == "folder":
        folder = settings.new_file_folder
        return folder if folder and is_folder(folder) else ""
    return current_folder


def _folder(value: object) -> str | None:
    """A vault folder setting, vault-relative; None when it leaves the vault or hides."""
    if not isinstance(value, str):
        return None
    parts = [p for p in value.strip().replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") for p in parts):
        return None
    return posixpath.join(*parts) if parts else ""


def _excluded(value: object) -> tuple[ExcludedFiles, list[str]]:
    if value is None:
        return ExcludedFiles(), []
    if not isinstance(value, list):
        return ExcludedFiles(), ["userIgnoreFilters is not a list"]
    # The regex module loads only for a vault with /pattern/ filters (start-up stays light).
    from notedesk.core.userregex import compile_user

    prefixes: list[str] = []
    patterns: list[UserPattern] = []
    sources: list[str] = []
    problems: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item:
            continue
        if len(item) > 2 and item.startswith("/") and item.endswith("/"):
            try:
                patterns.append(compile_user(item[1:-1], 0))
            except ValueError as exc:
                problems.append(f"the excluded-files pattern {item} is not valid ({exc})")
                continue
        else:
            prefixes.append(item)
        sources.append(item)
    return ExcludedFiles(tuple(prefixes), tuple(patterns), tuple(sources)), problems
