"""Today's daily note: its path and, for a new one, its text from the vault's template.

Where it goes, in this order: the folder and format chosen in notedesk's settings;
Obsidian's daily-notes plugin settings; Foam's (its daily template's ``filepath``,
else ``foam.openDailyNote.directory`` and ``filenameFormat``); else the first of the
usual daily folders the vault has (``Daily``, ``Daily notes``, ``Journal``, in any
case), else the vault's top folder. Named ``YYYY-MM-DD`` unless a format says
otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from notedesk.core.filenames import FileOpError, check_name
from notedesk.core.newfiles import daily_note_path
from notedesk.core.notetemplates import (
    foam_note_text,
    foam_template_path,
    foam_variables,
    obsidian_daily_text,
)
from notedesk.core.vaultconfig import DEFAULT_FORMAT, DailyNotes, daily_notes, format_day

DAILY_FOLDER_CANDIDATES = ("Daily", "Daily notes", "Journal")
_MAX_TEMPLATE_BYTES = 1 << 20


@dataclass(frozen=True)
class DailyNotePlan:
    """``path``: the note's vault path; ``text``: what a new note starts with;
    ``problem``: a setting or template that could not be used, in words ('' if none)."""

    path: str
    text: str = ""
    problem: str = ""


def plan_daily_note(
    root: Path,
    now: datetime,
    *,
    chosen_folder: str = "",
    chosen_format: str = "",
    config: DailyNotes | None = None,
) -> DailyNotePlan:
    """Today's (``now``'s) daily note in the vault at ``root``.

    ``chosen_folder``/``chosen_format`` (a ``strftime`` format): the user's own settings,
    '' when not set. Raises ``FileOpError`` when the name made is not a valid file name.
    """
    config = daily_notes(root) if config is None else config
    day = now.date()
    fmt = _escaped(chosen_format) if chosen_format else config.date_format or DEFAULT_FORMAT
    if chosen_folder:
        folder = chosen_folder
    elif config.folder is not None:
        folder = config.folder
    else:
        folder = daily_folder(root)
    path = _note_path(folder, day, fmt)
    title = path.rsplit("/", 1)[-1][:-3]
    problems = [config.problem] if config.problem else []
    text = ""
    if config.template is not None:
        template, why = _read_template(root, config.template)
        if why:
            problems.append(why)
        elif config.template_kind == "foam":
            if not chosen_folder:
                own = foam_template_path(template, foam_variables(now, title))
                if own is not None and _valid_path(own):
                    path = own
                    title = path.rsplit("/", 1)[-1][:-3]
            text = foam_note_text(template, now, title)
        else:
            text = obsidian_daily_text(template, now, fmt, title)
    return DailyNotePlan(path, text, "; ".join(problems))


def daily_folder(root: Path) -> str:
    """The first of the usual daily-note folders the vault has (any case), else ''."""
    try:
        with os.scandir(root) as entries:
            folders = {e.name.casefold(): e.name for e in entries if _is_dir(e)}
    except OSError:
        return ""
    for candidate in DAILY_FOLDER_CANDIDATES:
        if candidate in folders.values():
            return candidate
        found = folders.get(candidate.casefold())
        if found is not None:
            return found
    return ""


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _escaped(strftime_format: str) -> str:
    """A user's ``strftime`` format in the form ``format_day`` reads."""
    return strftime_format.replace("{", "{{").replace("}", "}}")


def _note_path(folder: str, day: date, fmt: str) -> str:
    """``daily_note_path`` for a format with ``{day}``-style numbers as well."""
    name = format_day(fmt, day)
    return daily_note_path(folder, day, name.replace("%", "%%"))


def _valid_path(path: str) -> bool:
    try:
        for part in path.split("/"):
            check_name(part)
    except FileOpError:
        return False
    return True


def _read_template(root: Path, rel: str) -> tuple[str, str]:
    """The template note's text, or '' and why it cannot be used."""
    path = root / rel
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_TEMPLATE_BYTES + 1)
    except FileNotFoundError:
        return "", f"the daily note template {rel} was not found"
    except OSError as exc:
        return "", f"the daily note template {rel} cannot be read ({exc.strerror or exc})"
    if len(data) > _MAX_TEMPLATE_BYTES:
        return "", f"the daily note template {rel} is too large"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", f"the daily note template {rel} is not UTF-8 text"
    return text.replace("\r\n", "\n"), ""
