"""Pausing Python's cyclic garbage collector around large allocations, from any thread.

A full collection walks every container object in the process while holding the
GIL. Building a large index or rendering a long note creates hundreds of
thousands of objects, and the collections those allocations trigger re-walk
them again and again: seconds of CPU, during which no other thread (the UI
thread included) runs Python. Such work makes almost no cyclic garbage, so the
collector is paused while any of it runs. Pauses nest and overlap across
threads; the collector comes back when the last one ends, and only if it was
on before the first began. Reference counting frees memory as always.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block (or any overlapping one) runs."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
