"""VaultWatcher against the real observer and real files."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notedesk.core import watch as watch_mod
from notedesk.core.atomic import TextFormat
from notedesk.core.events import FileEvent
from notedesk.core.ownwrites import OwnWrites
from notedesk.core.vault import Vault
from notedesk.core.watch import WATCH_LIMIT_REASON, VaultWatcher, network_fs_type

TIMEOUT = 5.0


def wait_until(cond: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


class Recorder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.batches: list[list[FileEvent]] = []

    def __call__(self, batch: list[FileEvent]) -> None:
        with self._lock:
            self.batches.append(list(batch))

    @property
    def events(self) -> list[FileEvent]:
        with self._lock:
            return [e for b in self.batches for e in b]

    def has(self, kind: str, path: str, dest: str | None = None) -> bool:
        return any(
            e.kind == kind and e.path == path and (dest is None or e.dest == dest)
            for e in self.events
        )

    def paths(self) -> set[str]:
        return {e.path for e in self.events} | {e.dest for e in self.events if e.dest}

    def clear(self) -> None:
        with self._lock:
            self.batches.clear()


def write(path: Path, text: str = "x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def sentinel(root: Path, rec: Recorder, name: str = "zz-sentinel.md") -> None:
    """Write an external file and wait for it: every earlier event has been delivered."""
    write(root / name, str(time.monotonic()))
    wait_until(lambda: name in rec.paths())


@pytest.fixture
def own() -> OwnWrites:
    return OwnWrites()


@pytest.fixture
def watched(tmp_path: Path, own: OwnWrites) -> Iterator[tuple[Path, Recorder, VaultWatcher]]:
    root = tmp_path / "vault"
    write(root / "old.md", "old")
    write(root / "folder" / "inner.md", "inner")
    write(root / "folder" / "sub" / "deep.md", "deep")
    rec = Recorder()
    watcher = VaultWatcher(root, rec, own_writes=own)
    watcher.start()
    try:
        yield root, rec, watcher
    finally:
        watcher.stop()


def test_native_mode_on_a_local_folder(watched: tuple[Path, Recorder, VaultWatcher]) -> None:
    _root, _rec, watcher = watched
    assert watcher.mode == "native"
    assert watcher.fallback_reason is None
    assert watcher.running


def test_file_created_modified_deleted(watched: tuple[Path, Recorder, VaultWatcher]) -> None:
    root, rec, _w = watched
    write(root / "new.md", "hello")
    wait_until(lambda: rec.has("created", "new.md"))
    write(root / "old.md", "changed")
    wait_until(lambda: rec.has("modified", "old.md"))
    (root / "old.md").unlink()
    wait_until(lambda: rec.has("deleted", "old.md"))


@pytest.fixture
def patient(tmp_path: Path) -> Iterator[tuple[Path, Recorder]]:
    """A watcher with a long quiet period, so a loaded machine cannot split a burst."""
    rec = Recorder()
    with VaultWatcher(tmp_path, rec, debounce=1.0, max_delay=3.0):
        yield tmp_path, rec


def test_create_then_modify_collapses(patient: tuple[Path, Recorder]) -> None:
    root, rec = patient
    with open(root / "grow.md", "w", encoding="utf-8") as handle:
        for i in range(20):
            handle.write(f"line {i}\n")
            handle.flush()
    wait_until(lambda: rec.has("created", "grow.md"))
    sentinel(root, rec)
    assert [e.kind for e in rec.events if e.path == "grow.md"] == ["created"]


def test_create_then_delete_vanishes(patient: tuple[Path, Recorder]) -> None:
    root, rec = patient
    write(root / "blink.md")
    (root / "blink.md").unlink()
    sentinel(root, rec)
    assert "blink.md" not in rec.paths()


def test_file_move_is_a_move(watched: tuple[Path, Recorder, VaultWatcher]) -> None:
    root, rec, _w = watched
    os.rename(root / "old.md", root / "folder" / "renamed.md")
    wait_until(lambda: rec.has("moved", "old.md", "folder/renamed.md"))


def test_folder_events(watched: tuple[Path, Recorder, VaultWatcher]) -> None:
    root, rec, _w = watched
    write(root / "made" / "deeper" / "n.md")
    wait_until(lambda: rec.has("created", "made/deeper/n.md"))
    assert rec.has("created", "made")
    rec.clear()
    os.rename(root / "folder", root / "moved")
    wait_until(lambda: rec.has("moved", "folder", "moved"))
    sentinel(root, rec)
    # one event for the folder, none restating its children
    assert [e for e in rec.events if "folder" in e.path] == [
        FileEvent("moved", "folder", "moved", True)
    ]
    rec.clear()
    shutil.rmtree(root / "moved")
    wait_until(lambda: rec.has("deleted", "moved"))
    sentinel(root, rec, "zz-2.md")
    assert [e.path for e in rec.events if e.path.startswith("moved")] == ["moved"]


def test_burst_of_1000_files_is_coalesced(watched: tuple[Path, Recorder, VaultWatcher]) -> None:
    root, rec, _w = watched
    start = time.monotonic()
    for i in range(1000):
        write(root / "burst" / f"n{i:04}.md", f"note {i}\n")
    wait_until(lambda: sum(e.path.startswith("burst/n") for e in rec.events) >= 1000)
    elapsed = time.monotonic() - start
    burst = [e for e in rec.events if e.path.startswith("burst")]
    assert {e.path for e in burst} == {"burst"} | {f"burst/n{i:04}.md" for i in range(1000)}
    assert {e.kind for e in burst} <= {"created", "modified"}
    # a write straddling a batch boundary may show up once more, as a modify
    assert len(burst) <= 1001 + 2 * len(rec.batches)
    # one batch per max_delay (0.5 s) while the burst lasts, at most
    assert len(rec.batches) <= 3 + elapsed / 0.5, (len(rec.batches), elapsed)
    assert elapsed < 10


def test_own_writes_are_not_reported(
    watched: tuple[Path, Recorder, VaultWatcher], own: OwnWrites
) -> None:
    root, rec, _w = watched
    vault = Vault(root)
    own.save(vault, "old.md", "ours\n")
    own.save(vault, "fresh.md", "new note\n", TextFormat("\r\n", True))
    sentinel(root, rec)
    assert "old.md" not in rec.paths()
    assert "fresh.md" not in rec.paths()
    assert not any(".tmp" in p for p in rec.paths())


def test_external_write_after_own_write_is_reported(
    watched: tuple[Path, Recorder, VaultWatcher], own: OwnWrites
) -> None:
    root, rec, _w = watched
    own.save(Vault(root), "old.md", "ours")
    write(root / "old.md", "OURS")  # same size, other bytes, right after our save
    wait_until(lambda: rec.has("modified", "old.md") or rec.has("created", "old.md"))


def test_permissions_changed_is_a_modification(
    watched: tuple[Path, Recorder, VaultWatcher],
) -> None:
    """chmod 000, then 644: the note is looked at again (a failed save retried)."""
    root, rec, _w = watched
    os.chmod(root / "old.md", 0o644)
    wait_until(lambda: rec.has("modified", "old.md"))
    rec.clear()
    os.chmod(root / "folder", 0o755)
    sentinel(root, rec)
    assert "folder" not in rec.paths()


def test_ignored_paths(watched: tuple[Path, Recorder, VaultWatcher]) -> None:
    root, rec, _w = watched
    write(root / ".git" / "objects" / "ab" / "cdef")
    write(root / ".obsidian" / "workspace.json", "{}")
    write(root / ".old.md.abc123.tmp", "temp")
    write(root / "folder" / ".hidden.md")
    sentinel(root, rec)
    assert all(not any(part.startswith(".") for part in p.split("/")) for p in rec.paths())


def test_move_into_trash_is_a_delete_and_temp_rename_a_change(
    watched: tuple[Path, Recorder, VaultWatcher],
) -> None:
    root, rec, _w = watched
    (root / ".trash").mkdir()
    os.rename(root / "folder" / "inner.md", root / ".trash" / "inner.md")
    wait_until(lambda: rec.has("deleted", "folder/inner.md"))
    write(root / ".old.md.xyz.tmp", "saved by another editor")
    os.replace(root / ".old.md.xyz.tmp", root / "old.md")
    wait_until(lambda: rec.has("created", "old.md") or rec.has("modified", "old.md"))


def test_failing_callback_does_not_stop_the_watcher(tmp_path: Path) -> None:
    seen: list[FileEvent] = []

    def flaky(batch: list[FileEvent]) -> None:
        seen.extend(batch)
        if len(seen) == len(batch):
            raise RuntimeError("boom")

    with VaultWatcher(tmp_path, flaky):
        write(tmp_path / "one.md")
        wait_until(lambda: len(seen) >= 1)
        write(tmp_path / "two.md")
        wait_until(lambda: any(e.path == "two.md" for e in seen))


def test_stop_is_clean_and_final(tmp_path: Path) -> None:
    rec = Recorder()
    watcher = VaultWatcher(tmp_path, rec)
    watcher.start()
    write(tmp_path / "a.md")
    watcher.stop()
    assert not watcher.running
    assert not any(t.name == "notedesk-watch" for t in threading.enumerate())
    count = len(rec.events)
    write(tmp_path / "b.md")
    time.sleep(0.2)  # nothing may arrive; there is no condition to wait for
    assert len(rec.events) == count


# -- polling fallback ---------------------------------------------------------------------


def test_polling_when_forced(tmp_path: Path) -> None:
    rec = Recorder()
    with VaultWatcher(tmp_path, rec, force_polling=True, polling_interval=0.1) as watcher:
        assert watcher.mode == "polling"
        write(tmp_path / "p.md")
        wait_until(lambda: rec.has("created", "p.md"))
        os.mkdir(tmp_path / "d")
        write(tmp_path / "d" / "x.md")
        wait_until(lambda: rec.has("created", "d/x.md"))
        os.rename(tmp_path / "d", tmp_path / "e")
        wait_until(lambda: rec.has("moved", "d", "e"))
        sentinel(tmp_path, rec)
        assert not rec.has("moved", "d/x.md")


def test_polling_on_a_network_file_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_mod, "network_fs_type", lambda _path: "nfs4")
    rec = Recorder()
    with VaultWatcher(tmp_path, rec, polling_interval=0.1) as watcher:
        assert watcher.mode == "polling"
        assert watcher.fallback_reason is not None and "nfs4" in watcher.fallback_reason
        write(tmp_path / "n.md")
        wait_until(lambda: rec.has("created", "n.md"))


def test_polling_when_watches_run_out_at_start(tmp_path: Path) -> None:
    for name in "abc":
        write(tmp_path / name / "n.md")
    rec = Recorder()
    with VaultWatcher(tmp_path, rec, polling_interval=0.1, _watch_limit=2) as watcher:
        assert watcher.mode == "polling"
        assert watcher.fallback_reason == WATCH_LIMIT_REASON
        write(tmp_path / "c" / "new.md")
        wait_until(lambda: rec.has("created", "c/new.md"))


def test_polling_when_watches_run_out_later(tmp_path: Path) -> None:
    write(tmp_path / "a" / "n.md")
    rec = Recorder()
    changes: list[tuple[str, str | None]] = []
    with VaultWatcher(
        tmp_path,
        rec,
        polling_interval=0.1,
        on_mode_change=lambda mode, reason: changes.append((mode, reason)),
        _watch_limit=2,
    ) as watcher:
        assert watcher.mode == "native"
        write(tmp_path / "b" / "late.md")  # its folder needs a third watch
        wait_until(lambda: watcher.mode == "polling")
        assert watcher.fallback_reason == WATCH_LIMIT_REASON
        wait_until(lambda: changes == [("polling", WATCH_LIMIT_REASON)])
        wait_until(lambda: rec.has("created", "b"))
        write(tmp_path / "b" / "later.md")
        wait_until(lambda: rec.has("created", "b/later.md"))


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export /mnt/notes nfs4 rw,relatime 0 0
//nas/share /mnt/with\\040space cifs rw 0 0
"""


def test_network_fs_type_reads_mounts() -> None:
    assert network_fs_type("/mnt/notes/vault", MOUNTS) == "nfs4"
    assert network_fs_type("/mnt/with space/v", MOUNTS) == "cifs"
    assert network_fs_type("/mnt/notes-local", MOUNTS) is None
    assert network_fs_type("/home/me/vault", MOUNTS) is None


def test_reading_notes_costs_the_watcher_nothing(
    watched: tuple[Path, Recorder, VaultWatcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opens and closes of notes (the index build reads every one) never reach Python."""
    root, rec, watcher = watched
    seen: list[str] = []
    convert = watcher._convert

    def counting(ev: object) -> list[FileEvent]:
        seen.append(type(ev).__name__)
        return convert(ev)  # type: ignore[arg-type]

    monkeypatch.setattr(watcher, "_convert", counting)
    for _ in range(20):
        for path in (root / "old.md", root / "folder" / "sub" / "deep.md"):
            path.read_text(encoding="utf-8")
    sentinel(root, rec)
    assert not any("Opened" in name or "Closed" in name for name in seen), seen
    assert "FileCreatedEvent" in seen
