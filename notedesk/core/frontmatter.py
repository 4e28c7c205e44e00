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


def _plain(value: Any) -> Any:
    """YAML values as JSON types (dates become ISO strings) so they cache and compare."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
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
        except ValueError as exc:
            line = getattr(exc, "lineno", 1)
            return LoadedFrontmatter(
                {}, f"invalid JSON frontmatter: {exc}", block.first_line + line - 1
            )
        return _as_mapping(data, block)
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
    return LoadedFrontmatter(_plain(data), None, None)


def key_line(block: FrontmatterBlock, key: str) -> int:
    """The file line where a top-level ``key:`` appears (the block start if not found)."""
    pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?[ \t]*:", re.MULTILINE | re.IGNORECASE)
    found = pattern.search(block.text)
    if found is None:
        return block.first_line
    return block.first_line + block.text.count("\n", 0, found.start())


def string_list(value: Any, split_spaces: bool) -> list[str]:
    """A property that may be a list or a comma- (and maybe space-) separated string."""
    if value is None or isinstance(value, dict):
        return []
    if isinstance(value, list):
        return [
            str(v).strip()
            for v in value
            if v is not None and not isinstance(v, (dict, list)) and str(v).strip()
        ]
    parts = re.split(r"[,\s]+" if split_spaces else r",", str(value))
    return [p.strip() for p in parts if p.strip()]
