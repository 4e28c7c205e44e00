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


def test_render_takes_the_vaults_note_before_a_namesake_in_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path / "vault")
    (vault / "README.md").write_text("# In the vault\n", encoding="utf-8")
    here = tmp_path / "elsewhere"
    here.mkdir()
    (here / "README.md").write_text("# Somewhere else\n", encoding="utf-8")
    monkeypatch.chdir(here)
    assert main(["render", str(vault), "README.md"]) == 0
    page = capsys.readouterr().out
    assert "In the vault" in page and "Somewhere else" not in page
    # A note given by its own path still renders with its vault.
    assert main(["render", str(here / "README.md")]) == 0
    assert "Somewhere else" in capsys.readouterr().out


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


def test_rendered_page_loads_images_and_links_notes_wherever_it_is_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "vault")
    out_file = tmp_path / "elsewhere" / "home.html"
    out_file.parent.mkdir()
    assert main(["render", str(vault), "Home note", "-o", str(out_file)]) == 0
    urls = _parse(out_file).urls
    files = [u for u in urls if u.startswith("file:")]
    assert (vault / "pic.png").resolve().as_uri() in files  # the image shows
    deep = (vault / "Sub" / "Deep note.md").resolve().as_uri()
    assert deep in files  # the link opens the linked note's file
    for url in files:
        assert Path(unquote(urlsplit(url).path)).exists()
    # "-o -" is stdout, as with no -o
    assert main(["render", str(vault), "Home note", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert not Path("-").exists()


def test_export_into_a_folder_with_other_files_is_refused_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "vault")
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "index.html").write_text("my own page", encoding="utf-8")
    assert main(["export", str(vault), str(docs)]) == 2
    err = capsys.readouterr().err
    assert "is not empty and holds no notedesk export" in err and err.count("\n") == 1
    assert (docs / "index.html").read_text(encoding="utf-8") == "my own page"
    assert sorted(p.name for p in docs.iterdir()) == ["index.html"]
    assert main(["export", str(vault), str(docs), "--force", "-q"]) == 0
    assert (docs / "Home note.html").is_file()


def test_export_again_removes_pages_of_notes_gone_and_keeps_other_files(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault")
    out = tmp_path / "site"
    export_vault(Vault(vault), out)
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    assert (out / "Sub" / "Deep note.html").is_file() and (out / "pic.png").is_file()
    (vault / "Sub" / "Deep note.md").rename(vault / "Renamed.md")
    (vault / "Home note.md").write_text("no picture now\n", encoding="utf-8")
    report = export_vault(Vault(vault), out)
    assert (out / "Renamed.html").is_file()
    assert not (out / "Sub").exists()  # its only page gone, the folder with it
    assert not (out / "pic.png").exists()  # no page embeds it any more
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert report.removed == 2
    manifest = (out / "_notedesk" / "manifest.txt").read_text(encoding="utf-8").splitlines()
    assert "Renamed.html" in manifest and "Sub/Deep note.html" not in manifest


def test_home_and_tag_pages_escape_a_hash_in_note_names(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "C# stuff").mkdir(parents=True)
    (vault / "C# stuff" / "Intro.md").write_text("#lang text\n", encoding="utf-8")
    (vault / "F# notes.md").write_text("plain\n", encoding="utf-8")
    out = tmp_path / "site"
    export_vault(Vault(vault), out)
    for page in ("index.html", "tags.html"):
        for url in _parse(out / page).urls:
            target = urlsplit(url)
            if not target.scheme and target.path:
                assert (out / unquote(target.path)).is_file(), (page, url)
    assert "F%23%20notes.html" in (out / "index.html").read_text(encoding="utf-8")


def test_note_pages_show_the_note_name_when_the_text_has_no_title(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "No title.md").write_text("Just text.\n\n## A section\n", encoding="utf-8")
    (vault / "Titled.md").write_text("# Its own title\n\ntext\n", encoding="utf-8")
    out = tmp_path / "site"
    export_vault(Vault(vault), out)
    assert '<h1 class="inline-title">No title</h1>' in (out / "No title.html").read_text()
    titled = (out / "Titled.html").read_text(encoding="utf-8")
    assert "inline-title" not in titled and "Its own title" in titled
    assert "inline-title" not in (out / "index.html").read_text(encoding="utf-8")
