"""Natural sort keys: "Note 2" before "Note 10", case-insensitive."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    parts = _DIGITS.split(name.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def natural_sort_string(name: str) -> str:
    """The natural key as one string (digit runs zero-padded), for places that store plain values.

    Qt item data holds it as a QString; a nested tuple stored there has proven unsafe.
    """
    return _DIGITS.sub(lambda m: m.group(1).rjust(20, "0"), name.casefold())
