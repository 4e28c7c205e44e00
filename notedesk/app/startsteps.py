"""Start-up steps run one per event-loop turn, each after its modules and its condition."""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer

from notedesk.app import eventlog
from notedesk.app.background import import_quietly, run_in_background, single_thread_pool
from notedesk.app.importorder import plan_imports

log = logging.getLogger(__name__)

# Called with a callback to call once a step may start (at once if it may already).
Gate = Callable[[Callable[[], None]], None]


@dataclass(frozen=True)
class Step:
    """One start-up step.

    ``modules`` are imported off the UI thread before it runs (their import would
    otherwise block the window). ``ui_modules`` (Qt modules, which load on the UI
    thread only) are imported before it too, with every module they pull in, one
    module per event-loop turn; their Qt-free notedesk imports load off the UI
    thread first. ``gate`` holds the step (and every later step) back until a
    condition is met, e.g. the index is ready, so the work before it gets the CPU.
    """

    run: Callable[[], None]
    modules: Sequence[str] = ()
    gate: Gate | None = None
    ui_modules: Sequence[str] = ()


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
        step = steps[i]
        if step.modules or step.ui_modules:
            load_modules(step.modules, step.ui_modules, lambda: execute(i), closed)
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


def load_modules(
    modules: Sequence[str],
    ui_modules: Sequence[str],
    done: Callable[[], None],
    closed: Callable[[], bool] = lambda: False,
) -> None:
    """Import ``modules`` (Qt-free) off the UI thread, then ``ui_modules`` and what they
    pull in on the UI thread, one module per event-loop turn; then call ``done``.

    A failed import is left for the step's own import to report. Only Qt-free modules
    may load off the UI thread: importing a module that defines PySide6 classes on
    another thread races the UI thread inside shiboken (a crash at start, now and
    then), so ``notedesk.app`` and PySide6 modules are refused in ``modules``.
    """
    refused = [name for name in modules if name.startswith(("notedesk.app", "PySide6"))]
    if refused:
        raise ValueError(f"Qt modules cannot be preloaded off the UI thread: {refused}")

    def import_next(pending: list[str]) -> None:
        if closed():
            return
        while pending and pending[0] in sys.modules:
            pending.pop(0)
        if not pending:
            done()
            return
        name = pending.pop(0)
        start = time.perf_counter()
        try:
            importlib.import_module(name)
        except Exception:
            # Reported by the import that needs it (the step's own).
            log.debug("importing %s failed", name, exc_info=True)
        if eventlog.enabled():
            took = round((time.perf_counter() - start) * 1000, 1)
            eventlog.event("ui_import", module=name, ms=took)
        QTimer.singleShot(0, lambda: import_next(pending))

    def prepare() -> list[str]:
        # Off the UI thread: reading the sources opens and stats dozens of files, each
        # a wait for the GIL on the UI thread while background jobs run. On a thread of
        # its own: the global pool may be busy with long jobs (an unlinked-mentions
        # scan) by now, which would hold the steps back.
        plan = plan_imports(ui_modules, list(sys.modules)) if ui_modules else None
        import_quietly([*modules, *(plan.qt_free if plan else [])])
        return plan.ui if plan else []

    run_in_background(
        prepare,
        lambda names: import_next(list(names)),
        lambda _exc: import_next([]),
        pool=single_thread_pool("imports"),
    )


def _name(fn: Callable[[], None]) -> str:
    return getattr(fn, "__name__", "step").lstrip("_")
