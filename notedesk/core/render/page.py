"""A complete HTML page around a rendered note: for ``notedesk render`` and the exported site."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from markdown_it.common.utils import escapeHtml

from notedesk.core.render.api import RenderResult, Theme
from notedesk.resources import resource

STYLESHEETS = ("notedesk.css", "pygments.css")

# Pages load only what sits next to them (the export) or inline CSS, and run no script
# but the export's own diagram scripts (note content is sanitised: it has no script).
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline' file:; "
    "img-src 'self' file: data:; media-src 'self' file:; frame-src 'self' file:; "
    "font-src 'self' data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)
# A page that loads script files: from the site's own folder, opened from disk or a server.
CSP_WITH_SCRIPTS = CSP.replace("script-src 'none'", "script-src 'self' file:")


@cache
def stylesheet_text() -> str:
    """The preview stylesheets, concatenated, for a page that must stand alone."""
    return "\n".join(resource("preview", name).read_text(encoding="utf-8") for name in STYLESHEETS)


def page_html(
    result: RenderResult,
    title: str,
    *,
    theme: Theme = "auto",
    css_hrefs: list[str] | None = None,
    header: str = "",
    inline_title: bool = False,
    scripts: Sequence[str] = (),
) -> str:
    """The page: CSS linked from ``css_hrefs``, or inlined when None.

    ``header`` is trusted markup built by the caller (site navigation). With
    ``inline_title`` a note that does not open with a level-1 heading gets ``title``
    as one, as Obsidian shows a note's name above its text. ``scripts`` are the URLs of
    the caller's own script files, run in order once the page is read.
    """
    if css_hrefs is None:
        styles = f"<style>\n{stylesheet_text()}\n</style>"
    else:
        styles = "\n".join(f'<link rel="stylesheet" href="{escapeHtml(h)}">' for h in css_hrefs)
    csp = CSP
    if scripts:
        csp = CSP_WITH_SCRIPTS
        styles += "".join(f'\n<script defer src="{escapeHtml(src)}"></script>' for src in scripts)
    body_class = f' class="theme-{theme}"' if theme != "auto" else ""
    article_classes = " ".join(["markdown-rendered", *result.css_classes])
    first = result.headings[0] if result.headings else None
    heading = ""
    if inline_title and (first is None or first.level != 1):
        heading = f'<h1 class="inline-title">{escapeHtml(title)}</h1>\n'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escapeHtml(title)}</title>\n{styles}\n</head>\n"
        f"<body{body_class}>\n{header}"
        f'<article class="{escapeHtml(article_classes)}">\n{heading}{result.html}</article>\n'
        "</body>\n</html>\n"
    )
