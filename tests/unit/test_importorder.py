"""Import plans: a part of the window's modules, leaves first, read from their source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from notedesk.app.importorder import imports_of, plan_imports


def test_type_checking_imports_are_left_out_and_bracketed_lists_are_read() -> None:
    found = imports_of("notedesk.app.application")
    # Under ``if TYPE_CHECKING:`` only: never imported at run time.
    assert "notedesk.app.indexservice" not in found
    # ``from notedesk.app.startmodules import (`` spans several lines.
    assert "notedesk.app.startmodules" in found
    # ``from notedesk.app import eventlog`` names a module.
    assert "notedesk.app.eventlog" in found


def test_plan_puts_each_module_after_its_own_imports() -> None:
    plan = plan_imports(["notedesk.app.panels", "notedesk.app.datasafety"])
    assert plan.ui[-1] == "notedesk.app.datasafety"
    assert "notedesk.app.panels" in plan.ui
    assert not [n for n in plan.qt_free if n.startswith(("notedesk.app", "PySide6"))]
    assert "notedesk.core.search" in plan.qt_free
    position = {name: i for i, name in enumerate(plan.ui)}
    for name in plan.ui:
        for dep in imports_of(name):
            if dep in position:
                assert position[dep] < position[name], (dep, name)


def test_plan_leaves_out_what_is_loaded() -> None:
    plan = plan_imports(["notedesk.app.panels"], loaded=["notedesk.app.widgets.richitem"])
    assert "notedesk.app.widgets.richitem" not in plan.ui
    assert "notedesk.app.panels" in plan.ui


def test_importing_in_plan_order_loads_one_window_module_at_a_time() -> None:
    """What the UI thread does at start: each import then runs one module's body only."""
    code = """
import importlib, json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(["x", "-platform", "offscreen"])
import notedesk.app.mainwindow
from notedesk.app.importorder import plan_imports
plan = plan_imports(["notedesk.app.panels", "notedesk.app.datasafety"], list(sys.modules))
for name in plan.qt_free:
    importlib.import_module(name)
extra = {}
for name in plan.ui:
    before = set(sys.modules)
    importlib.import_module(name)
    new = sorted(m for m in set(sys.modules) - before if m.startswith("notedesk.") and m != name)
    if new:
        extra[name] = new
print(json.dumps(extra))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == {}


def test_bundle_without_sources_gives_the_same_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed bundle ships compiled modules only: their imports are read from the
    bytecode, with the same result (``if TYPE_CHECKING:`` imports left out)."""
    import py_compile

    import notedesk
    from notedesk.app import importorder

    root = Path(notedesk.__file__).parent
    for source in root.rglob("*.py"):
        compiled = (tmp_path / source.relative_to(root)).with_suffix(".pyc")
        compiled.parent.mkdir(parents=True, exist_ok=True)
        py_compile.compile(str(source), cfile=str(compiled), doraise=True)
    names = sorted(
        f"notedesk.app.{p.stem}" for p in (root / "app").glob("*.py") if p.stem != "__init__"
    )
    wanted = ["notedesk.app.panels", "notedesk.app.notetab", "notedesk.app.datasafety"]
    from_source = {name: imports_of(name) for name in names}
    plan_from_source = plan_imports(wanted)
    monkeypatch.setattr(importorder, "_ROOT", tmp_path)
    assert {name: imports_of(name) for name in names} == from_source
    assert plan_imports(wanted) == plan_from_source
    assert "notedesk.app.mainwindow" not in imports_of("notedesk.app.panels")  # TYPE_CHECKING
