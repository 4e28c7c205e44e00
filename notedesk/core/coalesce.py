"""Coalescing a burst of raw file events into the few events that matter.

The result, applied in order to the state before the burst, gives the state
after it. Consumers must treat events as idempotent:

* ``moved`` replaces whatever was at ``dest``; a folder move renames
  everything below it (no per-child moves are reported).
* ``deleted`` of a folder drops everything below it; deleting an unknown
  path is a no-op.
* ``created`` of a folder means "scan it"; ``created`` of a known file is an
  upsert (an editor's atomic save shows up as a create over the old file).
* Order: moves, then deletes, then creates (parents first), then modifies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from notedesk.core.events import FileEvent


@dataclass
class _Node:
    """A path touched in this burst: where its content was before (None: new)."""

    src: str | None
    is_dir: bool
    modified: bool = False


def _ancestors(path: str) -> Iterable[str]:
    pos = path.rfind("/")
    while pos > 0:
        path = path[:pos]
        yield path
        pos = path.rfind("/")


def _under(path: str, folder: str) -> bool:
    return path.startswith(folder + "/")


class Coalescer:
    """Folds raw events in arrival order; :meth:`result` gives the net events."""

    def __init__(self) -> None:
        self._cur: dict[str, _Node] = {}
        self._gone: dict[str, bool] = {}
        # Move targets nobody reported before: they may or may not have existed.
        self._maybe: set[str] = set()

    def __len__(self) -> int:
        return len(self._cur) + len(self._gone)

    def add(self, ev: FileEvent) -> None:
        if ev.kind == "created":
            node = self._cur.get(ev.path)
            if node is None:
                self._cur[ev.path] = _Node(None, ev.is_dir)
            elif node.src is not None:
                node.modified = True
        elif ev.kind == "modified":
            if ev.is_dir:
                return  # a folder's listing changing says nothing its children don't
            node = self._cur.get(ev.path)
            if node is None:
                self._cur[ev.path] = _Node(self._origin(ev.path), False, modified=True)
            else:
                node.modified = True
        elif ev.kind == "deleted":
            self._destroy(ev.path, ev.is_dir)
        elif ev.kind == "moved" and ev.dest is not None and ev.dest != ev.path:
            self._move(ev.path, ev.dest, ev.is_dir)

    def _origin(self, path: str) -> str | None:
        """Where an untouched path's content was before the burst, via moved/new folders."""
        for anc in _ancestors(path):
            node = self._cur.get(anc)
            if node is not None:
                return None if node.src is None else node.src + path[len(anc) :]
        return path

    def _destroy(self, path: str, is_dir: bool, *, certain: bool = True) -> None:
        node = self._cur.pop(path, None)
        if node is None:
            origin = self._origin(path)
            if certain:
                self._maybe.discard(origin or "")
                if origin is not None:
                    self._gone[origin] = is_dir
            elif origin is not None and origin not in self._gone:
                self._maybe.add(origin)
                self._gone[origin] = is_dir
        else:
            is_dir = is_dir or node.is_dir
            if node.src is not None:
                self._gone[node.src] = node.is_dir
        if is_dir:
            for key in [k for k in self._cur if _under(k, path)]:
                child = self._cur.pop(key)
                if child.src is not None:
                    self._gone[child.src] = child.is_dir

    def _move(self, src: str, dest: str, is_dir: bool) -> None:
        node = self._cur.pop(src, None)
        if node is None:
            node = _Node(self._origin(src), is_dir)
        children = {k: self._cur.pop(k) for k in [k for k in self._cur if _under(k, src)]}
        self._destroy(dest, is_dir, certain=False)  # a rename replaces its target
        self._cur[dest] = node
        for key, child in children.items():
            self._cur[dest + key[len(src) :]] = child

    # -- result --------------------------------------------------------------

    def result(self) -> list[FileEvent]:
        cur = {path: _Node(n.src, n.is_dir, n.modified) for path, n in self._cur.items()}
        gone = dict(self._gone)
        maybe = set(self._maybe)
        moves = _untangle(cur, gone, maybe, self._moves(cur))
        by_src = {src: dest for src, dest in moves if cur[dest].is_dir}

        out: list[FileEvent] = [
            FileEvent("moved", src, dest, cur[dest].is_dir) for src, dest in moves
        ]
        replaced = {dest for _src, dest in moves}
        deletes: dict[str, bool] = {}
        for before, is_dir in gone.items():
            path = _translate(before, by_src)
            if path == before and any(p in replaced for p in (path, *_ancestors(path))):
                continue  # the move onto it (or onto its folder) replaced it
            node = cur.get(path)
            if node is not None and node.src is not None:
                continue  # the move onto it replaced it
            if node is not None and not node.is_dir and not is_dir:
                if before not in maybe:  # else its creation already says "look at this path"
                    node.src, node.modified = path, True  # deleted and written again
                continue
            deletes[path] = is_dir
        for path in sorted(deletes):
            if not any(deletes.get(anc) for anc in _ancestors(path)):
                out.append(FileEvent("deleted", path, None, deletes[path]))
        created = sorted((n.is_dir is False, p) for p, n in cur.items() if n.src is None)
        out.extend(FileEvent("created", p, None, not is_file) for is_file, p in created)
        out.extend(
            FileEvent("modified", p)
            for p, n in sorted(cur.items())
            if n.src is not None and n.modified and not n.is_dir
        )
        return out

    @staticmethod
    def _moves(cur: dict[str, _Node]) -> list[tuple[str, str]]:
        """Moves not already implied by a moved parent folder."""
        moves = []
        for path, node in cur.items():
            if node.src is None:
                continue
            implied = path
            for anc in _ancestors(path):
                parent = cur.get(anc)
                if parent is not None:
                    implied = "" if parent.src is None else parent.src + path[len(anc) :]
                    break
            if node.src != implied:
                moves.append((node.src, path))
        return moves


