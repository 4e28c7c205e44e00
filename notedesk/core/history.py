"""Back/forward navigation history, like a browser's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class History:
    """Visited locations; visiting after going back drops the forward part."""

    limit: int = 200
    _items: list[str] = field(default_factory=list)
    _pos: int = -1
    # Where the cursor was in each location left (offset), the one left longest ago first.
    _marks: dict[str, int] = field(default_factory=dict)

    def visit(self, location: str) -> None:
        if 0 <= self._pos < len(self._items) and self._items[self._pos] == location:
            return
        del self._items[self._pos + 1 :]
        self._items.append(location)
        if len(self._items) > self.limit:
            del self._items[: len(self._items) - self.limit]
        self._pos = len(self._items) - 1

    def can_go_back(self) -> bool:
        return self._pos > 0

    def can_go_forward(self) -> bool:
        return self._pos < len(self._items) - 1

    def back(self) -> str | None:
        if not self.can_go_back():
            return None
        self._pos -= 1
        return self._items[self._pos]

    def forward(self) -> str | None:
        if not self.can_go_forward():
            return None
        self._pos += 1
        return self._items[self._pos]

    def step(self, delta: int, usable: Callable[[str], bool]) -> str | None:
        """Go ``delta`` (-1 back, 1 forward) to the nearest location that is ``usable``;
        those passed on the way (deleted notes) are forgotten. None: there is none."""
        while 0 <= self._pos + delta < len(self._items):
            location = self._items[self._pos + delta]
            if usable(location):
                self._pos += delta
                return location
            self.forget(location)
        return None

    def rename(self, old: str, new: str) -> None:
        """Keep history pointing at a note that moved."""
        self._items = [new if item == old else item for item in self._items]
        if old in self._marks:  # keeping its place in the order notes were left
            self._marks = {new if k == old else k: v for k, v in self._marks.items()}

    def leave(self, location: str, offset: int) -> None:
        """The cursor was at ``offset`` in ``location`` when it was left (Back returns there)."""
        self._marks.pop(location, None)
        self._marks[location] = offset
        if len(self._marks) > self.limit:
            del self._marks[next(iter(self._marks))]

    def mark(self, location: str) -> int | None:
        """Where the cursor was when ``location`` was last left, if known."""
        return self._marks.get(location)

    def forget(self, location: str) -> None:
        """Drop a location that no longer exists, keeping the current position sensible."""
        self._marks.pop(location, None)
        items: list[str] = []
        pos = -1
        for i, item in enumerate(self._items):
            # Its visits go, and the same note twice in a row (around it) is one entry.
            if item != location and (not items or items[-1] != item):
                items.append(item)
            if i <= self._pos:
                pos = len(items) - 1
        self._items = items
        self._pos = max(pos, 0) if items else -1

    def forget_under(self, path: str) -> None:
        """Drop ``path`` and, for a folder, every location in it (they were deleted)."""
        prefix = path.rstrip("/") + "/"
        for location in dict.fromkeys(self._items + list(self._marks)):
            if location == path or location.startswith(prefix):
                self.forget(location)

    def items(self) -> list[str]:
        """Every visited location, oldest first."""
        return list(self._items)

    @property
    def current(self) -> str | None:
        return self._items[self._pos] if 0 <= self._pos < len(self._items) else None
