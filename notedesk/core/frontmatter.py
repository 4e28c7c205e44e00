"""Frontmatter (YAML or JSON "properties") split off the top of a note and loaded safely."""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from typing import Any

_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_JSON_CLOSE = re.compile(r"^\}[ \t]*$", re.MULTILINE)


@dataclass(slots=True)
class FrontmatterBlock:
    """The raw frontmatter: its text, first text line and the last line (the closer)."""

    text: str
    kind: str  # "yaml" | "json"
    first_line: int  # 1-based line of the first frontmatter text line
    end_line: int  # 1-based line of the closing delimiter
    body_offset: int  # character offset where the body starts


@dataclass(slots=True)
class LoadedFrontmatter:
    data: dict[str, Any]
    error: str | None
    error_line: int | None


def split_frontmatter(text: str) -> FrontmatterBlock | None:
    """Find a ``---`` YAML block or a ``{ ... }`` JSON block at the very top."""
    if text.startswith("---"):
        first_nl = text.find("\n")
        if first_nl < 0 or text[3:first_nl].strip():
            return None
        close = _YAML_CLOSE.search(text, first_nl + 1)
        if close is None:
            return None
        inner = text[first_nl + 1 : close.start()]
        end_line = text.count("\n", 0, close.start()) + 1
        nl = text.find("\n", close.end())
        body = len(text) if nl < 0 else nl + 1
        return FrontmatterBlock(inner, "yaml", 2, end_line, body)
    if text.startswith("{") and text[1:2] in ("\n", "\r", ""):
        close = _JSON_CLOSE.search(text, 1)
        if close is None:
            return None
        inner = text[: close.end()]
        end_line = text.count("\n", 0, close.start()) + 1
        nl = text.find("\n", close.end())
        body = len(text) if nl < 0 else nl + 1
        return FrontmatterBlock(inner, "json", 1, end_line, body)
    return None


# YAML aliases share one node many times over: a few hundred bytes can describe
# billions of values ("billion laughs") or a cycle. Copying them out as plain
# values is bounded: at most as many values as the block has characters (no
# alias-free YAML has more), plus a floor for small blocks, and a nesting limit.
_MAX_VALUES_FLOOR = 10_000
_MAX_DEPTH = 100


class _TooLarge(Exception):
    pass


class _Budget:
    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


