"""How long two texts (or two lists of lines) start and end alike.

Binary search over slice comparisons: the comparisons run in C, so even two
5 MB texts that differ in one character take a few dozen Python steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["common_ends", "common_prefix", "common_suffix"]


def common_prefix(a: Sequence[Any], b: Sequence[Any]) -> int:
    """How many items ``a`` and ``b`` start alike with."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: Sequence[Any], b: Sequence[Any], limit: int) -> int:
    """How many items ``a`` and ``b`` end alike with, at most ``limit``."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_ends(a: Sequence[Any], b: Sequence[Any]) -> tuple[int, int]:
    """``(head, tail)``: the items both start with and, of the rest, both end with."""
    head = common_prefix(a, b)
    return head, common_suffix(a, b, min(len(a), len(b)) - head)
