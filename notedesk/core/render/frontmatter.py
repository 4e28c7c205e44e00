"""Frontmatter ("properties"): a collapsible table; invalid YAML a warning with the raw text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import MutableMapping, Sequence
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from notedesk.core.frontmatter import FrontmatterBlock, load_frontmatter, split_frontmatter
from notedesk.core.render.context import RenderContext, ctx_of
from notedesk.core.render.wikilinks import parse_target, render_internal_link

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALIAS = re.compile(r"(?:^|[\s\[\{,:-])\*[^\s,\]\}]")
_WIKILINK = re.compile(r"^\[\[([^\[\]\n]+)\]\]$")
_TAG_KEYS = frozenset({"tags", "tag"})
# Aliased YAML can describe exponentially large trees; past this many cells the table stops.
_MAX_CELLS = 2000


def _rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if start_line != 0 or state.blkIndent != 0 or state.src[:1] not in ("-", "{"):
        return False
    if not ctx_of(state.env).allow_frontmatter:
        return False
    block = split_frontmatter(state.src)
    if block is None or block.end_line > end_line:
        # No closing fence: not frontmatter; a `---` renders as a rule.
        return False
    if silent:
        return True
    token = state.push("nd_front_matter", "", 0)
    token.block = True
    token.map = [0, block.end_line]
    token.content = block.text
    token.meta = {"block": block}
    state.line = block.end_line
    return True


def load_properties(block: FrontmatterBlock) -> tuple[dict[str, object] | None, str | None]:
    """The properties of a frontmatter block, or None and a message saying what is wrong."""
    if _ALIAS.search(block.text) and block.kind == "yaml":
        # Aliases can describe exponentially large trees; keep them shared, never expanded.
        try:
            data = yaml.load(block.text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            return None, f"invalid YAML frontmatter: {' '.join(str(exc).split())}"
        except (RecursionError, ValueError, TypeError) as exc:
            return None, f"invalid YAML frontmatter: {type(exc).__name__}"
        if data is None:
            return {}, None
        if not isinstance(data, dict):
            return None, "frontmatter is not a set of properties (key: value)"
        return {str(k): v for k, v in data.items()}, None
    loaded = load_frontmatter(block)
    if loaded.error is not None:
        where = f" (line {loaded.error_line})" if loaded.error_line else ""
        return None, loaded.error + where
    return dict(loaded.data), None


class _Cells:
    def __init__(self) -> None:
        self.left = _MAX_CELLS

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _value_html(ctx: RenderContext, key: str, value: object, cells: _Cells, depth: int = 0) -> str:
    if not cells.take():
        return "…"
    if isinstance(value, bool):
        checked = " checked" if value else ""
        return f'<input type="checkbox" disabled{checked}>'
    if value is None:
        return '<span class="property-empty"></span>'
    if isinstance(value, list | tuple | set):
        items = [_value_html(ctx, key, v, cells, depth + 1) for v in value if cells.left > 0]
        joined = "".join(f'<span class="property-item">{item}</span>' for item in items)
        return f'<span class="property-list">{joined}</span>'
    if isinstance(value, dict):
        if depth > 3:
            return escapeHtml(str(value)[:200])
        rows = "".join(
            f"<tr><th>{escapeHtml(str(k))}</th>"
            f"<td>{_value_html(ctx, str(k), v, cells, depth + 1)}</td></tr>"
            for k, v in value.items()
            if cells.left > 0
        )
        return f'<table class="property-map">{rows}</table>'
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    text = str(value)
    if key.lower() in _TAG_KEYS:
        tags = [t.lstrip("#") for t in re.split(r"[,\s]+", text) if t.strip("#")]
        return "".join(f'<span class="tag">#{escapeHtml(t)}</span> ' for t in tags).rstrip()
    match = _WIKILINK.match(text.strip())
    if match is not None:
        target = parse_target(match.group(1))
        return render_internal_link(ctx, target, escapeHtml(target.shown))
    return _linked_urls(text)


_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'*_]", re.IGNORECASE)


def _linked_urls(text: str) -> str:
    """``text`` as HTML, its web addresses as links (a text property may hold a URL)."""
    out: list[str] = []
    at = 0
    for m in _URL.finditer(text):
        url = escapeHtml(m.group(0))
        out.append(escapeHtml(text[at : m.start()]))
        out.append(f'<a class="external-link" href="{url}">{url}</a>')
        at = m.end()
    out.append(escapeHtml(text[at:]))
    return "".join(out)


def properties_html(ctx: RenderContext, props: dict[str, object], attrs: str) -> str:
    cells = _Cells()
    rows = "".join(
        f'<tr data-property="{escapeHtml(k)}"><th>{escapeHtml(k)}</th>'
        f"<td>{_value_html(ctx, k, v, cells)}</td></tr>"
        for k, v in props.items()
        if cells.left > 0
    )
    return (
        f'<details class="properties" open{attrs}><summary>Properties</summary>'
        f'<table class="properties-table"><tbody>{rows}</tbody></table></details>\n'
    )


def _render(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    ctx = ctx_of(env)
    token = tokens[idx]
    attrs = self.renderAttrs(token)
    props, error = load_properties(token.meta["block"])
    if ctx.depth == 0:
        ctx.frontmatter, ctx.frontmatter_error = props, error
    if props is None:
        return (
            f'<div class="frontmatter-error" role="alert"{attrs}>'
            f'<p class="frontmatter-error-title">The properties could not be read: '
            f"{escapeHtml(error or '')}</p>"
            f'<pre class="frontmatter-raw"><code>{escapeHtml(token.content)}</code></pre></div>\n'
        )
    if not props:
        return ""
    return properties_html(ctx, props, attrs)


def frontmatter_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "nd_front_matter", _rule)
    md.add_render_rule("nd_front_matter", _render)
