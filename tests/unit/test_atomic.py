"""The one atomic save under simulated crashes at every step."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from notedesk.core import _exchange, atomic
from notedesk.core.atomic import ChangedOnDiskError, SaveError, atomic_write

STEPS = ["open", "write", "fsync", "chmod", "replace"]
OLD = b"old content\n" * 100
NEW = b"new content, longer than the old one\n" * 300


class Crash(BaseException):
    """Not an Exception: nothing on the way may swallow it."""


@pytest.fixture
def crash_at() -> Iterator[list[str]]:
    where: list[str] = []

    def hook(step: str) -> None:
        if where and step == where[0]:
            raise Crash(step)

    atomic._step_hook = hook
    try:
        yield where
    finally:
        atomic._step_hook = None


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("step", STEPS)
def test_crash_keeps_old_or_new_and_no_temp_file(
    tmp_path: Path, crash_at: list[str], step: str
) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(OLD)
    target.chmod(0o640)
    crash_at.append(step)
    with pytest.raises(Crash):
        atomic_write(target, NEW)
    assert target.read_bytes() == (NEW if step == "replace" else OLD)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("step", STEPS)
def test_crash_creating_a_new_file(tmp_path: Path, crash_at: list[str], step: str) -> None:
    target = tmp_path / "new.md"
    crash_at.append(step)
    with pytest.raises(Crash):
        atomic_write(target, NEW)
    if step == "replace":
        assert target.read_bytes() == NEW
    else:
        assert not target.exists()
    assert leftovers(tmp_path) == []


def test_expect_can_refuse(tmp_path: Path) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(OLD)
    with pytest.raises(ChangedOnDiskError):
        atomic_write(target, NEW, expect=lambda current: current == b"something else")
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []
    assert atomic_write(target, NEW, expect=lambda current: current == OLD) is None
    assert target.read_bytes() == NEW


def test_expect_absent_file_refuses_one_that_appeared(tmp_path: Path) -> None:
    target = tmp_path / "note.md"

    def they_create_it(step: str) -> None:
        if step == "chmod":
            target.write_bytes(OLD)

    atomic._step_hook = they_create_it
    try:
        with pytest.raises(ChangedOnDiskError):
            atomic_write(target, NEW, expect=lambda current: current is None)
    finally:
        atomic._step_hook = None
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(_exchange._renameat2 is None, reason="needs renameat2")
def test_version_written_after_the_check_is_returned_not_destroyed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(OLD)
    real_exchange = _exchange.exchange

    def they_save_in_between(src: Path, dst: Path) -> bool:
        sneaky = tmp_path / ".theirs.tmp"
        sneaky.write_bytes(b"theirs")
        os.replace(sneaky, dst)  # lands after our check, before our rename
        return real_exchange(src, dst)

    monkeypatch.setattr(_exchange, "exchange", they_save_in_between)
    displaced = atomic_write(target, NEW, expect=lambda current: current == OLD)
    assert displaced == b"theirs"
    assert target.read_bytes() == NEW
    assert leftovers(tmp_path) == []


def test_disk_full_is_a_save_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(OLD)

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(SaveError, match="No space left"):
        atomic_write(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


KILL_SCRIPT = """
import os, sys
from notedesk.core import atomic
step = sys.argv[2]
def hook(name):
    if name == step:
        os._exit(17)  # a real crash: no cleanup code runs
atomic._step_hook = hook
atomic.atomic_write(sys.argv[1], b"new content, longer than the old one\\n" * 300)
"""


@pytest.mark.parametrize("step", STEPS)
def test_killed_process_never_leaves_a_truncated_file(tmp_path: Path, step: str) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(OLD)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(target), step], env=env, timeout=60
    )
    assert proc.returncode == 17
    assert target.read_bytes() in (OLD, NEW)
    # A hard kill may leave the temp file; it is a hidden ".note.md.*.tmp" the
    # vault and the watcher ignore, never the note itself.
    assert all(name.startswith(".note.md.") for name in leftovers(tmp_path))


class _RecordingLibc:
    """Stands in for a C library: records each call of the named function."""

    def __init__(self, name: str, result: int = 0) -> None:
        self.calls: list[tuple[object, ...]] = []

        def func(*args: object) -> int:
            self.calls.append(args)
            return result

        setattr(self, name, func)


def test_macos_swap_and_exclusive_rename_use_renamex_np_flags() -> None:
    libc = _RecordingLibc("renamex_np")
    rename = _exchange.bind(libc, "darwin")
    assert rename is not None
    assert rename(b"a", b"b", _exchange.EXCHANGE) == 0
    assert rename(b"a", b"b", _exchange.NOREPLACE) == 0
    assert libc.calls == [(b"a", b"b", 2), (b"a", b"b", 4)]  # RENAME_SWAP, RENAME_EXCL


def test_linux_binding_passes_renameat2_flags() -> None:
    libc = _RecordingLibc("renameat2")
    rename = _exchange.bind(libc, "linux")
    assert rename is not None
    rename(b"a", b"b", _exchange.EXCHANGE)
    rename(b"a", b"b", _exchange.NOREPLACE)
    assert libc.calls == [(-100, b"a", -100, b"b", 2), (-100, b"a", -100, b"b", 1)]


def test_systems_without_the_call_fall_back() -> None:
    assert _exchange.bind(object(), "darwin") is None
    assert _exchange.bind(object(), "linux") is None
    assert _exchange.bind(_RecordingLibc("renamex_np"), "win32") is None


@pytest.mark.skipif(_exchange._renameat2 is None, reason="needs renameat2")
def test_real_exchange_and_noreplace(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"A")
    b.write_bytes(b"B")
    assert _exchange.exchange(a, b)
    assert (a.read_bytes(), b.read_bytes()) == (b"B", b"A")
    with pytest.raises(FileExistsError):
        _exchange.rename_noreplace(a, b)
    c = tmp_path / "c"
    assert _exchange.rename_noreplace(a, c)
    assert c.read_bytes() == b"B" and not a.exists()


def test_a_symlinked_file_is_written_through_its_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_what_is_not_a_regular_file_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="not a regular file"):
        atomic_write(fifo, b"x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    with pytest.raises(SaveError, match="not a regular file"):
        atomic_write(tmp_path, b"x")  # a folder
