"""PySide's widget classes are made ahead, a few per event-loop turn, then waiters go on."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["x", "-platform", "offscreen"])
from notedesk.app import qttypes
calls, turns = [], [0]
def tick():
    turns[0] += 1
    if not calls:
        QTimer.singleShot(0, tick)
qttypes.make_widget_types(lambda: calls.append("first"))
qttypes.make_widget_types(lambda: calls.append("second"))  # joins the one under way
synchronous = list(calls)
QTimer.singleShot(0, tick)
deadline = time.time() + 20
while not calls and time.time() < deadline:
    app.processEvents()
later = []
qttypes.make_widget_types(lambda: later.append("at once"))
print(synchronous, calls, turns[0] > 1, later, qttypes.widget_types_made())
"""


def test_widget_types_are_made_over_several_turns() -> None:
    out = (
        subprocess.run(
            [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=120
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert out == "[] ['first', 'second'] True ['at once'] True"
