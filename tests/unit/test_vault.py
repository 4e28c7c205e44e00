import os
import sys

import pytest

from notedesk.core.atomic import TextFormat
from notedesk.core.vault import OutsideVaultError, Vault, VaultError


@pytest.fixture
def vault(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Note.md").write_text("hello", encoding="utf-8")
    (tmp_path / "b c #^[x] 🎉.md").write_text("odd", encoding="utf-8")
    (tmp_path / "img.png").write_bytes(b"\x89PNG")
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text("{}")
    (tmp_path / ".hidden.md").write_text("x")
    return Vault(tmp_path)


def test_lists_notes_and_attachments_but_not_dot_entries(vault):
    paths = sorted(f.path for f in vault.iter_files())
    assert paths == ["a/Note.md", "b c #^[x] 🎉.md", "img.png"]
    notes = sorted(f.path for f in vault.iter_files() if f.is_note)
    assert notes == ["a/Note.md", "b c #^[x] 🎉.md"]


def test_ignored_paths(vault):
    assert vault.is_ignored(".obsidian/app.json")
    assert vault.is_ignored("a/.git/config")
    assert not vault.is_ignored("a/b.md")


@pytest.mark.parametrize(
    "bad", ["../x.md", "/etc/passwd", "a/../../x", "C:/Windows/x", "C:\\x", "", "a\x00b"]
)
def test_abspath_refuses_escapes(vault, bad):
    with pytest.raises(OutsideVaultError):
        vault.abspath(bad)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_escape_refused_and_not_listed(vault, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("secret")
    os.symlink(outside, vault.root / "link")
    os.symlink(outside / "secret.md", vault.root / "s.md")
    with pytest.raises(OutsideVaultError):
        vault.abspath("link/secret.md")
    with pytest.raises(OutsideVaultError):
        vault.abspath("s.md")
    assert all("secret" not in f.path and f.path != "s.md" for f in vault.iter_files())
    # Not listed as an empty folder either, and said: the listing's notice names them.
    assert "link" not in list(vault.iter_folders())
    unlisted: dict[str, str] = {}
    list(vault.iter_files(unlisted=unlisted))
    assert set(unlisted) == {"link", "s.md"}
    assert all("outside the vault" in why for why in unlisted.values())


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loop_inside_vault_terminates(vault):
    os.symlink(vault.root / "a", vault.root / "a" / "loop")
    paths = [f.path for f in vault.iter_files()]
    assert "a/Note.md" in paths
    assert len(paths) < 10
    # The loop is no folder of its own in the tree (its files are listed under "a").
    assert "a/loop" not in list(vault.iter_folders())


def test_invalid_utf8_is_replaced_and_flagged(vault):
    (vault.root / "bad.md").write_bytes(b"ok \xff\xfe end")
    loaded = vault.load("bad.md")
    assert "\ufffd" in loaded.text
    assert loaded.lossless is False
    assert (vault.root / "bad.md").read_bytes() == b"ok \xff\xfe end"


def test_crlf_and_bom_round_trip_byte_exact(vault):
    raw = "\ufeffline one\r\nline two\r\n".encode()
    (vault.root / "w.md").write_bytes(raw)
    loaded = vault.load("w.md")
    assert loaded.text == "line one\nline two\n"
    assert loaded.fmt == TextFormat("\r\n", True)
    vault.save("w.md", loaded.text, loaded.fmt)
    assert (vault.root / "w.md").read_bytes() == raw


def test_save_keeps_mode_and_refuses_obsidian_folder(vault):
    target = vault.root / "a" / "Note.md"
    os.chmod(target, 0o640)
    vault.save("a/Note.md", "new")
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    with pytest.raises(VaultError):
        vault.save(".obsidian/app.json", "{}")


def test_unreadable_file_gives_clear_error(vault):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    os.chmod(vault.root / "a" / "Note.md", 0)
    with pytest.raises(VaultError, match=r"Cannot read a/Note\.md"):
        vault.load("a/Note.md")


def test_iter_files_under_a_folder(vault):
    (vault.root / "a" / "deeper").mkdir()
    (vault.root / "a" / "deeper" / "x.md").write_text("x")
    assert sorted(f.path for f in vault.iter_files("a")) == ["a/Note.md", "a/deeper/x.md"]


def test_read_text_limited(vault):
    assert vault.read_text_limited("a/Note.md", 100) == "hello"
    assert vault.read_text_limited("a/Note.md", 3) is None
    assert vault.read_text_limited("missing.md", 100) is None
    assert vault.read_text_limited("../outside.md", 100) is None
