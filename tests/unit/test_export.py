"""The static site: every note a page, links and anchors that work, embeds copied."""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from notedesk.cli import main
from notedesk.core.export import ExportError, export_vault
from notedesk.core.vault import Vault


def _vault(root: Path) -> Path:
    files = {
        "Home note.md": "# Start\n\nSee [[Sub/Deep note#Part two]] and [[Sub/Deep note#^blk]].\n\n"
        "![[pic.png|100]]\n\n[[Missing]] #project/alpha\n",
        "Sub/Deep note.md": "---\ntags: [project/alpha]\n---\n# Deep\n\n## Part two\n\n"
        "text ^blk\n\n[back](../Home%20note.md) and ![[Home note#Start]]\n",
        "index.md": "A note that wants index.html",
        "pic.png": "png",
        "unused.bin": "never embedded",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def site(tmp_path: Path) -> Path:
    vault = _vault(tmp_path / "vault")
    out = tmp_path / "site"
    seen: list[tuple[int, int, str]] = []
    report = export_vault(Vault(vault), out, progress=lambda d, t, p: seen.append((d, t, p)))
    assert report.errors == []
    assert report.pages == 3 and report.assets == 1
    assert [s[:2] for s in seen] == [(1, 3), (2, 3), (3, 3)]
    return out


def test_every_note_is_a_page_and_site_pages_exist(site: Path) -> None:
    assert (site / "Home note.html").is_file()
    assert (site / "Sub" / "Deep note.html").is_file()
    assert (site / "index.html").read_text(encoding="utf-8").count("A note that wants") == 1
    # The vault's own index.md took index.html, so the home page moved aside.
    assert (site / "_notedesk" / "home.html").is_file()
    assert (site / "_notedesk" / "notedesk.css").is_file()
    assert (site / "tags.html").is_file()


def test_every_relative_link_and_anchor_resolves(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        for url in _parse(page).urls:
            parts = urlsplit(url)
            if parts.scheme or url == "#" or not (parts.path or parts.fragment):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {url}"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in _parse(target).ids, f"{page.name}: {url}"
            checked += 1
    assert checked >= 10


def test_links_are_relative_with_anchors(site: Path) -> None:
    home = (site / "Home note.html").read_text(encoding="utf-8")
    assert 'href="Sub/Deep%20note.html#part-two"' in home
    assert 'href="Sub/Deep%20note.html#^blk"' in home
    assert 'src="pic.png"' in home and 'width="100"' in home
    assert "is-unresolved" in home
    deep = (site / "Sub" / "Deep note.html").read_text(encoding="utf-8")
    assert 'href="../Home%20note.html"' in deep
    assert 'href="../_notedesk/notedesk.css"' in deep
    assert "vault://" not in home + deep


def test_only_embedded_files_are_copied(site: Path) -> None:
    assert (site / "pic.png").read_text(encoding="utf-8") == "png"
    assert not (site / "unused.bin").exists()


def test_tag_index_lists_inline_and_frontmatter_tags(site: Path) -> None:
    tags = (site / "tags.html").read_text(encoding="utf-8")
    assert 'id="tag-project/alpha"' in tags
    assert tags.count("Deep note") == 1 and tags.count("Home note") == 1


def test_pages_run_no_script_and_need_no_network(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text
        assert "script-src 'none'" in text
        assert not re.search(r'(src|href)="(https?:)?//', text)


def test_output_inside_the_vault_is_refused(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault")
    with pytest.raises(ExportError, match="inside the vault"):
        export_vault(Vault(vault), vault / "site")


def test_output_holding_the_vault_is_refused(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "site" / "vault")
    before = {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()}
    with pytest.raises(ExportError, match="holds the vault"):
        export_vault(Vault(vault), tmp_path / "site")
    assert {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()} == before


def test_export_command_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "vault")
    (tmp_path / "a file").write_text("x", encoding="utf-8")
    for argv in (
        [str(vault), str(tmp_path / "a file" / "out")],  # cannot be created
        [str(vault), str(tmp_path)],  # holds the vault
        ["", str(tmp_path / "o")],
    ):
        assert main(["export", *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_render_never_writes_into_the_vault(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "vault")
    note = vault / "Home note.md"
    before = note.read_bytes()
    assert main(["render", str(vault), "Home note", "-o", str(note)]) == 2
    assert main(["render", str(note), "-o", str(vault / "page.html")]) == 2
    assert "inside the vault" in capsys.readouterr().err
    assert note.read_bytes() == before and not (vault / "page.html").exists()


def test_render_into_a_device_writes_into_it(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault")
    assert main(["render", str(vault), "Home note", "-o", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the device, not a page


def test_export_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = _vault(tmp_path / "vault")
    assert main(["export", str(vault), str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "export: 3/3" in err and "Exported 3 pages and 1 files" in err
    assert main(["export", str(tmp_path / "nope"), str(tmp_path / "o2")]) == 2


def test_render_command_prints_a_standalone_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "vault")
    assert main(["render", str(vault / "Sub" / "Deep note.md"), "--vault", str(vault)]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "Part two" in page
    assert main(["render", str(vault), "Deep note", "--theme", "dark"]) == 0
    assert '<body class="theme-dark">' in capsys.readouterr().out
    out_file = tmp_path / "one.html"
    assert main(["render", str(vault), "Home note.md", "-o", str(out_file)]) == 0
    assert "Start" in out_file.read_text(encoding="utf-8")


def test_render_command_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "vault")
    assert main(["render", str(vault), "No such note"]) == 2
    assert "no such note" in capsys.readouterr().err
    assert main(["render", str(tmp_path / "missing.md")]) == 2
    outside = tmp_path / "outside.md"
    outside.write_text("x", encoding="utf-8")
    assert main(["render", str(outside), "--vault", str(vault)]) == 2
