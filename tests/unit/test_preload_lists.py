"""Start-up preloads import only Qt-free modules (PySide6 types are made on the UI thread)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_preloaded_modules_never_import_qt() -> None:
    code = (
        "import sys\n"
        "from notedesk.app import application as a\n"
        "lists = [a.NOTE_MODULES, a.INDEX_MODULES, a.PANEL_MODULES, a.LATE_MODULES]\n"
        "names = [n for l in lists for n in l]\n"
        "print(len(names))\n"
        "for n in names: print(n)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    count, names = int(out[0]), out[1:]
    assert count == len(names) > 0
    check = (
        "import importlib, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]", loaded


def test_preload_refuses_qt_modules() -> None:
    pytest.importorskip("PySide6")
    from notedesk.app.startsteps import load_modules

    with pytest.raises(ValueError, match=r"notedesk\.app\.notetab"):
        load_modules(["notedesk.core.index", "notedesk.app.notetab"], [], lambda: None)
