"""`notedesk --self-test` run the way users and the installer smoke test run it: a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("resources", "index", "render", "preview", "diagrams", "workers", "command")


@pytest.mark.slow
def test_self_test_passes_offscreen(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["NOTEDESK_DATA_DIR"] = str(tmp_path / "data")
    env["NOTEDESK_CACHE_DIR"] = str(tmp_path / "cache")
    proc = subprocess.run(
        [sys.executable, "-m", "notedesk", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = proc.stdout
    assert proc.returncode == 0, f"exit {proc.returncode}\n{out}\n{proc.stderr[-3000:]}"
    for name in CHECKS:
        assert re.search(rf"^self-test: {name}\s+ok\s+[\d.]+ ms", out, re.M), out
    assert "self-test: all checks passed" in out
    assert re.search(r"first note rendered \d+ ms after process start", out), out
    # The self-test works on a temporary copy: the user's data folder stays untouched.
    assert not (tmp_path / "data").exists()


def test_self_test_reports_a_broken_installation(tmp_path: Path) -> None:
    """With the resources gone, the report names the failure and the exit code is non-zero."""
    code = (
        "import sys, notedesk.resources as r\n"
        "def missing():\n"
        "    raise FileNotFoundError('resources folder is missing')\n"
        "r.resource_dir = missing\n"
        "from notedesk.selftest import run_self_test\n"
        "sys.exit(run_self_test())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1
    assert re.search(r"^self-test: resources\s+FAIL .*missing", proc.stdout, re.M), proc.stdout
    assert re.search(r"^self-test: preview\s+skip", proc.stdout, re.M), proc.stdout
    assert "self-test: FAILED" in proc.stdout
