"""Start-up steps run one per event-loop turn, each after its modules and its condition."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer

from notedesk.app import eventlog
from notedesk.app.background import preload

# Called with a callback to call once a step may start (at once if it may already).
Gate = Callable[[Callable[[], None]], None]


@dataclass(frozen=True)
class Step:
    """One start-up step.

    ``modules`` are imported off the UI thread before it runs (their import would
    otherwise block the window); ``gate`` holds it (and every later step) back until
    a condition is met, e.g. the index is ready, so the work before it gets the CPU.
    """

    run: Callable[[], None]
    modules: Sequence[str] = ()
    gate: Gate | None = None


def run_steps(steps: Sequence[Step], closed: Callable[[], bool]) -> None:
    """Run ``steps`` in order, each in its own event-loop turn; stop once ``closed()``.

    A step's modules start loading once the step before it has run (and its gate is
    open), so the UI thread's own imports are done and neither thread waits on the
    other's import lock.
    """

    def begin(i: int) -> None:
        if closed() or i >= len(steps):
            return
        gate = steps[i].gate
        if gate is None:
            load(i)
        else:
            gate(lambda: QTimer.singleShot(0, lambda: load(i)))

    def load(i: int) -> None:
        if closed():
            return
        modules = steps[i].modules
        if modules:
            preload(list(modules), lambda: execute(i))
        else:
            execute(i)

    def execute(i: int) -> None:
        if closed():
            return  # closed during start-up: nothing more to start
        start = time.perf_counter()
        steps[i].run()
        if eventlog.enabled():
            took = round((time.perf_counter() - start) * 1000, 1)
            eventlog.event("start_step", step=_name(steps[i].run), ms=took)
        QTimer.singleShot(0, lambda: begin(i + 1))

    begin(0)


def _name(fn: Callable[[], None]) -> str:
    return getattr(fn, "__name__", "step").lstrip("_")
