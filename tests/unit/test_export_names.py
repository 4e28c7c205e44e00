"""Exported file names survive a copy to a case-insensitive or Windows disk, and every
reference in the site points at the name actually written."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from notedesk.core.export import export_vault
from notedesk.core.exportnames import export_names, name_key, safe_name
from notedesk.core.vault import Vault
from tests.unit.test_export import _parse

_WINDOWS_BAD = re.compile(r'[<>:"|?*\\\x00-\x1f]')
_DEVICES = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9]) *(\..*)?", re.IGNORECASE)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Plain note.html", "Plain note.html"),
        ("Meeting 10:30.html", "Meeting 10_30.html"),
        ('a<b>c"d|e?f*g\\h.png', "a_b_c_d_e_f_g_h.png"),
        ("tab\there.html", "tab_here.html"),
        ("Draft.", "Draft_"),
        ("Ends in space ", "Ends in space_"),
        ("CON.html", "CON_.html"),
        ("nul.tar.gz", "nul_.tar.gz"),
        ("com1", "com1_"),
        ("LPT9 .txt", "LPT9_.txt"),
        ("Console.html", "Console.html"),
        ("C# notes.html", "C# notes.html"),
    ],
)
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_a_long_name_is_cut_to_fit_a_disk() -> None:
    name = safe_name("é" * 200 + ".html")
    assert name.endswith(".html") and len(name.encode("utf-8")) <= 240


def test_names_that_a_disk_would_merge_are_kept_apart() -> None:
    files = ["case.md", "CASE.md", "Sub/x.md", "sub/x.md", "sub/y.png", "x.html", "x.md"]
    names = export_names(files, reserved=["_notedesk"])
    assert names["CASE.md"] == "CASE.html" and names["case.md"] == "case (2).html"
    assert names["Sub/x.md"] == "Sub/x.html"
    assert names["sub/x.md"] == "sub (2)/x.html" and names["sub/y.png"] == "sub (2)/y.png"
    # a note keeps its page name before another file that has it
    assert names["x.md"] == "x.html" and names["x.html"] == "x (2).html"
    assert len({name_key(n) for n in names.values()}) == len(files)


def test_a_safe_name_is_kept_before_a_stand_in_for_an_unsafe_one() -> None:
    names = export_names(["a?.md", "a_.md", "_notedesk/n.md"], reserved=["_notedesk"])
    assert names == {
        "a?.md": "a_ (2).html",
        "a_.md": "a_.html",
        "_notedesk/n.md": "_notedesk (2)/n.html",
    }


def test_names_do_not_depend_on_listing_order() -> None:
    files = ["case.md", "CASE.md", "Case.md", "a:b.md", "a_b.md", "CON.md", "con.md", "q/b.png"]
    first = export_names(files)
    shuffled = files[:]
    random.Random(7).shuffle(shuffled)
    assert export_names(shuffled) == first


_VAULT = {
    "case.md": "lower [[CASE#Part]] ![[img?.png]] #topic\n",
    "CASE.md": "upper [[case.md]]\n\n## Part\n\ntext ^blk\n",
    "Meeting 10:30.md": "[[CON]] [[Sub/Deep#^blk]] [[sub/Deep]] #topic\n",
    "CON.md": "device name [pic](img%3F.png)\n",
    "Draft..md": "dots\n",
    "Trailing. /Inner.md": "in a folder ending in a dot and a space\n",
    "Sub/Deep.md": "# Deep\n\nblock ^blk\n",
    "sub/Deep.md": "# Other deep\n\n![[Sub/Deep#^blk]]\n",
    "img?.png": "png",
}


def _export(tmp_path: Path, name: str) -> Path:
    vault = tmp_path / "vault"
    if not vault.exists():
        for rel, text in _VAULT.items():
            (vault / rel).parent.mkdir(parents=True, exist_ok=True)
            (vault / rel).write_text(text, encoding="utf-8")
    out = tmp_path / name
    report = export_vault(Vault(vault), out)
    assert report.errors == [] and report.pages == 8 and report.assets == 1
    return out


def test_exported_names_are_safe_on_windows_and_case_insensitive_disks(tmp_path: Path) -> None:
    out = _export(tmp_path, "site")
    written = [p.relative_to(out) for p in out.rglob("*")]
    keys: set[tuple[str, ...]] = set()
    for rel in written:
        for part in rel.parts:
            assert not _WINDOWS_BAD.search(part), rel
            assert not part.endswith((".", " ")), rel
            assert not _DEVICES.fullmatch(part), rel
        key = tuple(name_key(p) for p in rel.parts)
        assert key not in keys, f"{rel} lands on another file on a case-insensitive disk"
        keys.add(key)
    assert (out / "CASE.html").read_text(encoding="utf-8").count("upper") == 1
    assert (out / "case (2).html").read_text(encoding="utf-8").count("lower") == 1
    assert (out / "Meeting 10_30.html").is_file() and (out / "CON_.html").is_file()
    assert (out / "img_.png").read_text(encoding="utf-8") == "png"


def test_every_reference_points_at_a_written_name(tmp_path: Path) -> None:
    out = _export(tmp_path, "site")
    checked = 0
    for page in out.rglob("*.html"):
        for url in _parse(page).urls:
            parts = urlsplit(url)
            if parts.scheme or url == "#" or not (parts.path or parts.fragment):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            # the exact name: a case-insensitive disk would hide a wrong case, this does not
            assert target.name in {p.name for p in target.parent.iterdir()}, (page, url)
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in _parse(target).ids, (page, url)
            checked += 1
    assert checked >= 20
    meeting = (out / "Meeting 10_30.html").read_text(encoding="utf-8")
    assert 'href="CON_.html"' in meeting and 'href="sub%20%282%29/Deep.html"' in meeting
    assert 'href="Sub/Deep.html#^blk"' in meeting
    tags = (out / "tags.html").read_text(encoding="utf-8")
    assert 'href="case%20%282%29.html"' in tags and 'href="Meeting%2010_30.html"' in tags


def test_the_same_vault_exports_to_the_same_names(tmp_path: Path) -> None:
    one, two = _export(tmp_path, "one"), _export(tmp_path, "two")
    files = sorted(str(p.relative_to(one)) for p in one.rglob("*"))
    assert files == sorted(str(p.relative_to(two)) for p in two.rglob("*"))
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files if "." in f)


def test_a_name_changed_only_in_case_survives_the_stale_file_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a disk that ignores case the last export's "Note.html" and this one's
    "note.html" are one file: removing the old name must not remove the new page."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Note.md").write_text("first\n", encoding="utf-8")
    out = tmp_path / "site"
    export_vault(Vault(vault), out)
    (vault / "Note.md").rename(vault / "note.md")

    def same_ignoring_case(a: object, b: object) -> bool:  # what such a disk answers
        return name_key(str(a)) == name_key(str(b))

    monkeypatch.setattr(os.path, "samefile", same_ignoring_case)
    report = export_vault(Vault(vault), out)
    assert report.removed == 0 and (out / "Note.html").exists()
    assert (out / "note.html").read_text(encoding="utf-8").count("first") == 1
