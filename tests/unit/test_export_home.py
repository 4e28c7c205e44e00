"""The exported site's home page follows the vault's folders, as the file tree does."""

from __future__ import annotations

import re
from pathlib import Path

from notedesk.core.export import export_vault
from notedesk.core.exporthome import home_body
from notedesk.core.vault import Vault


def _outline(html: str) -> list[str]:
    """Folders and notes in page order, indented by depth."""
    rows, depth = [], 0
    for tag in re.finditer(r"<(/?)(ul|summary>|a href=\"[^\"]*\">)([^<]*)", html):
        closing, kind, text = tag.groups()
        if kind == "ul":
            depth += -1 if closing else 1
        elif not closing:
            rows.append("  " * (depth - 1) + ("/" if kind == "summary>" else "") + text.strip())
    return rows


def test_home_lists_folders_first_in_natural_order() -> None:
    notes = [
        "zeta.md",
        "Note 10.md",
        "B folder/Note 10.md",
        "a folder/sub/deep.md",
        "B folder/Note 2.md",
        "Note 2.md",
        "a folder/top.md",
        "Alpha.md",
    ]
    html = home_body(notes, lambda note: note.replace(".md", ".html"))
    assert _outline(html) == [
        "/a folder",
        "  /sub",
        "    deep",
        "  top",
        "/B folder",
        "  Note 2",
        "  Note 10",
        "Alpha",
        "Note 2",
        "Note 10",
        "zeta",
    ]
    assert html.count("<details>") == 3 and "<script" not in html
    assert 'B folder <span class="site-count">2</span>' in html


def test_exported_home_page_is_the_folder_tree(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    for rel in ("Projects/Plan 10.md", "Projects/Plan 9.md", "Inbox.md", "Projects/Old/A.md"):
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text("text\n", encoding="utf-8")
    out = tmp_path / "site"
    export_vault(Vault(vault), out)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert _outline(home.split("<article", 1)[1]) == [
        "/Projects",
        "  /Old",
        "    A",
        "  Plan 9",
        "  Plan 10",
        "Inbox",
    ]
    assert 'href="Projects/Old/A.html"' in home and "<script" not in home
