"""Warm start from the cached index image: the same index as a cold build, before and
after file events, and a damaged or outdated image is never used."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.index_image import decode_image
from notedesk.core.note import PARSER_VERSION
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

FILES: dict[str, str | bytes] = {
    "Home.md": "---\ntags: [Project]\naliases: [Start]\nup: '[[b/Beta]]'\n---\n# Home\n"
    "[[Alpha]] [[b/Beta#Part]] [[Gone]] [[Later]]\n#project/sub #Inbox\n",
    "Alpha.md": "# Alpha\nSee [[Home]] and ![[pic.png]] ^a1\n[x](b/Beta.md) #inbox\n",
    "b/Beta.md": "## Part\n[[Home#Home]] [[Alpha#^a1]] [[Later]] [[c/Deep]]\n- [ ] task #todo\n",
    "b/pic.png": b"\x89PNG",
    "c/Deep.md": "[[alpha]] [[Nowhere]] #todo/later\n",
    "c/Other.md": "[[Deep]] [[pic.png]]\n",
    ".obsidian/app.json": "{}",
}


def state(index: VaultIndex) -> dict[str, Any]:
    """Everything the index answers, plus the tables later events depend on."""
    notes = index.notes()
    graph, names, tags = index._graph, index._names, index._tags
    return {
        "notes": notes,
        "attachments": index.attachments(),
        "files": {p: index.file(p) for p in notes + index.attachments()},
        "metas": {p: index.note(p) for p in notes},
        "outgoing": {p: [(r.link, r.path) for r in index.outgoing(p)] for p in notes},
        "backlinks": {p: index.backlinks(p) for p in notes + index.attachments()},
        "unresolved": index.unresolved(),
        "tags": index.tags(),
        "tree": index.tag_tree(),
        "tagged": {t: index.notes_with_tag(t) for t in index.tags()},
        "completions": index.completion_names(),
        "incoming": graph.incoming,
        "unresolved_sources": graph.unresolved_sources,
        "link_names": graph.names,
        "users": graph.by_name,
        "by_key": {k: sorted(v) for k, v in names.by_key.items()},
        "by_name": {k: sorted(v) for k, v in names.by_name.items()},
        "tag_keys": tags.keys_by_path(),
    }


def cold(root: Path) -> dict[str, Any]:
    index = VaultIndex(Vault(root))
    index.build()
    return state(index)


def warm(root: Path, cache: Path, expect_image: bool) -> VaultIndex:
    store = IndexStore(root, cache)
    assert (store.get_image() is not None) is expect_image
    index = VaultIndex(Vault(root), store)
    index.build()
    assert decode_image(store.get_image(), PARSER_VERSION) is not None
    return index


def test_warm_start_from_image_is_a_cold_build(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(FILES)
    cache = tmp_path / "cache"
    warm(root, cache, expect_image=False)
    store = IndexStore(root, cache)
    load, load_texts = store.load, store.load_texts
    store.load = lambda: pytest.fail("rows loaded although the image fits")  # type: ignore[method-assign]
    store.load_texts = lambda: pytest.fail("metadata read before use")  # type: ignore[method-assign]
    index = VaultIndex(Vault(root), store)
    index.build()
    store.load, store.load_texts = load, load_texts  # type: ignore[method-assign]
    snapshot = index.snapshot()  # a search thread's view: notes still in the store
    expected = cold(root)
    assert {p: snapshot.get(p) for p in snapshot} == expected["metas"]
    assert state(index) == expected


def test_snapshot_of_a_warm_start_outlives_changes(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(FILES)
    cache = tmp_path / "cache"
    warm(root, cache, expect_image=False)
    index = warm(root, cache, expect_image=True)
    decoded: dict[str, Any] = {}
    before = index.snapshot(decoded)
    assert before.get("Home.md") is not None and "Home.md" in decoded
    (root / "Home.md").write_text("changed [[Alpha]]", encoding="utf-8")
    index.apply(FileEvent("modified", "Home.md"))
    after = index.snapshot(decoded)
    home = after.get("Home.md")
    assert home is not None and [link.target for link in home.links] == ["Alpha"]
    (root / "Alpha.md").unlink()
    index.apply(FileEvent("deleted", "Alpha.md"))
    assert before.get("Alpha.md") is None or before.get("Alpha.md") == cold_meta(FILES, "Alpha.md")
    assert "Alpha.md" not in index.snapshot(decoded)


def cold_meta(files: dict[str, str | bytes], path: str) -> Any:
    from notedesk.core.note import parse_note

    text = files[path]
    assert isinstance(text, str)
    return parse_note(text)


def test_events_after_warm_start_give_a_cold_build(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(FILES)
    cache = tmp_path / "cache"
    warm(root, cache, expect_image=False)
    index = warm(root, cache, expect_image=True)
    (root / "Later.md").write_text("now here [[Home]] #Inbox/new\n", encoding="utf-8")
    (root / "Alpha.md").write_text(
        "# Alpha\n[[c/Deep]] [[Gone]] ^a1 #fresh #inbox\n", encoding="utf-8"
    )
    (root / "c" / "Other.md").unlink()
    (root / "b" / "pic.png").rename(root / "pic.png")
    (root / "Gone.png").write_bytes(b"\x89PNG")
    shutil.move(root / "c", root / "d")
    events = [
        FileEvent("created", "Later.md"),
        FileEvent("modified", "Alpha.md"),
        FileEvent("deleted", "c/Other.md"),
        FileEvent("moved", "b/pic.png", "pic.png"),
        FileEvent("created", "Gone.png"),
        FileEvent("moved", "c", "d"),
    ]
    index.apply_all(events)
    expected = cold(root)
    assert state(index) == expected
    assert IndexStore(root, cache).get_image() is None  # the rows changed since
    # The next start works from the rows and writes a new image; the one after uses it.
    assert state(warm(root, cache, expect_image=False)) == expected
    assert state(warm(root, cache, expect_image=True)) == expected


def test_image_not_used_when_a_file_changed(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(FILES)
    cache = tmp_path / "cache"
    warm(root, cache, expect_image=False)
    (root / "b" / "pic.png").write_bytes(b"\x89PNG and more")  # attachments leave rows alone
    os.utime(root / "c" / "Deep.md", ns=(1, 1))  # same size, another time
    (root / "New.md").write_text("[[Nowhere]]", encoding="utf-8")
    index = warm(root, cache, expect_image=True)
    assert state(index) == cold(root)


@pytest.mark.parametrize(
    "sections",
    [
        ["not json"],
        ["[2]"] * 30,
        ["{}", "a"] + [b""] * 28,
        [b"\xff"] * 30,
        ["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]
        * 30,
    ],
)
def test_damaged_image_is_ignored(
    make_vault: MakeVault, tmp_path: Path, sections: list[bytes | str]
) -> None:
    root = make_vault(FILES)
    cache = tmp_path / "cache"
    warm(root, cache, expect_image=False)
    store = IndexStore(root, cache)
    store.put_image(sections)
    store.commit()
    assert state(warm(root, cache, expect_image=True)) == cold(root)


def test_tampered_sections_are_rejected_or_harmless(make_vault: MakeVault, tmp_path: Path) -> None:
    """Each section replaced by junk: the image is refused, or (junk that still fits,
    e.g. no unresolved links) the warm start runs and every query answers."""
    root = make_vault(FILES)
    cache = tmp_path / "cache"
    warm(root, cache, expect_image=False)
    good = IndexStore(root, cache).get_image()
    assert good is not None and decode_image(good, PARSER_VERSION) is not None
    assert decode_image(good, "another parser") is None
    junk = [b"", b"\x01", b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f", b"\x05\x00\x00\x00" * 3, "x"]
    for i in range(len(good)):
        for bad in junk:
            sections = list(good)
            sections[i] = bad
            store = IndexStore(root, cache)
            store.put_image(sections)
            store.commit()
            state(warm(root, cache, expect_image=True))


def test_a_snapshots_decoded_metadata_stays_bounded(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notedesk.core import index_read

    monkeypatch.setattr(index_read, "DECODED_KEPT", 8)
    root = make_vault({f"n{i}.md": f"note {i} [[n{i + 1}]] #t{i}" for i in range(40)})
    cache = tmp_path / "cache"
    warm(root, cache, expect_image=False)
    index = warm(root, cache, expect_image=True)
    decoded: dict[str, Any] = {}
    snapshot = index.snapshot(decoded)
    for i in range(40):  # a search going over every note of a large vault
        meta = snapshot.get(f"n{i}.md")
        assert meta is not None and [link.target for link in meta.links] == [f"n{i + 1}"]
        assert len(decoded) <= 8
    assert snapshot.get("n0.md") is not None  # decoded again when asked again
