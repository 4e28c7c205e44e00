"""Coalescing: the net events, applied to the state before a burst, give the state after it."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from notedesk.core.coalesce import coalesce
from notedesk.core.events import FileEvent


def ev(kind: str, path: str, dest: str | None = None, is_dir: bool = False) -> FileEvent:
    return FileEvent(kind, path, dest, is_dir)  # type: ignore[arg-type]


def test_create_then_modify_is_one_create() -> None:
    assert coalesce([ev("created", "a.md"), ev("modified", "a.md")]) == [ev("created", "a.md")]


def test_create_then_delete_vanishes() -> None:
    assert coalesce([ev("created", "a.md"), ev("modified", "a.md"), ev("deleted", "a.md")]) == []


def test_delete_then_recreate_is_a_modify() -> None:
    assert coalesce([ev("deleted", "a.md"), ev("created", "a.md")]) == [ev("modified", "a.md")]


def test_folder_move_hides_child_moves_in_either_order() -> None:
    inotify = [ev("moved", "d", "e", True), ev("moved", "d/x.md", "e/x.md")]
    polling = [ev("moved", "d/x.md", "e/x.md"), ev("moved", "d", "e", True)]
    assert coalesce(inotify) == coalesce(polling, polled=True) == [ev("moved", "d", "e", True)]


def test_move_chain_collapses_and_move_back_cancels() -> None:
    assert coalesce([ev("moved", "a", "b"), ev("moved", "b", "c")])[0] == ev("moved", "a", "c")
    assert [
        e for e in coalesce([ev("moved", "a", "b"), ev("moved", "b", "a")]) if e.kind != "deleted"
    ] == []


def test_backup_style_save_is_a_modify() -> None:
    # vim: rename to backup, write a new file, delete the backup
    raw = [
        ev("moved", "n.md", "n.md~"),
        ev("created", "n.md"),
        ev("modified", "n.md"),
        ev("deleted", "n.md~"),
    ]
    assert [e for e in coalesce(raw) if e.path == "n.md"] == [ev("modified", "n.md")]


def test_deleted_folder_covers_its_children() -> None:
    raw = [ev("deleted", "d/a.md"), ev("deleted", "d/s/b.md"), ev("deleted", "d/s", None, True)]
    raw.append(ev("deleted", "d", None, True))
    assert coalesce(raw) == [ev("deleted", "d", None, True)]


def test_order_moves_deletes_creates_modifies() -> None:
    raw = [
        ev("modified", "m.md"),
        ev("created", "c.md"),
        ev("deleted", "x.md"),
        ev("moved", "a", "b"),
    ]
    assert [e.kind for e in coalesce(raw)] == ["moved", "deleted", "created", "modified"]


# -- model check ---------------------------------------------------------------

NAMES = ["a", "b", "c"]


@dataclass
class Fs:
    """A tiny file system: folders and files with a content version."""

    dirs: set[str] = field(default_factory=set)
    files: dict[str, int] = field(default_factory=dict)
    version: int = 0

    def exists(self, p: str) -> bool:
        return p in self.dirs or p in self.files

    def parent_ok(self, p: str) -> bool:
        head = p.rpartition("/")[0]
        return head == "" or head in self.dirs

    def below(self, p: str) -> list[str]:
        return [q for q in [*self.dirs, *self.files] if q.startswith(p + "/")]


def apply_op(fs: Fs, op: tuple[str, str, str]) -> list[FileEvent]:
    """Perform one operation; return the raw events inotify would report."""
    kind, p, q = op
    if kind == "write":
        if p in fs.dirs or not fs.parent_ok(p):
            return []
        fs.version += 1
        new = p not in fs.files
        fs.files[p] = fs.version
        return [ev("created", p), ev("modified", p)] if new else [ev("modified", p)]
    if kind == "mkdir":
        if fs.exists(p) or not fs.parent_ok(p):
            return []
        fs.dirs.add(p)
        return [ev("created", p, None, True)]
    if kind == "rm":
        if p in fs.files:
            del fs.files[p]
            return [ev("deleted", p)]
        if p in fs.dirs:
            out = []
            for q2 in sorted(fs.below(p), key=lambda s: -s.count("/")):
                is_dir = q2 in fs.dirs
                fs.dirs.discard(q2)
                fs.files.pop(q2, None)
                out.append(ev("deleted", q2, None, is_dir))
            fs.dirs.discard(p)
            return [*out, ev("deleted", p, None, True)]
        return []
    if kind == "mv":
        if not fs.exists(p) or p == q or q.startswith(p + "/") or not fs.parent_ok(q):
            return []
        if p in fs.files:
            if q in fs.dirs:
                return []
            fs.files[q] = fs.files.pop(p)
            return [ev("moved", p, q)]
        if fs.exists(q):
            return []
        moved = fs.below(p)
        fs.dirs.discard(p)
        fs.dirs.add(q)
        for old in moved:
            new = q + old[len(p) :]
            if old in fs.dirs:
                fs.dirs.discard(old)
                fs.dirs.add(new)
            else:
                fs.files[new] = fs.files.pop(old)
        out = [ev("moved", p, q, True)]
        # inotify adds synthetic child moves after the folder's own
        out += [ev("moved", old, q + old[len(p) :], old in fs.dirs) for old in sorted(moved)]
        return out
    raise AssertionError(kind)


def consume(before: Fs, after: Fs, events: list[FileEvent]) -> dict[str, int]:
    """What an index following the contract in coalesce.py ends up with."""
    known = dict(before.files)

    def drop(p: str) -> None:
        for k in [k for k in known if k == p or k.startswith(p + "/")]:
            del known[k]

    for e in events:
        if e.kind == "moved":
            assert e.dest is not None
            drop(e.dest)
            for k in [k for k in known if k == e.path or k.startswith(e.path + "/")]:
                known[e.dest + k[len(e.path) :]] = known.pop(k)
        elif e.kind == "deleted":
            drop(e.path)
        elif e.is_dir:
            for k, v in after.files.items():
                if k.startswith(e.path + "/"):
                    known[k] = v
        else:
            assert e.path in after.files, f"{e} for a file that does not exist"
            known[e.path] = after.files[e.path]
    return known


paths = st.builds(
    lambda parts: "/".join(parts), st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)
)
KINDS = ["write", "mkdir", "rm", "mv"]


def draw_ops(data: st.DataObject, fs: Fs, count: int) -> list[FileEvent]:
    """Run ``count`` operations, mostly on paths that exist, so they take effect."""
    raw: list[FileEvent] = []
    for _ in range(count):
        existing = sorted([*fs.dirs, *fs.files])
        pick = st.sampled_from(existing) if existing else paths
        src = data.draw(st.one_of(pick, paths))
        kind = data.draw(st.sampled_from(KINDS))
        dest = data.draw(paths)
        if kind == "mv" and fs.dirs and data.draw(st.booleans()):
            dest = (
                data.draw(st.sampled_from(sorted(fs.dirs)))
                + "/"
                + data.draw(st.sampled_from(NAMES))
            )
        raw += apply_op(fs, (kind, src, dest))
    return raw


@settings(max_examples=1500, deadline=None)
@given(data=st.data())
def test_coalesced_events_reproduce_the_final_state(data: st.DataObject) -> None:
    fs = Fs({"a", "a/b", "c"}, {"a/a": 1, "a/b/c": 2, "c/a": 3, "b": 4, "a/c": 5}, 5)
    draw_ops(data, fs, data.draw(st.integers(0, 6)))
    before = Fs(set(fs.dirs), dict(fs.files), fs.version)
    raw = draw_ops(data, fs, data.draw(st.integers(1, 12)))
    events = coalesce(raw)
    assert consume(before, fs, events) == fs.files
    assert len(events) <= 2 * len(raw)  # an untangled move becomes delete + create


TREE = {"a": None, "a/x": 1, "a/y": 2, "b": 3, "c": None, "c/z": 4}


def check_ops(*ops: tuple[str, str, str]) -> list[FileEvent]:
    fs = Fs({p for p, v in TREE.items() if v is None}, {p: v for p, v in TREE.items() if v}, 9)
    before = Fs(set(fs.dirs), dict(fs.files), fs.version)
    raw: list[FileEvent] = []
    for op in ops:
        produced = apply_op(fs, op)
        assert produced, f"{op} had no effect"
        raw += produced
    events = coalesce(raw)
    assert consume(before, fs, events) == fs.files
    return events


def test_swap_through_a_temporary_name() -> None:
    check_ops(("mv", "a/x", "t"), ("mv", "a/y", "a/x"), ("mv", "t", "a/y"))


def test_file_moved_out_of_a_moved_folder() -> None:
    check_ops(("mv", "a", "d"), ("mv", "d/x", "x"))


def test_file_moved_into_a_moved_folder() -> None:
    events = check_ops(("mv", "a", "d"), ("mv", "b", "d/b"))
    assert events == [ev("moved", "a", "d", True), ev("moved", "b", "d/b")]


def test_folder_moved_into_another_moved_folder() -> None:
    check_ops(("mv", "a", "d"), ("mv", "c", "d/c"), ("write", "d/c/z", ""))


def test_folder_replaced_by_a_moved_folder() -> None:
    check_ops(("rm", "a", ""), ("mv", "c", "a"))


def test_file_moved_where_its_folder_goes_then_deleted_before_the_folder_moves() -> None:
    # a/x reaches c/x by its own move, is deleted with c, then a becomes c: the first
    # move only looks like a restatement of the folder's move (as polling reports them).
    events = check_ops(("mv", "a/x", "c/x"), ("rm", "c", ""), ("mv", "a", "c"))
    assert ev("moved", "a", "c", True) in events
