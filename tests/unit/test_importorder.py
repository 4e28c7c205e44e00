"""Import plans: a part of the window's modules, leaves first, read from their source."""

from __future__ import annotations

import json
import subprocess
import sys

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
