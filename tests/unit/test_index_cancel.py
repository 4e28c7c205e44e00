"""A cancelled cold build stops soon, commits nothing to the cache, and ends its pool."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from notedesk.core import scan
from notedesk.core.index import BuildCancelled, VaultIndex
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault


def _vault(root: Path, notes: int) -> Path:
    root.mkdir()
    for i in range(notes):
        (root / f"n{i}.md").write_text(f"# N{i}\n[[n{(i + 1) % notes}]] #t{i % 7}\n", "utf-8")
    return root


def _rows(store: IndexStore) -> int:
    conn = sqlite3.connect(store.path)
    try:
        return int(conn.execute("SELECT count(*) FROM files").fetchone()[0])
    finally:
        conn.close()


def _cancel_after(rows: int) -> tuple[list[int], object]:
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return asked[0] > rows

    return asked, cancelled


def test_a_cancelled_cold_build_commits_nothing_and_the_next_build_is_whole(
    tmp_path: Path,
) -> None:
    root = _vault(tmp_path / "v", 1200)  # more than two writer batches
    store = IndexStore(root, tmp_path / "cache")
    asked, cancelled = _cancel_after(1100)
    index = VaultIndex(Vault(root), store, workers=1)
    with pytest.raises(BuildCancelled):
        index.build(cancelled=cancelled)  # type: ignore[arg-type]
    assert asked[0] == 1101  # polled for every note parsed, and stopped at once
    store.close()
    assert _rows(IndexStore(root, tmp_path / "cache")) == 0  # batches written were rolled back

    again = IndexStore(root, tmp_path / "cache")
    index = VaultIndex(Vault(root), again, workers=1)
    index.build()
    assert index.last_build is not None and index.last_build.parsed == 1200
    assert len(index.notes()) == 1200 and len(index.backlinks("n0.md")) == 1
    again.close()
    warm = VaultIndex(Vault(root), IndexStore(root, tmp_path / "cache"), workers=1)
    warm.build()
    assert warm.last_build is not None and warm.last_build.from_image
    assert sorted(warm.tags()) == sorted(index.tags())


def test_a_cancelled_rebuild_keeps_the_cache_of_the_last_whole_build(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v", 600)
    VaultIndex(Vault(root), IndexStore(root, tmp_path / "cache"), workers=1).build()
    for i in range(0, 600, 2):  # half the notes changed since
        (root / f"n{i}.md").write_text(f"# Changed {i}\n[[n0]]\n", "utf-8")
    index = VaultIndex(Vault(root), IndexStore(root, tmp_path / "cache"), workers=1)
    with pytest.raises(BuildCancelled):
        index.build(cancelled=_cancel_after(250)[1])  # type: ignore[arg-type]

    index = VaultIndex(Vault(root), IndexStore(root, tmp_path / "cache"), workers=1)
    index.build()
    assert index.last_build is not None and index.last_build.parsed == 300
    assert len(index.backlinks("n0.md")) == 300  # 299 changed notes (not n0 itself), n599


def test_a_cancelled_build_without_a_cache_stops(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v", 300)
    index = VaultIndex(Vault(root), None, workers=1)
    asked, cancelled = _cancel_after(10)
    with pytest.raises(BuildCancelled):
        index.build(cancelled=cancelled)  # type: ignore[arg-type]
    assert asked[0] == 11


def test_a_cancelled_pooled_build_ends_its_worker_processes(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v", scan.POOL_THRESHOLD + 500)
    index = VaultIndex(Vault(root), IndexStore(root, tmp_path / "cache"), workers=2)
    start = time.monotonic()
    with pytest.raises(BuildCancelled):
        index.build(cancelled=_cancel_after(300)[1])  # type: ignore[arg-type]
    assert time.monotonic() - start < 10
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


def test_reading_every_name_stops_once_cancelled(tmp_path: Path) -> None:
    from notedesk.core.cancel import Cancelled

    root = _vault(tmp_path / "v", 600)
    index = VaultIndex(Vault(root), IndexStore(root, tmp_path / "cache"), workers=1)
    index.build()
    asked, cancelled = _cancel_after(1)
    with pytest.raises(Cancelled):
        index.completion_names(cancelled)  # type: ignore[arg-type]
    assert asked[0] == 2  # polled every few hundred notes
    assert len(index.completion_names()) == 600  # nothing half-made was kept
