"""Mermaid diagrams render offline from the bundled script (when it was bundled)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedesk.app.application import AppController
from notedesk.resources import resource

BUNDLED = resource("preview", "vendor", "mermaid.min.js").is_file()


def _js(qtbot, view, script: str):
    result: list[object] = []
    view.run_script(script, lambda value: result.append(value))
    qtbot.waitUntil(lambda: bool(result), timeout=10000)
    return result[0]


@pytest.fixture
def tab(qtbot, tmp_path: Path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "D.md").write_text(
        "# Diagram\n\n```mermaid\ngraph TD\n  A[Start] --> B{Ok?}\n  B --> C[Done]\n```\n",
        encoding="utf-8",
    )
    controller = AppController(vault / "D.md")
    controller.start()
    qtbot.addWidget(controller.window)
    controller.load_rest()
    tab = controller.window.current_tab()
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=20000)
    yield tab
    controller.shutdown()


@pytest.mark.skipif(not BUNDLED, reason="mermaid is not bundled (npm was unavailable at install)")
def test_mermaid_fence_becomes_svg(qtbot, tab):
    qtbot.waitUntil(
        lambda: (
            _js(qtbot, tab.preview, "document.querySelectorAll('#content pre.mermaid svg').length")
            == 1
        ),
        timeout=20000,
    )
    labels = _js(
        qtbot, tab.preview, "document.querySelector('#content pre.mermaid svg').textContent"
    )
    assert "Start" in labels and "Done" in labels


def test_fallback_source_is_present_without_script(qtbot, tab):
    qtbot.waitUntil(
        lambda: (
            _js(
                qtbot, tab.preview, "document.querySelectorAll('#content .mermaid-fallback').length"
            )
            == 1
        ),
        timeout=20000,
    )
