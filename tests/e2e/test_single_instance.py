"""Two starts of the real app: the second hands its note to the first and exits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _events(log: Path) -> dict[str, dict]:
    seen: dict[str, dict] = {}
    if log.exists():
        for line in log.read_text().splitlines():
            record = json.loads(line)
            seen.setdefault(record["event"], record)
    return seen


def _wait(proc: subprocess.Popen[bytes], log: Path, name: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "exited"
        if name in _events(log):
            return _events(log)[name]
        time.sleep(0.05)
    raise AssertionError(f"no {name} event")


def test_second_start_hands_its_note_to_the_running_app(tmp_path: Path) -> None:
    vault = tmp_path / "Vault"
    (vault / "sub").mkdir(parents=True)
    (vault / "A.md").write_text("# A\n", encoding="utf-8")
    (vault / "sub" / "B.md").write_text("# B\n", encoding="utf-8")
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(run))
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = subprocess.Popen(
        [sys.executable, "-m", "notedesk", str(vault)],
        env=dict(env, NOTEDESK_EVENT_LOG=str(first_log)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert _wait(first, first_log, "listening")["ok"] is True
        second = subprocess.run(
            [sys.executable, "-m", "notedesk", str(vault / "sub" / "B.md")],
            env=dict(env, NOTEDESK_EVENT_LOG=str(second_log)),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stderr
        assert "handed_off" in _events(second_log)
        assert "window_shown" not in _events(second_log)
        assert _wait(first, first_log, "handed_over")["path"] == str(vault / "sub" / "B.md")
    finally:
        first.send_signal(signal.SIGTERM)
        try:
            first.wait(20)
        except subprocess.TimeoutExpired:
            first.kill()
            raise
    assert first.returncode == 0
    # The socket went with the app: the next start opens a window of its own.
    third = subprocess.Popen(
        [sys.executable, "-m", "notedesk", str(vault)],
        env=dict(env, NOTEDESK_EVENT_LOG=str(tmp_path / "third.log")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(third, tmp_path / "third.log", "window_shown")
    finally:
        third.send_signal(signal.SIGTERM)
        third.wait(20)
