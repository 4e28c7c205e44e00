"""Markdown links and raw-HTML hrefs to folders of the vault, in the preview, an exported
site and a page rendered on its own: the folder's index/README note, else the folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notedesk.cli import main
from notedesk.core.export import export_vault
from notedesk.core.linkplaces import FolderLink, listed_folder_link
from notedesk.core.linkurls import folder_url, parse_preview_href
from notedesk.core.nametable import NameTable
from notedesk.core.render import ExportLinks, PathHost, PreviewLinks, Renderer
from notedesk.core.render.blocks import BlockRenderer
from notedesk.core.vault import Vault
from tests.unit.test_render_helpers import MemoryHost

FILES = {
    "README.md": "",
    "docs/index.md": "# Docs\n",
    "docs/api/call.md": "# Call\n",
    "docs/guide/README.md": "# Guide\n",
    "docs/guide/Start.md": "[api](../api/)\n",
}
TEXT = (
    "See [docs](docs/), [api](docs/api/), [guide](docs/guide) and [top](/).\n\n"
    '<a href="docs/api/">raw api</a>\n'
)


def _vault(tmp_path: Path, files: dict[str, str] = FILES, text: str = TEXT) -> Path:
    root = tmp_path / "vault"
    for path, body in {**files, "README.md": text}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(body, encoding="utf-8")
    return root


def _preview(text: str = TEXT, files: dict[str, str] = FILES, source: str = "README.md") -> str:
    host = MemoryHost({**files, source: text})
    return Renderer().render(text, source, host, PreviewLinks()).html


def test_listed_folder_link_names_the_folder_and_its_note() -> None:
    names = NameTable(sorted(FILES))
    assert listed_folder_link(names, "docs/", "README.md") == FolderLink("docs", "docs/index.md")
    assert listed_folder_link(names, "..", "docs/api/call.md") == FolderLink(
        "docs", "docs/index.md"
    )
    assert listed_folder_link(names, "docs/guide", "README.md") == FolderLink(
        "docs/guide", "docs/guide/README.md"
    )
    assert listed_folder_link(names, "api/", "docs/index.md") == FolderLink("docs/api", None)
    assert listed_folder_link(names, "/", "docs/index.md") == FolderLink("", "README.md")
    assert listed_folder_link(names, "docs/index.md", "README.md") is None  # a file
    assert listed_folder_link(names, "nowhere/", "README.md") is None


def test_preview_links_a_folder_to_its_note_or_to_the_folder() -> None:
    html = _preview()
    assert "is-unresolved" not in html
    assert "vault://new/" not in html
    assert 'href="vault://note/docs/index.md"' in html
    assert 'href="vault://note/docs/guide/README.md"' in html
    assert 'href="vault://note/README.md"' in html  # the vault's top folder
    assert html.count('href="vault://folder/docs/api"') == 2  # Markdown and raw HTML


def test_a_relative_wikilink_to_a_folder_stays_unresolved() -> None:
    html = _preview("[[../api]]", source="docs/guide/Start.md")
    assert "is-unresolved" in html
    assert "vault://folder/" not in html


def test_a_file_named_like_the_folder_wins() -> None:
    files = {**FILES, "docs/api.md": ""}
    html = _preview("[x](docs/api)", files)
    assert 'href="vault://note/docs/api.md"' in html
    assert 'href="vault://note/docs/api.md"' not in _preview("[x](docs/api/)", files)


def test_folder_urls_parse_as_folders() -> None:
    link = parse_preview_href(folder_url("docs/my api"))
    assert (link.kind, link.path) == ("folder", "docs/my api")
    top = parse_preview_href(folder_url(""))
    assert (top.kind, top.path) == ("folder", "")
    assert parse_preview_href("vault://folder/../x").kind == "refused"


def test_the_block_cache_sees_a_folder_appear_and_go() -> None:
    host = MemoryHost({"README.md": "[api](docs/api/)\n"})
    blocks = BlockRenderer(Renderer())
    links = PreviewLinks()

    def shown() -> str:
        return blocks.render("[api](docs/api/)\n", "README.md", host, links).html

    assert "is-unresolved" in shown()
    host.names = NameTable(["README.md", "docs/api/call.md"])
    assert 'href="vault://folder/docs/api"' in shown()
    host.names = NameTable(["README.md", "docs/api/call.md", "docs/api/INDEX.md"])
    assert 'href="vault://note/docs/api/INDEX.md"' in shown()
    host.names = NameTable(["README.md"])
    assert "is-unresolved" in shown()


def test_export_links_a_folder_to_its_page_or_the_home_tree(tmp_path: Path) -> None:
    out = tmp_path / "site"
    export_vault(Vault(_vault(tmp_path)), out)
    page = (out / "README.html").read_text(encoding="utf-8")
    assert 'href="#"' not in page
    assert "is-unresolved" not in page
    assert 'href="docs/index.html"' in page
    assert 'href="docs/guide/README.html"' in page
    assert page.count('href="index.html#folder-docs/api"') == 2
    assert 'id="folder-docs/api"' in (out / "index.html").read_text(encoding="utf-8")
    nested = (out / "docs" / "guide" / "Start.html").read_text(encoding="utf-8")
    assert 'href="../../index.html#folder-docs/api"' in nested


def test_export_links_without_a_home_show_the_folder_as_text(tmp_path: Path) -> None:
    host = PathHost(Vault(_vault(tmp_path)))
    html = Renderer().render(TEXT, "README.md", host, ExportLinks("README.md")).html
    assert '<span class="folder-link" data-href="docs/api/">api</span>' in html
    assert re.search(r"<a(?: rel=\"[^\"]*\")?>raw api</a>", html)  # the raw tag keeps no href
    assert 'href="#"' not in html


def test_render_page_links_a_folder_by_its_file_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _vault(tmp_path)
    out = tmp_path / "page.html"
    assert main(["render", str(root), "README.md", "-o", str(out)]) == 0
    capsys.readouterr()
    page = out.read_text(encoding="utf-8")
    assert 'href="#"' not in page
    assert f'href="{(root / "docs" / "index.md").resolve().as_uri()}"' in page
    assert f'href="{(root / "docs" / "api").resolve().as_uri()}"' in page
