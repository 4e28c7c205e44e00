"""The cold build's worker processes do not outlive the app."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX process handling")

_APP = textwrap.dedent(
    """
    import os, signal
    from notedesk.core import scan

    if __name__ == "__main__":
        pool = scan._pool(2)
        pids = set()
        while len(pids) < 2:
            pids |= {f.result() for f in [pool.submit(os.getpid) for _ in range(8)]}
        print(*sorted(pids), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no shutdown, no atexit
    """
)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return state != "Z"


def test_workers_exit_when_the_app_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(_APP)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == -9, done.stderr
    pids = [int(p) for p in done.stdout.split()]
    assert len(pids) == 2 and os.getpid() not in pids
    deadline = time.monotonic() + 15
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(p) for p in pids), "pool workers outlived the app"
