"""The files a JSON Canvas (``.canvas``) names, and rewriting them where they stand.

A canvas file node is ``{"type": "file", "file": "Notes/Home.md", ...}``: the path is
vault-relative, whatever folder the canvas is in. A rename or move rewrites only those
``"file"`` strings, in place, so the rest of the file stays byte for byte as it was
(Obsidian's own layout, key order and spacing).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import NamedTuple

from notedesk.core.linkedits import LinkEdit, line_starts

__all__ = ["CanvasRef", "canvas_edits", "canvas_refs", "is_canvas_path"]


class CanvasRef(NamedTuple):
    """A file node's ``"file"`` value: the path, and its JSON string as written."""

    path: str
    offset: int  # where the opening quote of ``raw`` is
    raw: str  # the JSON string literal, quotes included


def is_canvas_path(path: str) -> bool:
    return path.casefold().endswith(".canvas")


def _string_end(text: str, start: int) -> int:
    """The index after the JSON string opening at ``text[start] == '"'``; -1 if unclosed."""
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            return i + 1
        i += 1
    return -1


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def canvas_refs(text: str) -> list[CanvasRef]:
    """Every ``"file": "<path>"`` of the canvas ``text``; empty when it is no valid JSON."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    nodes = data.get("nodes") if isinstance(data, dict) else None
    wanted = {
        node["file"]
        for node in nodes or ()
        if isinstance(node, dict)
        and node.get("type") == "file"
        and isinstance(node.get("file"), str)
    }
    if not wanted:
        return []
    refs: list[CanvasRef] = []
    i = 0
    key: str | None = None  # the last string read, while it may be a key
    while i < len(text):
        ch = text[i]
        if ch != '"':
            key = None if ch not in " \t\r\n" else key
            i += 1
            continue
        end = _string_end(text, i)
        if end < 0:
            break
        after = _skip_space(text, end)
        if key == "file":
            value = json.loads(text[i:end])
            if value in wanted:
                refs.append(CanvasRef(value, i, text[i:end]))
            key = None
        elif after < len(text) and text[after] == ":":
            key = json.loads(text[i:end])
            i = _skip_space(text, after + 1)
            continue
        else:
            key = None
        i = end
    return refs


def canvas_edits(text: str, new_path: Callable[[str], str | None]) -> list[LinkEdit]:
    """The edits giving each file node of ``text`` the path ``new_path`` returns for it
    (None: unchanged). Each edit replaces one JSON string literal."""
    refs = [(ref, new) for ref in canvas_refs(text) if (new := new_path(ref.path)) is not None]
    if not refs:
        return []
    starts = line_starts(text)
    edits: list[LinkEdit] = []
    line = 0
    for ref, new in refs:
        while line + 1 < len(starts) and starts[line + 1] <= ref.offset:
            line += 1
        raw = json.dumps(new, ensure_ascii=False)
        if raw != ref.raw:
            edits.append(LinkEdit(line + 1, ref.offset - starts[line] + 1, ref.raw, raw))
    return edits
