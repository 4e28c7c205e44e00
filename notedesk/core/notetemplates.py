"""A new note's text from a template note: Foam's or Obsidian's variables filled in.

Foam (``.foam/templates/*.md``) writes ``$FOAM_DATE_YEAR`` or ``${FOAM_DATE_YEAR}``
(VS Code snippet syntax) and keeps the template's own settings under
``foam_template:`` in its frontmatter, which a new note does not get. Obsidian's
daily-notes plugin fills ``{{date}}``, ``{{title}}``, ``{{time}}``,
``{{date:FORMAT}}`` (moment.js tokens), ``{{yesterday}}`` and ``{{tomorrow}}``.
Variables notedesk does not know are left as written.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from notedesk.core.links import slugify
from notedesk.core.vaultconfig import format_day, moment_to_strftime

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# ${NAME} or $NAME not followed by more of a name (so $FOAM_DATE_DAY is not $FOAM_DATE_DAY_NAME).
_FOAM_VAR = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}|\$([A-Z_][A-Z0-9_]*)(?![A-Za-z0-9_])")
_OBSIDIAN_VAR = re.compile(r"\{\{\s*(date|time|title|yesterday|tomorrow)\s*(?::([^}]*))?\}\}", re.I)
_FRONTMATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_FOAM_FILEPATH = re.compile(r"[ \t]+filepath:[ \t]*(.+?)[ \t]*$")


def foam_variables(now: datetime, title: str) -> dict[str, str]:
    """Foam's variables (and VS Code's ``CURRENT_*`` ones) for a note made at ``now``."""
    values = {
        "YEAR": f"{now.year:04d}",
        "YEAR_SHORT": f"{now.year % 100:02d}",
        "MONTH": f"{now.month:02d}",
        "MONTH_NAME": _MONTHS[now.month - 1],
        "MONTH_NAME_SHORT": _MONTHS[now.month - 1][:3],
        "DATE": f"{now.day:02d}",
        "DAY_NAME": _DAYS[now.weekday()],
        "DAY_NAME_SHORT": _DAYS[now.weekday()][:3],
        "HOUR": f"{now.hour:02d}",
        "MINUTE": f"{now.minute:02d}",
        "SECOND": f"{now.second:02d}",
        "SECONDS_UNIX": str(int(now.timestamp())),
        "WEEK": f"{now.isocalendar()[1]:02d}",
    }
    out = {f"FOAM_DATE_{k}": v for k, v in values.items()}
    out.update({f"CURRENT_{k}": v for k, v in values.items() if k != "WEEK"})
    slug = slugify(title)
    out.update(
        FOAM_TITLE=title,
        FOAM_TITLE_SAFE=title,  # a file name already
        FOAM_SLUG=slug,
        FOAM_TITLE_SLUG=slug,
        FOAM_SELECTED_TEXT="",  # nothing is selected for a note made by a command
        TM_FILENAME_BASE=title,
    )
    return out


def fill_foam(text: str, variables: dict[str, str]) -> str:
    """``text`` with Foam's ``$NAME`` and ``${NAME}`` variables replaced; others kept."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return variables.get(name, match.group(0))

    return _FOAM_VAR.sub(replace, text)


def _foam_settings(lines: list[str]) -> tuple[int, int] | None:
    """Where the ``foam_template:`` block is among frontmatter ``lines`` (start, end)."""
    for start, line in enumerate(lines):
        if re.match(r"foam_template:[ \t]*(#.*)?$", line.rstrip("\r\n")):
            end = start + 1
            while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
                end += 1
            return start, end
    return None


def foam_template_path(template: str, variables: dict[str, str]) -> str | None:
    """The ``foam_template: filepath:`` of a Foam template, filled in, as a vault path;
    None when it has none, or it leaves the vault or is not a note."""
    block = _FRONTMATTER.match(template)
    lines = block.group(1).splitlines() if block is not None else []
    where = _foam_settings(lines)
    if where is None:
        return None
    found = None
    for line in lines[where[0] + 1 : where[1]]:
        found = _FOAM_FILEPATH.match(line) or found
    if found is None:
        return None
    raw = found.group(1).strip().strip("'\"`")
    filled = fill_foam(raw, variables).replace("\\", "/")
    parts = [p for p in filled.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." or "$" in p for p in parts):
        return None
    if not parts[-1].lower().endswith(".md"):
        return None
    return "/".join(parts)


def strip_foam_metadata(text: str) -> str:
    """``text`` without the ``foam_template:`` block of its frontmatter (and without the
    frontmatter when nothing else was in it)."""
    block = _FRONTMATTER.match(text)
    if block is None:
        return text
    lines = block.group(1).splitlines(keepends=True)
    where = _foam_settings(lines)
    if where is None:
        return text
    kept = lines[: where[0]] + lines[where[1] :]
    rest = text[block.end() :]
    if not any(line.strip() for line in kept):
        return rest.lstrip("\r\n")
    opening = text[: text.index("\n") + 1]
    closing = block.group(0)[len(opening) + len(block.group(1)) :]
    return opening + "".join(kept) + closing + rest


def foam_note_text(template: str, now: datetime, title: str) -> str:
    """A note's text from a Foam template."""
    return fill_foam(strip_foam_metadata(template), foam_variables(now, title))


def obsidian_daily_text(template: str, now: datetime, date_format: str, title: str) -> str:
    """A daily note's text from an Obsidian template, as Obsidian's daily-notes plugin
    fills it: ``{{date}}``/``{{title}}`` are the note's name, ``{{time}}`` is HH:mm."""
    day = now.date()

    def replace(match: re.Match[str]) -> str:
        name, fmt = match.group(1).lower(), match.group(2)
        if fmt is not None:
            if name not in ("date", "time"):
                return match.group(0)
            converted = _moment_with_time(fmt.strip())
            return format_day(converted, now) if converted is not None else match.group(0)
        if name in ("date", "title"):
            return title
        if name == "time":
            return f"{now.hour:02d}:{now.minute:02d}"
        other = day + timedelta(days=-1 if name == "yesterday" else 1)
        return format_day(date_format, other)

    return _OBSIDIAN_VAR.sub(replace, template)


def _moment_with_time(fmt: str) -> str | None:
    """A moment.js format with times (HH, mm, ss) too, for ``{{date:…}}``/``{{time:…}}``."""
    parts = re.split(r"(\[[^\]]*\]|HH|mm|ss)", fmt)
    out: list[str] = []
    for part in parts:
        if part in ("HH", "mm", "ss"):
            out.append({"HH": "%H", "mm": "%M", "ss": "%S"}[part])
        elif part:
            converted = moment_to_strftime(part)
            if converted is None:
                return None
            out.append(converted)
    return "".join(out)
