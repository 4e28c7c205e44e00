"""The real app as a subprocess: starts on a note or a folder, shows everything, quits cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXPECTED = ("window_shown", "tree_shown", "webengine_loaded", "preview_shown", "index_ready")


def _start(args: list[str], tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / "events.log"
    env = dict(os.environ)
    env.update(NOTEDESK_EVENT_LOG=str(log), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "notedesk", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return proc, log


def _wait_for_events(
    proc: subprocess.Popen[bytes], log: Path, names: tuple[str, ...]
) -> dict[str, dict]:
    deadline = time.monotonic() + 60
    seen: dict[str, dict] = {}
    while time.monotonic() < deadline and not all(n in seen for n in names):
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "app exited"
        if log.exists():
            for line in log.read_text().splitlines():
                record = json.loads(line)
                seen.setdefault(record["event"], record)
        time.sleep(0.05)
    return seen


def _stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "My Vault"
    (root / "sub").mkdir(parents=True)
    (root / "Start.md").write_text("# Start\n\nSee [[Other]] and #tag\n", encoding="utf-8")
    (root / "sub" / "Other.md").write_text("# Other\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("which", ["note", "folder"])
def test_app_starts_on_note_or_folder_and_quits_cleanly(
    tmp_path: Path, vault: Path, which: str
) -> None:
    target = vault / "Start.md" if which == "note" else vault
    # A folder opens with no note (the empty state); a note opens with its preview.
    expected = EXPECTED if which == "note" else tuple(e for e in EXPECTED if e != "preview_shown")
    proc, log = _start([str(target)], tmp_path)
    try:
        seen = _wait_for_events(proc, log, expected)
        assert set(expected) <= set(seen), f"missing events: {set(expected) - set(seen)}"
        assert seen["tree_shown"]["files"] == 2
        assert seen["index_ready"]["notes"] == 2
        # The window comes first; QtWebEngine and the vault load after it.
        assert seen["window_shown"]["t"] <= seen["webengine_loaded"]["t"]
    finally:
        code = _stop(proc)
    assert code == 0
