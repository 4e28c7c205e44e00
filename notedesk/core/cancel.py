"""Long builds and reads stop early once their caller's ``cancelled()`` says so."""

from __future__ import annotations

from collections.abc import Callable


class Cancelled(Exception):
    """The caller's ``cancelled()`` returned True: the work stopped, its result unwanted."""


def check(cancelled: Callable[[], bool] | None) -> None:
    """Raise Cancelled if ``cancelled()`` (None: never)."""
    if cancelled is not None and cancelled():
        raise Cancelled
