"""The preview's promises, checked in a real QtWebEngine page (see SECURITY.md)."""

from __future__ import annotations

import http.server
import socketserver
import threading
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage

from notedesk.app.application import AppController
from notedesk.app.widgets.preview import PAGE_URL, PreviewPage


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: typing.ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    """A server on loopback that counts requests: nothing may reach it."""
    _Counter.hits = []
    server = socketserver.TCPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _js(qtbot, view, script: str):
    result: list[object] = []
    view.run_script(script, lambda value: result.append(value))
    qtbot.waitUntil(lambda: bool(result), timeout=10000)
    return result[0]


@pytest.fixture
def open_note(qtbot, tmp_path: Path):
    controllers: list[AppController] = []

    def opener(text: str):
        vault = tmp_path / "vault"
        vault.mkdir(exist_ok=True)
        (vault / "Hostile.md").write_text(text, encoding="utf-8")
        (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        controller = AppController(vault / "Hostile.md")
        controller.start()
        qtbot.addWidget(controller.window)
        controller.load_rest()
        controllers.append(controller)
        tab = controller.window.current_tab()
        qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=20000)
        with qtbot.waitSignal(tab.preview_shown, timeout=20000):
            tab.rerender()
        return controller, tab

    yield opener
    for controller in controllers:
        controller.shutdown()


HOSTILE = """# Hostile

<script>window.pwned = 1</script>
<img src=x onerror="window.pwned = 2">
<svg onload="window.pwned = 3"><script>window.pwned = 4</script></svg>
<a id="js" href="javascript:window.pwned = 5">click</a>
<iframe src="javascript:parent.pwned = 6"></iframe>
<object data="data:text/html,<script>parent.pwned=7</script>"></object>
<meta http-equiv="refresh" content="0; url=https://example.org/">
<base href="https://example.org/">
<math><mtext><img src=x onerror="window.pwned = 8"></mtext></math>
<div style="background: url('{server}/css.png')">css</div>
<img id="remote" src="{server}/img.png">
<img id="local-file" src="file://{outside}">
<audio src="{server}/a.mp3" autoplay></audio>
<link rel="stylesheet" href="{server}/x.css">
"""


def test_no_note_content_runs_script_or_loads_remote(qtbot, open_note, local_server, tmp_path):
    text = HOSTILE.format(server=local_server, outside=tmp_path / "outside.png")
    _controller, tab = open_note(text)
    qtbot.wait(500)  # give any load or handler the chance to fire
    assert _js(qtbot, tab.preview, "String(window.pwned)") == "undefined"
    assert _Counter.hits == []
    # The page is still ours: no refresh or base tag took it elsewhere.
    assert tab.preview.url() == PAGE_URL
    assert (
        _js(
            qtbot,
            tab.preview,
            "document.querySelectorAll('#content script, #content iframe, #content object,"
            " #content meta, #content base').length",
        )
        == 0
    )


def test_page_has_a_content_security_policy(qtbot, open_note):
    _controller, tab = open_note("# Plain\n")
    csp = _js(
        qtbot,
        tab.preview,
        "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content",
    )
    assert "script-src vault://app" in csp
    assert "default-src 'none'" in csp
    assert "connect-src 'none'" in csp


def test_injected_script_cannot_reach_the_network(qtbot, open_note, local_server):
    """Even script in the page (it cannot come from a note) is held by CSP and the blocker."""
    _controller, tab = open_note("# Plain\n")
    _js(
        qtbot,
        tab.preview,
        f"fetch('{local_server}/fetch').catch(() => 0); new Image().src = '{local_server}/img'; 1",
    )
    qtbot.wait(500)
    assert _Counter.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "file:///etc/passwd",
        "vault://asset/x.png",
        "data:text/html,hi",
        "about:blank",
    ],
)
def test_preview_page_never_navigates_away(qtbot, url):
    from notedesk.app.runtime import preview_profile

    page = PreviewPage(preview_profile().profile)
    with qtbot.waitSignal(page.navigation_refused, timeout=2000):
        accepted = page.acceptNavigationRequest(
            QUrl(url), QWebEnginePage.NavigationType.NavigationTypeLinkClicked, True
        )
    assert accepted is False
    page.deleteLater()


@pytest.mark.parametrize(
    "href,reason",
    [
        ("file:///etc/passwd", "file"),
        ("weird-scheme://x", "weird-scheme"),
        ("javascript:alert(1)", "javascript"),
    ],
)
def test_dangerous_links_are_refused_with_a_message(qtbot, open_note, href, reason):
    controller, tab = open_note("# Plain\n")
    tab.link_activated.emit(href, False)
    message = controller.window.statusBar().currentMessage()
    assert "Not opened" in message and reason in message
    assert controller.window.current_tab() is tab


def _pdf(pages: int) -> bytes:
    """A small valid PDF of ``pages`` empty pages."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"] * pages,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_embed_loads_the_built_in_viewer_and_nothing_else(qtbot, open_note, tmp_path):
    """The PDF viewer's own pages load (its extension and the shared chrome resources it
    asks for); every other non-vault request is still blocked."""
    from notedesk.app.runtime import preview_profile

    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "file.pdf").write_bytes(_pdf(4))
    blocker = preview_profile().blocker
    blocker.blocked.clear()
    _controller, tab = open_note("# PDF\n\n![[file.pdf#page=3]]\n")
    frame_src = _js(qtbot, tab.preview, "document.querySelector('iframe.pdf-embed').src")
    assert frame_src.endswith("#page=3")
    qtbot.wait(3000)  # the viewer loads its page and scripts
    assert blocker.blocked == []
