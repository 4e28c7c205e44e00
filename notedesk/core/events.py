"""File events: what changed in a vault, as the watcher reports it and the index applies it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EventKind = Literal["created", "modified", "deleted", "moved"]


@dataclass(frozen=True)
class FileEvent:
    """One change to a file or folder; paths are vault-relative and ``/``-separated.

    ``dest`` is set for ``moved`` only. A folder event (``is_dir``) stands for
    everything below that folder.
    """

    kind: EventKind
    path: str
    dest: str | None = None
    is_dir: bool = False
