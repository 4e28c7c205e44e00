"""PySide's Python classes for Qt's widget types, made ahead, a few per event-loop turn.

PySide makes the Python class of a Qt type (with its enums) the first time it is
used. The first widget Qt hands back whose type PySide must look up (the editor's
viewport, say) makes it create every QtWidgets class not made yet, at once: 50 ms
on a quiet machine, several times that while the index loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6 import QtWidgets
from PySide6.QtCore import QCoreApplication

from notedesk.app.widgets.chunkfill import ChunkedFill


class _Making:
    def __init__(self) -> None:
        self.done = False
        self.waiting: list[Callable[[], None]] = []
        self.fill: ChunkedFill | None = None


_making = _Making()


def widget_types_made() -> bool:
    return _making.done


def make_widget_types(done: Callable[[], None]) -> None:
    """Make the classes a few per turn, then call ``done`` (at once if already made).

    Fits as a start-up step's gate: the step waits for the classes.
    """
    if _making.done:
        done()
        return
    _making.waiting.append(done)
    if _making.fill is not None:
        return  # under way

    def work() -> Iterator[None]:
        for name in dir(QtWidgets):
            if name.startswith("Q"):
                getattr(QtWidgets, name)
                yield

    def finished() -> None:
        _making.done = True
        waiting, _making.waiting = _making.waiting, []
        for callback in waiting:
            callback()

    _making.fill = ChunkedFill(QCoreApplication.instance())
    _making.fill.start(work(), finished)
