"""Saying which part of a path the vault leaves out, and by which rule.

What :class:`~notedesk.core.ignore.IgnoreRules` decides, put in words for the places
that must not write where notedesk does not look: a link followed to a left-out file or
folder creates nothing, a rename or move never puts a note into a left-out folder.
"""

from __future__ import annotations

from typing import NamedTuple

from notedesk.core.ignore import FOAM_SOURCE, NODE_MODULES, IgnoreRules, is_hidden_part
from notedesk.core.vault import is_note_path

HIDDEN = "hidden"


class LeftOutPart(NamedTuple):
    """The first part of a path the vault leaves out: ``path`` (from the vault's top
    folder), whether it is a folder, and ``source``: "hidden" or the rule's source."""

    path: str
    is_dir: bool
    source: str


def left_out_part(rules: IgnoreRules, rel: str, is_dir: bool) -> LeftOutPart | None:
    """The topmost part of ``rel`` (its folders, then itself) that is not vault content,
    or None when ``rel`` is listed."""
    parts = [p for p in rel.strip("/").split("/") if p]
    for i, part in enumerate(parts, 1):
        sub = "/".join(parts[:i])
        sub_is_dir = is_dir if i == len(parts) else True
        if is_hidden_part(part):
            return LeftOutPart(sub, sub_is_dir, HIDDEN)
        source = rules.source_for(sub, sub_is_dir)
        if source is not None:
            return LeftOutPart(sub, sub_is_dir, source)
    return None


def rule_text(rules: IgnoreRules, source: str) -> str:
    """A rule's source as the user knows it: ``.gitignore``, ``foam.files.ignore``..."""
    if source == HIDDEN:
        return "a hidden name"
    if source == FOAM_SOURCE:
        return rules.foam_key or source
    if source == NODE_MODULES:
        return "node_modules folders"
    return source


def left_out_text(rules: IgnoreRules, part: LeftOutPart, *, slash: bool = False) -> str:
    """``“build/” is left out of this vault (.gitignore)``; ``slash``: a folder is named
    with a ``/`` at its end, as in a link."""
    name = part.path + ("/" if slash and part.is_dir else "")
    return f"“{name}” is left out of this vault ({rule_text(rules, part.source)})"


def move_problem(rules: IgnoreRules, old: str, new: str, is_dir: bool) -> str | None:
    """Why ``old`` must not become ``new``: it would go where the vault does not look
    (None: it may, or ``old`` is left out already and stays so)."""
    part = left_out_part(rules, new, is_dir)
    if part is None or left_out_part(rules, old, is_dir) is not None:
        return None
    what = "folder" if is_dir else "note" if is_note_path(old) else "file"
    return f"{left_out_text(rules, part)}: the {what} would disappear from notedesk"
