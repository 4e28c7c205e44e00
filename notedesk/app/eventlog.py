"""Timestamped start-up and render events for benchmarks (``NOTEDESK_EVENT_LOG=FILE``)."""

from __future__ import annotations

import json
import os
import time
from typing import TextIO

_sink: TextIO | None = None
_opened = False


def _target() -> TextIO | None:
    global _sink, _opened
    if not _opened:
        _opened = True
        where = os.environ.get("NOTEDESK_EVENT_LOG")
        if where:
            _sink = open(where, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (lives for the process)
    return _sink


def event(name: str, **fields: object) -> None:
    """Append one JSON line ``{"event", "t" (wall clock s), "cpu" (process CPU s), ...}``.

    Only if logging is on. ``cpu`` counts all threads since the process started:
    on a busy machine it is steadier than the wall clock.
    """
    sink = _target()
    if sink is not None:
        record = {"event": name, "t": time.time(), "cpu": round(time.process_time(), 4)}
        sink.write(json.dumps({**record, **fields}) + "\n")


def enabled() -> bool:
    return _target() is not None
