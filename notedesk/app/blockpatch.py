"""How the preview page goes from one render's blocks to the next (no Qt: it also runs
on the render thread, so a long note's comparison does not cost the UI thread)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol


class ShownBlock(Protocol):
    """A top-level block of rendered HTML (``notedesk.core.render.blocks.Block``)."""

    @property
    def html(self) -> str: ...

    @property
    def line(self) -> int: ...

    @property
    def key(self) -> str: ...


# (start, blocks removed, blocks inserted, line shift of the blocks after them)
Patch = tuple[int, int, Sequence["ShownBlock"], int]


def encoded_blocks(blocks: Sequence[ShownBlock]) -> str:
    """A JSON array of the blocks' HTML (using an encoding the render thread made)."""
    return "[" + ",".join(getattr(b, "json", None) or json.dumps(b.html) for b in blocks) + "]"


def block_patch(old: Sequence[ShownBlock], new: Sequence[ShownBlock]) -> Patch:
    """How the page turns ``old`` into ``new``: (start, blocks removed, blocks inserted,
    line shift of the blocks after them).

    Unchanged blocks at both ends stay in the page; blocks after the edit that
    only moved (lines inserted or removed above them) keep their nodes and get
    their ``data-line`` values shifted.
    """
    n, m = len(old), len(new)
    start = 0
    while start < n and start < m and (old[start] is new[start] or old[start] == new[start]):
        start += 1
    tail = 0
    shift = new[-1].line - old[-1].line if n and m else 0
    while (
        tail < n - start
        and tail < m - start
        and new[m - 1 - tail].line - old[n - 1 - tail].line == shift
        and (
            old[n - 1 - tail].key is new[m - 1 - tail].key
            or old[n - 1 - tail].key == new[m - 1 - tail].key
        )
    ):
        tail += 1
    return start, n - start - tail, list(new[start : m - tail]), shift if tail else 0
