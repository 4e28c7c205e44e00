"""Raw HTML in notes: media sources written as vault paths point at the vault file."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from notedesk.core.render.context import RenderContext, ctx_of
from notedesk.core.render.mdlinks import is_external, resolve_relative

# Runs before sanitising, so a loose match can only produce markup nh3 then cleans.
_TAG = re.compile(r"<(?:img|audio|video|source)\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(
    r"(\s(?:src|poster)\s*=\s*)(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE
)


def _rewrite(ctx: RenderContext, raw: str) -> str:
    def fix(match: re.Match[str]) -> str:
        value = next(v for v in match.groups()[1:] if v is not None)
        if not value or is_external(value) or value.startswith("#"):
            return match.group(0)
        found = resolve_relative(ctx, value)
        if found is None:
            return match.group(0)
        return f'{match.group(1)}"{escapeHtml(ctx.links.asset_url(found))}"'

    return _TAG.sub(lambda tag: _SRC.sub(fix, tag.group(0)), raw)


def _html(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    content = tokens[idx].content
    if "src" not in content and "poster" not in content:
        return content
    return _rewrite(ctx_of(env), content)


def rawhtml_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("html_block", _html)
    md.add_render_rule("html_inline", _html)
