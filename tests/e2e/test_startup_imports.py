"""What the real app has loaded when its window is shown: Qt's widget modules, not more.

QtWebEngine (a large library), the render pipeline (markdown-it, pygments,
YAML), the index and the file tree load after the window is on screen; an
import that pulls one of them in earlier delays every start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Runs the app's own entry point; at the window_shown event it writes the
# loaded module names and exits.
SCRIPT = r"""
import json, os, sys
from notedesk.app import eventlog

def event(name, **fields):
    if name == "window_shown":
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            json.dump(sorted(sys.modules), out)
        os._exit(0)

eventlog.event = event
from notedesk.cli import main
sys.exit(main([sys.argv[1]]))
"""

NOT_BEFORE_WINDOW = (
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtNetwork",  # the socket later starts hand their path to (handoff.py)
    "notedesk.app.scheme",
    "notedesk.app.webprofile",
    "notedesk.app.widgets.preview",
    "notedesk.app.widgets.filetree",
    "notedesk.app.notetab",
    "notedesk.app.indexservice",
    "notedesk.core.render",
    "notedesk.core.index",
    "markdown_it",
    "pygments",
    "yaml",
)


def test_window_is_shown_before_webengine_render_and_index_load(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Note.md").write_text("# Note\n\n[[Other]] `code`\n", encoding="utf-8")
    out = tmp_path / "modules.json"
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(
        NOTEDESK_CONFIG_DIR=str(tmp_path / "config"),
        NOTEDESK_DATA_DIR=str(tmp_path / "data"),
        NOTEDESK_CACHE_DIR=str(tmp_path / "cache"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(vault / "Note.md"), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.exists(), proc.stderr[-2000:]
    loaded = set(json.loads(out.read_text(encoding="utf-8")))
    assert "PySide6.QtWidgets" in loaded
    early = sorted(m for m in NOT_BEFORE_WINDOW if m in loaded)
    assert early == []
