"""What a vault's own configuration says about daily notes and link style, read-only.

Obsidian keeps its daily-notes plugin settings in ``.obsidian/daily-notes.json``
(``folder``, ``format`` in moment.js tokens, ``template``); Foam keeps its settings
in the workspace's ``.vscode/settings.json`` (``foam.openDailyNote.directory``,
``foam.openDailyNote.filenameFormat`` in dateformat masks) and its daily template
in ``.foam/templates/daily-note.md``. How new links are written comes from
``.obsidian/app.json`` (``useMarkdownLinks``, ``newLinkFormat``: ``link_style``).
notedesk reads these files and never writes them. A file that is missing, unreadable
or not what is expected counts as absent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from notedesk.core.jsonc import strip_jsonc
from notedesk.core.linkwrite import LINK_FORMATS, LinkStyle

OBSIDIAN_DAILY = (".obsidian", "daily-notes.json")
VSCODE_SETTINGS = (".vscode", "settings.json")
FOAM_DAILY_TEMPLATE = ".foam/templates/daily-note.md"
DEFAULT_FORMAT = "%Y-%m-%d"
_MAX_CONFIG_BYTES = 1 << 20  # settings files are small; a huge one is not read

# Longest first: "YYYY" before "YY", "MMMM" before "MM".
_MOMENT_TOKENS = (
    ("YYYY", "%Y"),
    ("YY", "%y"),
    ("MMMM", "%B"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("M", "{month}"),
    ("DDDD", "%j"),
    ("DD", "%d"),
    ("Do", "{ordinal}"),
    ("D", "{day}"),
    ("dddd", "%A"),
    ("ddd", "%a"),
    ("WW", "%V"),
    ("ww", "%V"),
    ("GGGG", "%G"),
    ("gggg", "%G"),
)
_DATEFORMAT_TOKENS = (
    ("yyyy", "%Y"),
    ("yy", "%y"),
    ("mmmm", "%B"),
    ("mmm", "%b"),
    ("mm", "%m"),
    ("m", "{month}"),
    ("dddd", "%A"),
    ("ddd", "%a"),
    ("dd", "%d"),
    ("d", "{day}"),
)
_NAMED_DATEFORMATS = {"isodate": "%Y-%m-%d"}


@dataclass(frozen=True)
class DailyNotes:
    """Where the vault's own configuration puts daily notes.

    ``folder``: vault-relative (``""``: the top folder), None when not configured.
    ``date_format``: the file name as a ``strftime`` format plus ``{day}``, ``{month}``
    and ``{ordinal}`` (numbers without a leading zero), None when not configured.
    ``template``: the vault-relative path of the template note, None for none.
    ``template_kind``: ``"obsidian"`` or ``"foam"``: whose variables it uses.
    ``problem``: a setting that was there but could not be used, said in words.
    """

    folder: str | None = None
    date_format: str | None = None
    template: str | None = None
    template_kind: str = ""
    source: str = ""
    problem: str = ""


APP_JSON = (".obsidian", "app.json")  # Obsidian's settings: read, never written


def read_jsonc(path: Path) -> object | None:
    """A JSON file as VS Code writes its settings (``//`` and ``/* */`` comments, trailing
    commas allowed); None when it is missing, unreadable, too large or not JSON."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_CONFIG_BYTES + 1)
    except OSError:
        return None
    if len(data) > _MAX_CONFIG_BYTES:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    parsed: object
    try:
        parsed = json.loads(text)
    except ValueError:
        try:
            parsed = json.loads(strip_jsonc(text))
        except (ValueError, RecursionError):
            return None
    except RecursionError:
        return None
    return parsed


def vscode_settings(root: Path) -> dict[str, object]:
    """The workspace's ``.vscode/settings.json`` as a dict ({} when absent or not one)."""
    data = read_jsonc(root.joinpath(*VSCODE_SETTINGS))
    return data if isinstance(data, dict) else {}


def mentions_foam(root: Path) -> bool:
    """``root/.vscode/settings.json`` has a Foam setting (a ``foam.…`` key)."""
    path = root.joinpath(*VSCODE_SETTINGS)
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_CONFIG_BYTES)
    except OSError:
        return False
    return re.search(rb'"foam\.', data, re.IGNORECASE) is not None


def moment_to_strftime(fmt: str) -> str | None:
    """A moment.js date format (Obsidian's) as a daily-note file name format; None when it
    uses tokens notedesk does not know (times, locale formats)."""
    return _convert(fmt, _MOMENT_TOKENS, brackets=True)