def _untangle(
    cur: dict[str, _Node],
    gone: dict[str, bool],
    maybe: set[str],
    moves: list[tuple[str, str]],
) -> list[tuple[str, str]]:
    """Keep moves that can be applied one by one; others become delete + create.

    Moves touching each other's paths (swaps, chains, a file moved out of a
    folder that itself moved) have no safe order, but "delete the old path,
    scan the new one" always works.
    """
    while True:
        every, every_below = Counter[str](), Counter[str]()
        sources, sources_below = Counter[str](), Counter[str]()
        for src, dest in moves:
            for end, counts, below in ((src, sources, sources_below), (dest, every, every_below)):
                counts[end] += 1
                below.update(_ancestors(end))
        every.update(sources)
        every_below.update(sources_below)
        # Nested destinations are fine (parents go first); anything else touching
        # a source would need its own order.
        bad = [
            (src, dest)
            for src, dest in moves
            if every[src] > 1
            or every_below[src] > 0
            or any(a in every for a in _ancestors(src))
            or sources[dest] > 0
            or sources_below[dest] > 0
            or any(a in sources for a in _ancestors(dest))
        ]
        if not bad:
            return sorted(moves, key=lambda m: m[1])
        for src, dest in bad:
            gone[src] = cur[dest].is_dir
            maybe.discard(src)
            cur[dest].src = None
        moves = Coalescer._moves(cur)


def _translate(before: str, by_src: dict[str, str]) -> str:
    """A pre-burst path as it reads after the (independent) folder moves."""
    for anc in _ancestors(before):
        dest = by_src.get(anc)
        if dest is not None:
            return dest + before[len(anc) :]
    return before


def coalesce(events: Iterable[FileEvent], *, polled: bool = False) -> list[FileEvent]:
    """The net effect of ``events`` (in arrival order) as few events as possible.

    ``polled``: the events come from comparing two listings (polling), which reports
    a folder's moved children before the folder's own move; inotify reports them
    after it, so there a child's move before its folder's is a move of its own.
    """
    evs = list(events)
    folder_moves = {
        e.path: (i, e.dest) for i, e in enumerate(evs) if e.kind == "moved" and e.is_dir and e.dest
    }
    c = Coalescer()
    for i, ev in enumerate(evs):
        if ev.kind == "moved" and folder_moves and _restates(i, ev, folder_moves, polled):
            continue
        c.add(ev)
    return c.result()


def _restates(
    i: int, ev: FileEvent, folder_moves: dict[str, tuple[int, str]], polled: bool
) -> bool:
    """Whether move ``ev`` (the ``i``-th event) only restates a folder move of the burst."""
    for anc in _ancestors(ev.path):
        hit = folder_moves.get(anc)
        if hit is not None and ev.dest == hit[1] + ev.path[len(anc) :]:
            return polled or i > hit[0]
    return False
