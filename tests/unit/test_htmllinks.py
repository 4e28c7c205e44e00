"""Local paths in raw HTML (<a href>, <img src>): indexed as links, kept right by rename/move."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.fileops import plan_rename
from notedesk.core.index import VaultIndex
from notedesk.core.note import parse_note
from notedesk.core.renameapply import apply_rename
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<a href="docs/install.md">Install</a>', [("docs/install.md", False, 1, 1)]),
        ("x <IMG SRC='img/my%20pic.png' alt=a>", [("img/my pic.png", True, 1, 3)]),
        (
            '<p align="center">\n  <img src="logo.png?raw=true" width="80">\n</p>',
            [("logo.png", True, 2, 3)],
        ),
        ('<a href="page.md#top">', [("page.md", False, 1, 1)]),  # an id: not checked
        ('<a href="https://example.com/x.md">', []),
        ('<a href="#top">', []),
        ('<a name="top">', []),
        ('`<a href="code.md">`', []),
        ('```\n<img src="code.png">\n```', []),
        ('<!-- <a href="gone.md"> -->', []),
        ('<abbr href="x.md">', []),
    ],
)
def test_html_links(text: str, expected: list[tuple[str, bool, int, int]]) -> None:
    links = parse_note(text).links
    assert [(lk.target, lk.embed, lk.line, lk.col) for lk in links] == expected
    assert all(lk.fragment is None and lk.kind == "markdown" for lk in links)


def test_html_links_in_order_with_other_links() -> None:
    text = '[[a]] <a href="b.md">b</a> [c](c.md)\n<img src="d.png">\n\n[e]: e.md\n'
    assert [lk.target for lk in parse_note(text).links] == ["a", "b.md", "c.md", "d.png", "e.md"]


VAULT = {
    "README.md": '<p align="center">\n  <img src="docs/img/logo.png?raw=true" width="80">\n</p>\n\n'
    '<a href="docs/install.md#req">Install</a> <a href="docs/gone.md">gone</a>\n',
    "docs/install.md": "# Install\n",
    "docs/img/logo.png": b"\x89PNG",
    "docs/guide/index.md": '<img src="../img/logo.png"> [Up one level](..)\n',
}


def test_index_and_rename(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    vault = Vault(root)
    index = VaultIndex(vault, workers=1)
    index.build()
    assert [r.path for r in index.outgoing("README.md")] == [
        "docs/img/logo.png",
        "docs/install.md",
        None,
    ]
    assert [b.source for b in index.backlinks("docs/install.md")] == ["README.md"]
    apply_rename(vault, plan_rename(index, vault, "docs/img", "docs/images"))
    index = VaultIndex(vault, workers=1)
    index.build()
    apply_rename(vault, plan_rename(index, vault, "docs/install.md", "docs/setup.md"))
    index = VaultIndex(vault, workers=1)
    index.build()
    apply_rename(vault, plan_rename(index, vault, "docs/guide/index.md", "guide.md"))
    assert (root / "README.md").read_text() == (
        '<p align="center">\n  <img src="docs/images/logo.png?raw=true" width="80">\n</p>\n\n'
        '<a href="docs/setup.md#req">Install</a> <a href="docs/gone.md">gone</a>\n'
    )
    assert (
        root / "guide.md"
    ).read_text() == '<img src="docs/images/logo.png"> [Up one level](docs/)\n'
