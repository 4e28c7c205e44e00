"""Exported pages with a mermaid diagram load the app's bundled mermaid from the site's own
folder; every other page, and every page without a bundled mermaid, runs no script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notedesk.core import exportdiagrams
from notedesk.core.export import export_vault
from notedesk.core.vault import Vault

DIAGRAM = "```mermaid\ngraph TD\nA --> B\n```\n"
HOSTILE = '<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n'


def _vault(root: Path) -> Path:
    files = {
        "Sub/Diagram.md": HOSTILE + DIAGRAM,
        "Embeds it.md": "![[Sub/Diagram]]\n",
        "Plain.md": "no diagram\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _scripts(page: Path) -> list[str]:
    return re.findall(r"<script\b[^>]*>", page.read_text(encoding="utf-8"))


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    fake = tmp_path / "mermaid.min.js"
    fake.write_bytes(b"window.mermaid = {};")
    monkeypatch.setattr(exportdiagrams, "bundled_mermaid", lambda: fake)
    return fake.read_bytes()


def test_pages_with_a_diagram_load_the_bundled_mermaid(tmp_path: Path, bundled: bytes) -> None:
    vault, out = _vault(tmp_path / "vault"), tmp_path / "site"
    assert export_vault(Vault(vault), out).errors == []
    assert (out / "_notedesk" / "mermaid.min.js").read_bytes() == bundled
    starter = (out / "_notedesk" / "diagrams.js").read_text(encoding="utf-8")
    assert 'securityLevel: "strict"' in starter
    page = out / "Sub" / "Diagram.html"
    assert _scripts(page) == [
        '<script defer src="../_notedesk/mermaid.min.js">',
        '<script defer src="../_notedesk/diagrams.js">',
    ]  # the note's own script is not among them
    text = page.read_text(encoding="utf-8")
    assert "script-src 'self' file:" in text and "onerror" not in text
    assert '<pre class="mermaid">graph TD' in text
    assert len(_scripts(out / "Embeds it.html")) == 2  # the diagram comes with the embed
    for plain in (out / "Plain.html", out / "index.html", out / "tags.html"):
        assert _scripts(plain) == [] and "script-src 'none'" in plain.read_text(encoding="utf-8")


def test_scripts_leave_with_the_last_diagram(tmp_path: Path, bundled: bytes) -> None:
    vault, out = _vault(tmp_path / "vault"), tmp_path / "site"
    export_vault(Vault(vault), out)
    assert (out / "_notedesk" / "mermaid.min.js").is_file()
    (vault / "Sub" / "Diagram.md").write_text("no more diagram\n", encoding="utf-8")
    export_vault(Vault(vault), out)
    assert not (out / "_notedesk" / "mermaid.min.js").exists()
    assert not (out / "_notedesk" / "diagrams.js").exists()
    assert all(_scripts(page) == [] for page in out.rglob("*.html"))


def test_without_a_bundled_mermaid_diagrams_show_as_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exportdiagrams, "bundled_mermaid", lambda: None)
    vault, out = _vault(tmp_path / "vault"), tmp_path / "site"
    export_vault(Vault(vault), out)
    assert not (out / "_notedesk" / "mermaid.min.js").exists()
    page = (out / "Sub" / "Diagram.html").read_text(encoding="utf-8")
    assert "<script" not in page and "script-src 'none'" in page
    assert "Mermaid diagram, shown as its source" in page
