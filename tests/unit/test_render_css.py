"""The preview stylesheets cover what the renderer emits, in light and dark."""

from __future__ import annotations

from notedesk.core.render.callouts import ALIASES
from notedesk.core.render.code import pygments_css
from notedesk.resources import resource


def test_pygments_css_is_current() -> None:
    on_disk = resource("preview", "pygments.css").read_text(encoding="utf-8")
    assert on_disk == pygments_css(), "regenerate resources/preview/pygments.css"


def test_pygments_css_has_light_auto_dark_and_forced_dark() -> None:
    css = pygments_css()
    assert ".highlight .k {" in css
    assert "@media (prefers-color-scheme: dark)" in css
    assert "body:not(.theme-light) .highlight .k" in css
    assert "body.theme-dark .highlight .k" in css


def test_notedesk_css_styles_every_callout_type_and_theme() -> None:
    css = resource("preview", "notedesk.css").read_text(encoding="utf-8")
    for base in set(ALIASES.values()) - {"note"}:
        assert f'.callout[data-callout-type="{base}"]' in css
    for selector in (
        "body.theme-dark",
        "body:not(.theme-light)",
        "a.internal-link.is-unresolved",
        "li.task-question",
        "li.task-cancelled",
        "details.properties",
        ".frontmatter-error",
        ".remote-media",
        ".embed-cycle",
        ".mermaid-fallback",
        ".markdown-embed",
    ):
        assert selector in css, selector
    assert "url(" not in css  # the preview loads nothing from CSS
