"""Where a vault's ignore rules come from: Foam's settings and git's ``.gitignore`` files.

VS Code's ``settings.json`` is JSON with comments and trailing commas; it is read
tolerantly, and a file that still cannot be read gives no rules and a message
(never an error). Foam's globs are VS Code globs (``**/_layouts/**/*``,
``{a,b}``, ``[abc]``), relative to the vault folder and case-sensitive.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from notedesk.core.jsonc import strip_jsonc

if TYPE_CHECKING:
    import pathspec

FOAM_SETTINGS = ".vscode/settings.json"
# foam.files.ignore is Foam's older name for foam.files.exclude; both are read.
FOAM_KEYS = ("foam.files.ignore", "foam.files.exclude")
MAX_RULES_BYTES = 1 << 20  # a settings.json or .gitignore larger than this is not read
_UNUSED = ": its Foam globs are not used"


@dataclass(frozen=True)
class FoamGlobs:
    """The globs Foam is told to leave out, from which setting, or why there are none."""

    globs: tuple[str, ...] = ()
    key: str = ""
    problem: str = ""


def read_foam_globs(root: Path) -> FoamGlobs:
    """``foam.files.ignore`` / ``foam.files.exclude`` from ``.vscode/settings.json``."""
    path = root / ".vscode" / "settings.json"
    try:
        if not path.is_file():
            return FoamGlobs()
        if path.stat().st_size > MAX_RULES_BYTES:
            return FoamGlobs(problem=f"{FOAM_SETTINGS} is too large to read{_UNUSED}")
        text = path.read_bytes().decode("utf-8-sig", "replace")
    except OSError as exc:
        return FoamGlobs(problem=f"{FOAM_SETTINGS} cannot be read ({exc.strerror}){_UNUSED}")
    try:
        plain = strip_jsonc(text)
        data = json.loads(plain) if plain.strip() else {}
    except ValueError as exc:
        return FoamGlobs(
            problem=f"{FOAM_SETTINGS} is not valid JSON (line {getattr(exc, 'lineno', '?')})"
            + _UNUSED
        )
    if not isinstance(data, dict):
        return FoamGlobs(problem=f"{FOAM_SETTINGS} is not a JSON object{_UNUSED}")
    globs: list[str] = []
    keys: list[str] = []
    for key in FOAM_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, dict):  # the files.exclude shape: {"glob": true}
            found = [g for g, on in value.items() if on is True]
        elif isinstance(value, list):
            found = [g for g in value if isinstance(g, str)]
        else:
            found = [value] if isinstance(value, str) else []
        globs.extend(g.strip() for g in found if g.strip())
        keys.append(key)
    return FoamGlobs(tuple(globs), " and ".join(keys))


# -- VS Code globs ------------------------------------------------------------------


def glob_regex(glob: str) -> str:
    """A VS Code glob as a regular expression over ``/``-separated vault paths."""
    glob = glob.replace("\\", "/").lstrip("/")
    if glob.startswith("./"):
        glob = glob[2:]
    out: list[str] = []
    i, n = 0, len(glob)
    braces = 0
    while i < n:
        c = glob[i]
        if glob.startswith("**", i):
            at_start = i == 0 or glob[i - 1] == "/"
            j = i + 2
            if at_start and j < n and glob[j] == "/":
                out.append("(?:.*/)?")  # any number of folders, none included
                i = j + 1
                continue
            out.append(".*")
            i = j
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = glob.find("]", i + 2)
            if end < 0:
                out.append(re.escape(c))
                i += 1
                continue
            body = glob[i + 1 : end]
            if body[0] in "!^":
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\").replace("/", "") + "]")
            i = end + 1
        elif c == "{":
            braces += 1
            out.append("(?:")
            i += 1
        elif c == "}" and braces:
            braces -= 1
            out.append(")")
            i += 1
        elif c == "," and braces:
            out.append("|")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    out.extend(")" * braces)
    return "".join(out)


class GlobSet:
    """Foam's globs, compiled: a file is left out when a glob matches its path; a folder
    when a glob matches its path, or the glob names everything inside it (``dir/**``,
    ``dir/**/*``: all of ``dir`` goes, unread)."""

    def __init__(self, globs: Sequence[str]) -> None:
        files, folders = [], []
        for glob in globs:
            try:
                files.append(glob_regex(glob))
                for tail in ("/**/*", "/**"):
                    if glob.endswith(tail) and len(glob) > len(tail):
                        folders.append(glob_regex(glob[: -len(tail)]))
                        break
            except re.error:
                continue
        self._files = _compile(files)
        self._folders = _compile(files + folders)

    def match(self, rel: str, is_dir: bool) -> bool:
        pattern = self._folders if is_dir else self._files
        return pattern is not None and pattern.fullmatch(rel) is not None


def _compile(parts: list[str]) -> re.Pattern[str] | None:
    good: list[str] = []
    for part in parts:
        try:
            re.compile(part)
        except re.error:
            continue
        good.append(part)
    return re.compile("|".join(f"(?:{p})" for p in good), re.DOTALL) if good else None


# -- .gitignore -----------------------------------------------------------------------


def read_gitignore(folder: Path) -> pathspec.GitIgnoreSpec | None:
    """The rules of ``folder/.gitignore``; None if there is none or it cannot be read."""
    path = os.path.join(folder, ".gitignore")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_RULES_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_RULES_BYTES:
        return None
    lines = data.decode("utf-8-sig", "replace").splitlines()
    import pathspec  # 20 ms: only for a vault that has .gitignore rules to follow

    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except (ValueError, TypeError):  # a pattern pathspec cannot read: the file is not used
        return None
    return spec if len(spec) else None


def gitignore_decides(spec: pathspec.GitIgnoreSpec, rel: str, is_dir: bool) -> bool | None:
    """True: ``rel`` (relative to the .gitignore's folder) is ignored; False: a ``!`` rule
    keeps it; None: no rule names it."""
    return spec.check_file(rel + "/" if is_dir else rel).include
