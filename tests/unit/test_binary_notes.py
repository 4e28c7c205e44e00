"""A note with a stray NUL is text, a renamed image is not: the index, the app's opening
of a note (Document.open), the vault's text reads and mentions decide alike."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.atomic import decode_text
from notedesk.core.document import Document
from notedesk.core.filekinds import looks_binary
from notedesk.core.index import VaultIndex
from notedesk.core.mentions import scan_unlinked
from notedesk.core.vault import BinaryFileError, Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

_RANDOM = random.Random(7).randbytes(4096)
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)

# (file name, its bytes, whether it is text)
FILES = [
    pytest.param("nul.md", b"# Kept [[Home]] #tag\nbefore\x00after\n", True, id="one-nul"),
    pytest.param("nuls.md", b"a stray \x00 NUL\nand \x00 another [[Home]] #tag\n", True, id="few"),
    pytest.param("tail.md", b"text [[Home]] #tag\n" + b"\x00" * 4000, True, id="zeroed-tail"),
    pytest.param("short.md", b"[[Home]] #tag\x00", True, id="short-note-one-nul"),
    pytest.param("utf16.md", "\ufeff[[Home]] #tag\n".encode("utf-16-le"), True, id="utf16-bom"),
    pytest.param("latin1.md", b"caf\xe9 [[Home]] #tag\n", True, id="latin-1"),
    pytest.param("png.md", _PNG, False, id="png-renamed"),
    pytest.param("pdf.md", b"%PDF-1.7\n1 0 obj << >>\n[[Home]] #tag\n", False, id="pdf"),
    pytest.param("zip.md", b"PK\x03\x04[[Home]] #tag", False, id="zip"),
    pytest.param("random.md", _RANDOM, False, id="random-bytes"),
    pytest.param("utf16.md", "[[Home]] #tag text\n".encode("utf-16-le"), False, id="utf16-no-bom"),
]


@pytest.mark.parametrize(("name", "data", "text"), FILES)
def test_index_and_app_agree(make_vault: MakeVault, name: str, data: bytes, text: bool) -> None:
    root = make_vault({name: data, "Home.md": "home\n"})
    vault = Vault(root)
    index = VaultIndex(vault)
    index.build()
    meta = index.note(name)
    assert meta is not None
    indexed = not any("binary" in p.message for p in meta.problems)
    assert indexed is text
    if text:
        assert [r.path for r in index.outgoing(name)] == ["Home.md"]
        assert meta.tag_names() == ["tag"]
        doc = Document.open(vault, name)  # what the app's tab shows
        assert doc.text == decode_text(data)[0] == vault.read_text(name)
    else:
        assert index.outgoing(name) == []
        with pytest.raises(BinaryFileError, match="binary"):
            Document.open(vault, name)
        with pytest.raises(BinaryFileError):
            vault.read_text(name)
    # The decoded text (mentions, embeds) is judged as the bytes are.
    assert looks_binary(decode_text(data)[0]) is not text
    assert looks_binary(data) is not text


def test_saving_a_note_keeps_its_nul(make_vault: MakeVault) -> None:
    root = make_vault({"nul.md": b"before\x00after\r\n"})
    vault = Vault(root)
    doc = Document.open(vault, "nul.md")
    assert doc.text == "before\x00after\n" and doc.lossless
    doc.text += "more\n"
    doc.save()
    assert (root / "nul.md").read_bytes() == b"before\x00after\r\nmore\r\n"
    assert Document.open(vault, "nul.md").text == "before\x00after\nmore\n"


def test_mentions_skip_binary_files_but_not_notes_with_a_nul() -> None:
    texts = {
        "elf.md": decode_text(b"\x7fELF\x02\x01\x01\x00 ML inside a program")[0],
        "png.md": decode_text(_PNG + b" ML")[0],
        "nul.md": "ML here\x00",
    }
    found = scan_unlinked("ML.md", ["ML"], list(texts), texts.__getitem__)
    assert [m.source for m in found] == ["nul.md"]


def test_search_finds_a_note_with_a_nul(make_vault: MakeVault, tmp_path: Path) -> None:
    from notedesk.core.search import SearchEngine
    from notedesk.core.store import IndexStore

    root = make_vault({"nul.md": b"findme\x00 here\n", "png.md": _PNG + b" findme"})
    store = IndexStore(root, tmp_path / "cache")
    index = VaultIndex(Vault(root), store)
    index.build()
    engine = SearchEngine(index, store)
    assert [h.path for h in engine.search("findme")] == ["nul.md"]
    assert [h.path for h in engine.search("/findme/")] == ["nul.md"]
