"""IndexStore: warm start, change detection, corruption and schema handling, FTS."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core import scan
from notedesk.core.index import VaultIndex
from notedesk.core.note import parse_note
from notedesk.core.store import IndexStore, StoreError, decode_meta, default_cache_dir, encode_meta
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

FILES = {
    "a.md": "---\ntags: [x]\ndate: 2024-01-01\n---\n# A\n[[b]] ^id\n- [ ] task",
    "b.md": "café [[a#A]]",
    "sub/c.md": "[c](../a.md)",
}


def test_env_var_sets_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTEDESK_CACHE_DIR", str(tmp_path / "cc"))
    assert default_cache_dir() == tmp_path / "cc"
    store = IndexStore(tmp_path)
    assert store.path.parent == tmp_path / "cc"


def test_one_db_per_vault(tmp_path: Path) -> None:
    one = IndexStore(tmp_path / "v1", tmp_path / "cache")
    two = IndexStore(tmp_path / "v2", tmp_path / "cache")
    assert one.path != two.path
    assert IndexStore(tmp_path / "v1", tmp_path / "cache").path == one.path


def test_meta_roundtrip() -> None:
    meta = parse_note("---\ntags: [x]\nn: 1\n---\n# H\n[[L#H|a]] ![[i.png]] ^b\n- [x] t\n")
    assert decode_meta(encode_meta(meta)) == meta


def _build(root: Path, cache: Path) -> tuple[VaultIndex, IndexStore]:
    store = IndexStore(root, cache)
    index = VaultIndex(Vault(root), store)
    index.build()
    return index, store


def test_warm_start_parses_only_changed_files(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(FILES)
    cold, _ = _build(root, tmp_path / "cache")
    parsed: list[str] = []
    real = scan.read_and_parse

    def spy(vault_root: str, rel: str) -> scan.ParsedFile:
        parsed.append(rel)
        return real(vault_root, rel)

    monkeypatch.setattr(scan, "read_and_parse", spy)
    warm, _ = _build(root, tmp_path / "cache")
    assert parsed == []
    for path in cold.notes():
        assert warm.note(path) == cold.note(path)
    (root / "b.md").write_text("changed [[sub/c]]")
    os.utime(root / "b.md", ns=(1, 1))
    (root / "a.md").unlink()
    again, _ = _build(root, tmp_path / "cache")
    assert parsed == ["b.md"]
    assert again.notes() == ["b.md", "sub/c.md"]
    assert [r.path for r in again.outgoing("b.md")] == ["sub/c.md"]


@pytest.mark.parametrize("damage", ["garbage", "truncate", "schema", "table"])
def test_damaged_cache_is_discarded(make_vault: MakeVault, tmp_path: Path, damage: str) -> None:
    root = make_vault(FILES)
    _, store = _build(root, tmp_path / "cache")
    store.close()
    db = store.path
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if damage == "garbage":
        db.write_bytes(b"not a database at all" * 100)
    elif damage == "truncate":
        db.write_bytes(db.read_bytes()[:1000])
    elif damage == "schema":
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA user_version=1")
        conn.commit()
        conn.close()
    else:
        conn = sqlite3.connect(db)
        conn.execute("UPDATE files SET meta='{broken'")
        conn.commit()
        conn.close()
    index, store = _build(root, tmp_path / "cache")
    assert index.notes() == ["a.md", "b.md", "sub/c.md"]
    assert [r.path for r in index.outgoing("b.md")] == ["a.md"]
    assert store.content("b.md") == "café [[a#A]]"


def test_unwritable_cache_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        IndexStore(tmp_path, blocker / "sub")


def test_a_cache_it_may_not_write_is_kept_and_said_so(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(FILES)
    _, store = _build(root, tmp_path / "cache")
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    store.path.write_bytes(b"another program's file" * 100)  # unreadable as a cache
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as if read-only to us
    with pytest.raises(StoreError, match=r"cannot write the index cache .* \(permission denied\)"):
        IndexStore(root, tmp_path / "cache")
    assert store.path.read_bytes() == b"another program's file" * 100


def test_fts_diacritics_and_updates(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(FILES)
    from notedesk.core.events import FileEvent

    index, store = _build(root, tmp_path / "cache")
    assert [p for p, _ in store.match('"cafe"')] == ["b.md"]
    (root / "b.md").write_text("tea")
    index.apply(FileEvent("modified", "b.md"))
    assert store.match('"cafe"') == []
    assert [p for p, _ in store.match('"tea"')] == ["b.md"]
    (root / "b.md").unlink()
    index.apply(FileEvent("deleted", "b.md"))
    assert store.match('"tea"') == []
    assert store.stats()["notes"] == 2


def test_connection_per_thread(make_vault: MakeVault, tmp_path: Path) -> None:
    _, store = _build(make_vault(FILES), tmp_path / "cache")
    found: list[str | None] = []
    worker = threading.Thread(target=lambda: found.append(store.content("a.md")))
    worker.start()
    worker.join()
    assert found and found[0] is not None and found[0].startswith("---")


def test_process_pool_gives_same_result(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"n{i}.md": f"# N{i}\n[[n{(i + 1) % 40}]] #t{i % 3}" for i in range(40)}
    root = make_vault(files)
    serial = VaultIndex(Vault(root), workers=1)
    serial.build()
    monkeypatch.setattr(scan, "POOL_THRESHOLD", 10)
    monkeypatch.setattr(scan, "_CHUNK", 8)
    pooled = VaultIndex(Vault(root), IndexStore(root, tmp_path / "cache"), workers=2)
    pooled.build()
    for path in serial.notes():
        assert pooled.note(path) == serial.note(path)


def test_pool_rows_each_note_once_whoever_parses_it(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The calling thread parses chunks the pool has not started: none twice, none lost."""
    files = {f"n{i}.md": f"[[n{i + 1}]] #t{i}" for i in range(60)}
    root = make_vault(files)
    monkeypatch.setattr(scan, "POOL_THRESHOLD", 10)
    monkeypatch.setattr(scan, "_CHUNK", 3)
    here: list[str] = []
    real = scan.note_row

    def spy(parsed: scan.ParsedFile) -> scan.NoteRow:
        here.append(parsed.path)  # only notes parsed in this process reach the spy
        return real(parsed)

    monkeypatch.setattr(scan, "note_row", spy)
    rows = list(scan.parse_rows(str(root), sorted(files), workers=2))
    assert sorted(r.path for r in rows) == sorted(files)
    assert here, "the calling thread parsed nothing while the pool started"
    by_path = {r.path: r for r in rows}
    assert by_path["n7.md"].targets == ["n8"]
    assert by_path["n7.md"].tags == [("t7", 1, "inline")]