def _plain(value: Any, budget: _Budget | None = None, depth: int = 0) -> Any:
    """YAML values as JSON types (dates become ISO strings) so they cache and compare."""
    if budget is not None:
        budget.left -= 1
        if budget.left < 0 or depth > _MAX_DEPTH:
            raise _TooLarge
    if isinstance(value, dict):
        return {str(k): _plain(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v, budget, depth + 1) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def load_frontmatter(block: FrontmatterBlock) -> LoadedFrontmatter:
    """Parse the block; a syntax error is reported with its file line, never raised."""
    if block.kind == "json":
        try:
            data = json.loads(block.text)
        except RecursionError:
            return LoadedFrontmatter({}, "invalid JSON frontmatter: nested too deeply", 1)
        except ValueError as exc:
            line = getattr(exc, "lineno", 1)
            return LoadedFrontmatter(
                {}, f"invalid JSON frontmatter: {exc}", block.first_line + line - 1
            )
        return _as_mapping(data, block)
    simple = _simple_yaml(block.text)
    if simple is not None:
        return LoadedFrontmatter(simple, None, None)
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = YAMLHandler().load(block.text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = block.first_line + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        return LoadedFrontmatter({}, f"invalid YAML frontmatter: {problem}", line)
    except (ValueError, TypeError, RecursionError) as exc:
        return LoadedFrontmatter({}, f"invalid YAML frontmatter: {exc}", block.first_line)
    return _as_mapping(data, block)


def _as_mapping(data: Any, block: FrontmatterBlock) -> LoadedFrontmatter:
    if data is None:
        return LoadedFrontmatter({}, None, None)
    if not isinstance(data, dict):
        return LoadedFrontmatter(
            {}, "frontmatter is not a set of properties (key: value)", block.first_line
        )
    try:
        plain = _plain(data, _Budget(max(_MAX_VALUES_FLOOR, len(block.text))))
    except _TooLarge:
        return LoadedFrontmatter(
            {},
            "frontmatter too large: its YAML aliases expand to too many values"
            " or it nests too deeply",
            block.first_line,
        )
    return LoadedFrontmatter(plain, None, None)


_KEY_PATTERNS: dict[str, re.Pattern[str]] = {}


def key_line(block: FrontmatterBlock, key: str) -> int:
    """The file line where a top-level ``key:`` appears (the block start if not found)."""
    pattern = _KEY_PATTERNS.get(key)
    if pattern is None:
        pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?[ \t]*:", re.MULTILINE | re.IGNORECASE)
        _KEY_PATTERNS[key] = pattern
    found = pattern.search(block.text)
    if found is None:
        return block.first_line
    return block.first_line + block.text.count("\n", 0, found.start())


def _text(value: Any) -> str:
    """A scalar as written in YAML: ``true``, not Python's ``True``."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value).strip()


def string_list(value: Any, split_spaces: bool) -> list[str]:
    """A property that may be a list or a comma- (and maybe space-) separated string."""
    if value is None or isinstance(value, dict):
        return []
    if isinstance(value, list):
        items = (_text(v) for v in value if v is not None and not isinstance(v, (dict, list)))
        return [t for t in items if t]
    parts = re.split(r"[,\s]+" if split_spaces else r",", _text(value))
    return [p.strip() for p in parts if p.strip()]


# -- fast path ---------------------------------------------------------------
# Most frontmatter is a handful of ``key: plain value`` lines and block or flow
# lists of plain words. Building those through PyYAML's Python-level
# constructor costs ~100 us a note; this subset parser gives the identical
# result for them and hands anything else (quotes, nesting, anchors, comments,
# odd scalars) to PyYAML.

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_ -]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_ITEM_LINE = re.compile(r"[ ]+-[ \t]+(.*?)[ \t]*$|[ ]*-[ \t]+(.*?)[ \t]*$")
_PLAIN = re.compile(r"[A-Za-z_\u00c0-\uffff][^:#\[\]{},\"'&*!|>%@`]*")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_NOT_SIMPLE = object()


def _scalar(raw: str) -> Any:
    if raw in _NULLS:
        return None
    if raw in _BOOLS:
        return _BOOLS[raw]
    if _INT.fullmatch(raw):
        return int(raw)
    if _FLOAT.fullmatch(raw):
        return float(raw)
    if _DATE.fullmatch(raw):
        try:
            return _dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            return _NOT_SIMPLE
    if _PLAIN.fullmatch(raw) and raw[-1] not in " \t" and not raw.startswith(("y ", "n ")):
        low = raw.casefold()
        if low in (".inf", ".nan", "y", "n") or raw[0] in "-?":
            return _NOT_SIMPLE
        return raw
    return _NOT_SIMPLE


def _simple_yaml(text: str) -> dict[str, Any] | None:
    """Parse the plain subset of YAML frontmatter, or None to defer to PyYAML."""
    if "\t" in text or "#" in text or "\\" in text:
        return None
    data: dict[str, Any] = {}
    current: list[Any] | None = None
    block_keys: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line[0] in " -":
            item = _ITEM_LINE.fullmatch(line)
            if current is None or item is None:
                return None
            value = _scalar(item.group(1) if item.group(1) is not None else item.group(2))
            if value is _NOT_SIMPLE or value is None:
                return None
            current.append(value)
            continue
        m = _KEY_LINE.fullmatch(line)
        if m is None:
            return None
        key, raw = m.group(1), m.group(2) or ""
        if key in data:
            return None
        current = None
        if raw.startswith("[") and raw.endswith("]"):
            items: list[Any] = []
            inner = raw[1:-1].strip()
            for part in inner.split(",") if inner else ():
                value = _scalar(part.strip())
                if value is _NOT_SIMPLE or value is None:
                    return None
                items.append(value)
            data[key] = items
            continue
        value = _scalar(raw)
        if value is _NOT_SIMPLE:
            return None
        data[key] = value
        if raw == "":
            current = []
            data[key] = current
            block_keys.append(key)
    for key in block_keys:
        if not data[key]:
            data[key] = None  # "key:" with no items under it is null in YAML
    return data
