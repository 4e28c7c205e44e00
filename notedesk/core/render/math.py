"""``$inline$`` and ``$$display$$`` math as MathML, converted offline by latex2mathml."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from functools import lru_cache
from typing import Any

import nh3
from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from notedesk.core.render.context import ctx_of

MAX_FORMULA_CHARS = 5000

_MATHML_TAGS = {
    "math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot",
    "mstyle", "merror", "mpadded", "mphantom", "mfenced", "menclose", "msub", "msup",
    "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none",
    "mtable", "mtr", "mtd", "mlabeledtr", "semantics", "annotation",
}  # fmt: skip
_MATHML_ATTRS = {
    "display", "mathvariant", "stretchy", "fence", "separator", "separators", "lspace",
    "rspace", "accent", "accentunder", "movablelimits", "columnalign", "rowalign",
    "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "width", "height",
    "depth", "notation", "linethickness", "displaystyle", "scriptlevel", "form", "symmetric",
    "largeop", "open", "close", "minsize", "maxsize", "mathsize", "align", "encoding",
}  # fmt: skip
_CLEANER = nh3.Cleaner(
    tags=_MATHML_TAGS,
    attributes={"*": _MATHML_ATTRS},
    clean_content_tags=set(),
    url_schemes=set(),
    link_rel=None,
)


@lru_cache(maxsize=1024)
def latex_to_mathml(latex: str, display: bool) -> str | None:
    """Sanitised MathML for a formula, or None if it cannot be converted."""
    if len(latex) > MAX_FORMULA_CHARS:
        return None
    # latex2mathml copies \text{} verbatim; < and > must not reach the HTML parser as tags.
    safe = latex.replace("<", r"\lt ").replace(">", r"\gt ")
    try:
        mathml = convert(safe, display="block" if display else "inline")
    except Exception:  # any converter failure shows the source instead
        return None
    return _CLEANER.clean(mathml)


def _math_html(
    env: MutableMapping[str, Any], latex: str, display: bool, attrs: str = "", tag: str = "div"
) -> str:
    """``tag`` is ``span`` inside a paragraph, where a ``div`` would split it."""
    ctx = ctx_of(env)
    ctx.shared.uses_math = True
    latex = latex.strip()
    mathml = latex_to_mathml(latex, display)
    tag = tag if display else "span"
    kind = "math-block" if display else "math-inline"
    if mathml is None:
        delim = "$$" if display else "$"
        return (
            f'<{tag} class="math {kind} math-error"{attrs} title="This formula could not be '
            f'rendered"><code>{escapeHtml(delim + latex + delim)}</code></{tag}>'
        )
    return f'<{tag} class="math {kind}"{attrs}>{ctx.shared.trust(mathml)}</{tag}>'


def _inline(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    return _math_html(env, tokens[idx].content, False)


def _inline_double(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    return _math_html(env, tokens[idx].content, True, tag="span")


def _block(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    return _math_html(env, tokens[idx].content, True, self.renderAttrs(tokens[idx])) + "\n"


def math_plugin(md: MarkdownIt) -> None:
    # Like Obsidian: no space inside the dollars, no digit after the closing one ("$5 and $10").
    dollarmath_plugin(
        md, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True
    )
    md.add_render_rule("math_inline", _inline)
    md.add_render_rule("math_inline_double", _inline_double)
    md.add_render_rule("math_block", _block)
    md.add_render_rule("math_block_label", _block)