def test_pool_worker_rows_equal_rows_made_here(make_vault: MakeVault) -> None:
    """The pool's processes (forked from a server with the parser preloaded) give the
    same rows as parsing in this process."""
    files = {
        f"n{i}.md": f"---\ntags: [a{i}]\n---\n# N{i}\n[[n{i + 1}#H]] [x](n{i}.md) #t{i}"
        for i in range(20)
    }
    files["bad.md"] = "\x00binary"
    root = make_vault(files)
    pool = scan._pool(2)
    try:
        remote = pool.submit(scan._row_chunk, str(root), sorted(files)).result()
    finally:
        pool.shutdown()
    assert remote == scan._row_chunk(str(root), sorted(files))
    first = {row.path: row for row in remote}["n0.md"]
    assert first.markdown == [1] and first.names == ["n0", "n1"]


def test_row_stream_left_early_drops_chunks_not_started(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a few chunks per worker are in the pool at a time (parsed rows cannot pile up
    in memory), and leaving the stream early stops the pool without parsing the rest."""
    files = {f"n{i}.md": f"#t{i}" for i in range(400)}
    root = make_vault(files)
    monkeypatch.setattr(scan, "POOL_THRESHOLD", 10)
    monkeypatch.setattr(scan, "_CHUNK", 2)
    with scan.parse_rows(str(root), sorted(files), workers=2) as stream:
        first = next(iter(stream))
        assert len(stream._in_pool) <= 2 * scan._IN_FLIGHT_PER_WORKER
        in_pool = list(stream._in_pool)
    assert first.path in files
    assert stream._pool is None
    assert all(f.done() for f in in_pool)
    assert len(stream._chunks) > 150  # never handed to the pool, never parsed


def test_cached_resolution_follows_file_set(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault({"a.md": "[[b]] [[c]]", "c.md": ""})
    cache = tmp_path / "cache"
    first, _ = _build(root, cache)
    assert [r.path for r in first.outgoing("a.md")] == [None, "c.md"]
    warm, _ = _build(root, cache)  # unchanged names: cached resolution reused
    assert [r.path for r in warm.outgoing("a.md")] == [None, "c.md"]
    (root / "b.md").write_text("")
    (root / "c.md").unlink()
    changed, _ = _build(root, cache)
    assert [r.path for r in changed.outgoing("a.md")] == ["b.md", None]
    (root / "c.md").write_text("")
    from notedesk.core.events import FileEvent

    changed.apply(FileEvent("created", "c.md"))
    reopened, _ = _build(root, cache)
    assert [r.path for r in reopened.outgoing("a.md")] == ["b.md", "c.md"]


def test_stored_rows_match_the_notes(make_vault: MakeVault, tmp_path: Path) -> None:
    """What a build stores (metadata, link targets, full text) reads back unchanged."""
    odd = 'x\u2028y "q" \\ \t😀 e\u0301 [[b]]\n' + "pad " * 2500 + "\x00after"
    root = make_vault(
        {
            "a.md": "---\nn: .nan\nbig: 123456789012345678901234567890\n---\n[[b]] [[nowhere]]",
            "b.md": odd,
            "c d/é.md": "# T\n#tag",
        }
    )
    cold, store = _build(root, tmp_path / "cache")
    assert store.content("b.md") == odd
    assert store.content("c d/é.md") == "# T\n#tag"
    cached = store.load()
    assert sorted(cached) == ["a.md", "b.md", "c d/é.md"]
    assert cached["a.md"].resolved == ["b.md", None]
    assert [t.name for t in cached["c d/é.md"].tags] == ["tag"]
    warm, _ = _build(root, tmp_path / "cache")
    for path in cold.notes():
        assert repr(warm.note(path)) == repr(cold.note(path))  # repr: NaN != NaN
    assert [r.path for r in warm.outgoing("a.md")] == ["b.md", None]


def test_write_failure_during_build_is_raised(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing write in the build's writer thread surfaces from build(), no hang."""
    root = make_vault({f"n{i}.md": f"[[n{i + 1}]]" for i in range(1200)})

    def broken(self: IndexStore, *args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(IndexStore, "put_rows", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _build(root, tmp_path / "cache")
