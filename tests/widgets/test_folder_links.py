"""Links to folders in the app: the preview links a folder to its index/README note or to
the folder, and following a folder link opens that note or shows the folder in the tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.app.application import AppController
from notedesk.app.linkfollow import follow_link
from notedesk.core.linkurls import parse_preview_href

TEXT = "[docs](docs/) and [api](docs/api/)\n"


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    for path, body in {
        "README.md": TEXT,
        "docs/index.md": "# Docs\n",
        "docs/api/call.md": "# Call\n",
    }.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(body, encoding="utf-8")
    return root


@pytest.fixture
def app(qtbot, tmp_path):
    app = AppController(_vault(tmp_path) / "README.md")
    app.start()
    qtbot.addWidget(app.window)
    app.load_rest()
    qtbot.waitUntil(lambda: app.index_service.ready, timeout=20000)
    qtbot.waitUntil(lambda: "docs/api/call.md" in app.window.file_tree.source_model, timeout=10000)
    yield app
    app.shutdown()


def test_the_preview_links_folders_as_resolved(qtbot, app):
    html = app._render_fn(TEXT, "README.md").html
    assert "is-unresolved" not in html
    assert 'href="vault://note/docs/index.md"' in html
    assert 'href="vault://folder/docs/api"' in html


def test_a_folder_url_shows_the_folder_in_the_tree(qtbot, app):
    window = app.window
    follow_link(window, parse_preview_href("vault://folder/docs/api"), False)
    assert window.file_tree.current_path() == "docs/api"
    assert window.current_tab().path == "README.md"  # no note made or opened


def test_a_folder_url_opens_the_folders_note_when_it_has_one(qtbot, app):
    window = app.window
    follow_link(window, parse_preview_href("vault://folder/docs"), False)
    qtbot.waitUntil(lambda: window.current_tab().path == "docs/index.md", timeout=5000)
