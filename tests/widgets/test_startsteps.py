"""Start-up steps: one per event-loop turn, in order, held back by a gate, stopped once closed."""

from __future__ import annotations

from collections.abc import Callable

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