def dateformat_to_strftime(fmt: str) -> str | None:
    """A dateformat mask (Foam's ``filenameFormat``) as a file name format; None when it
    uses masks notedesk does not know."""
    named = _NAMED_DATEFORMATS.get(fmt.strip().casefold())
    if named is not None:
        return named
    return _convert(fmt, _DATEFORMAT_TOKENS, brackets=False, quotes=True)


def _convert(
    fmt: str, tokens: tuple[tuple[str, str], ...], *, brackets: bool, quotes: bool = False
) -> str | None:
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if (brackets and ch == "[") or (quotes and ch in "'\""):
            close = fmt.find("]" if ch == "[" else ch, i + 1)
            if close < 0:
                return None
            out.append(_literal(fmt[i + 1 : close]))
            i = close + 1
            continue
        for token, replacement in tokens:
            if fmt.startswith(token, i):
                out.append(replacement)
                i += len(token)
                break
        else:
            if ch.isalpha():
                return None  # a token notedesk does not know: not a guess
            out.append(_literal(ch))
            i += 1
    return "".join(out) or None


def _literal(text: str) -> str:
    return text.replace("%", "%%").replace("{", "{{").replace("}", "}}")


def format_day(fmt: str, day: date) -> str:
    """The file name of ``day`` in a format made by the converters above."""
    number = day.day
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return day.strftime(fmt).format(day=number, month=day.month, ordinal=f"{number}{suffix}")


def obsidian_daily(root: Path) -> DailyNotes | None:
    """Obsidian's daily-notes plugin settings; None without the file."""
    path = root.joinpath(*OBSIDIAN_DAILY)
    if not path.is_file():
        return None
    data = read_jsonc(path)
    if not isinstance(data, dict):
        return DailyNotes(
            source="obsidian", problem=f"{'/'.join(OBSIDIAN_DAILY)} is not valid JSON"
        )
    # No folder set: Obsidian writes daily notes in the vault's top folder.
    folder = _vault_path(data.get("folder", ""))
    problem = ""
    date_format: str | None = None
    raw_format = data.get("format")
    if isinstance(raw_format, str) and raw_format.strip():
        date_format = moment_to_strftime(raw_format.strip())
        if date_format is None:
            problem = f"the daily note format “{raw_format}” is not supported; using YYYY-MM-DD"
    template = _vault_path(data.get("template")) or None
    if template is not None and not template.lower().endswith(".md"):
        template += ".md"
    return DailyNotes(
        folder, date_format, template, "obsidian" if template else "", "obsidian", problem
    )


def foam_daily(root: Path) -> DailyNotes | None:
    """Foam's daily-note settings and template; None when the vault has neither."""
    settings = vscode_settings(root)
    folder_value = settings.get("foam.openDailyNote.directory")
    folder = _vault_path(folder_value) if isinstance(folder_value, str) else None
    problem = ""
    date_format: str | None = None
    raw_format = settings.get("foam.openDailyNote.filenameFormat")
    if isinstance(raw_format, str) and raw_format.strip():
        date_format = dateformat_to_strftime(raw_format.strip())
        if date_format is None:
            problem = f"the daily note file name format “{raw_format}” is not supported"
    template: str | None = None
    template_value = settings.get("foam.openDailyNote.templatePath")
    if isinstance(template_value, str) and template_value.lower().endswith(".md"):
        template = _vault_path(template_value) or None
    if template is None and (root / FOAM_DAILY_TEMPLATE).is_file():
        template = FOAM_DAILY_TEMPLATE
    if folder is None and date_format is None and template is None and not problem:
        return None
    return DailyNotes(folder, date_format, template, "foam" if template else "", "foam", problem)


def daily_notes(root: Path) -> DailyNotes:
    """The vault's daily-note settings: Obsidian's plugin first, then Foam's."""
    return obsidian_daily(root) or foam_daily(root) or DailyNotes()


def _vault_path(value: object) -> str | None:
    """A folder or file setting as a vault-relative path; None when it is not a string
    or leaves the vault (``..``); ``""`` is the vault's top folder."""
    if not isinstance(value, str):
        return None
    parts = [p for p in value.strip().replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return "/".join(parts)


def link_style(root: Path) -> LinkStyle:
    """How Obsidian is set to write new links (``.obsidian/app.json``): Markdown links
    when ``useMarkdownLinks`` is true, and the ``newLinkFormat`` path form
    (``shortest``, ``relative`` or ``absolute``); Obsidian's defaults otherwise."""
    data = read_jsonc(root.joinpath(*APP_JSON))
    if not isinstance(data, dict):
        return LinkStyle()
    fmt = data.get("newLinkFormat")
    return LinkStyle(
        markdown=data.get("useMarkdownLinks") is True,
        new_link_format=fmt if isinstance(fmt, str) and fmt in LINK_FORMATS else "shortest",
    )
