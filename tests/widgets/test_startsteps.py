"""Start-up steps: one per event-loop turn, in order, held back by a gate, stopped once closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

from notedesk.app.startsteps import Step, run_steps


def test_steps_run_in_order_and_wait_for_their_gate(qtbot) -> None:
    ran: list[str] = []
    opened: list[Callable[[], None]] = []

    def gate(go: Callable[[], None]) -> None:
        opened.append(go)  # opened later, by the test

    steps = [
        Step(lambda: ran.append("a")),
        Step(lambda: ran.append("b"), modules=["json"]),
        Step(lambda: ran.append("c"), gate=gate),
        Step(lambda: ran.append("d")),
    ]
    run_steps(steps, lambda: False)
    assert ran == ["a"]  # the rest in later turns
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=5000)
    qtbot.wait(50)
    assert ran == ["a", "b"]  # held at the gate
    opened[0]()
    qtbot.waitUntil(lambda: ran == ["a", "b", "c", "d"], timeout=5000)


def test_steps_stop_once_closed(qtbot) -> None:
    ran: list[str] = []
    closed = False

    def close() -> None:
        nonlocal closed
        ran.append("close")
        closed = True

    run_steps([Step(close), Step(lambda: ran.append("late"))], lambda: closed)
    qtbot.wait(50)
    assert ran == ["close"]


def test_ui_modules_load_one_per_turn_before_their_step(qtbot, monkeypatch) -> None:
    from notedesk.app import startsteps
    from notedesk.app.importorder import ImportPlan

    log: list[str] = []
    asked: list[list[str]] = []

    def plan(names, _loaded):
        asked.append(list(names))
        return ImportPlan(qt_free=[], ui=["fake.leaf", "fake.top"])

    def import_module(name: str) -> None:
        log.append(name)
        # Each import runs in a turn of its own: the next is not yet done.
        QTimer.singleShot(0, lambda: log.append(f"turn after {name}"))

    monkeypatch.setattr(startsteps, "plan_imports", plan)
    monkeypatch.setattr(startsteps.importlib, "import_module", import_module)
    run_steps([Step(lambda: log.append("step"), ui_modules=["fake.top"])], lambda: False)
    assert "step" not in log and "fake.top" not in log  # one module per turn, then the step
    qtbot.waitUntil(lambda: "step" in log, timeout=5000)
    assert asked == [["fake.top"]]
    assert log[:4] == ["fake.leaf", "turn after fake.leaf", "fake.top", "turn after fake.top"]
    assert log[-1] == "step"
