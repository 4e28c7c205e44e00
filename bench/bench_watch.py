"""Watcher benchmark: external edit -> batch latency, and 1,000-file bursts.

Core only (no Qt): the time from an external write until ``on_batch`` hands
over the event, on the watcher's thread. Run:

    .venv/bin/python bench/bench_watch.py [--edits 200] [--polling]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from notedesk.core.coalesce import coalesce
from notedesk.core.events import FileEvent
from notedesk.core.watch import VaultWatcher


class Clock:
    """Collects when each path was last reported, and how long batches took to handle."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.seen: dict[str, float] = {}
        self.batches = 0
        self.handle_times: list[float] = []

    def __call__(self, batch: list[FileEvent]) -> None:
        now = time.perf_counter()
        with self.cond:
            self.batches += 1
            for ev in batch:
                self.seen[ev.dest or ev.path] = now
            self.cond.notify_all()

    def wait_for(self, paths: set[str], timeout: float = 10.0) -> float:
        deadline = time.perf_counter() + timeout
        with self.cond:
            while not paths <= self.seen.keys():
                left = deadline - time.perf_counter()
                if left <= 0:
                    missing = len(paths - self.seen.keys())
                    raise TimeoutError(f"{missing} paths not reported")
                self.cond.wait(left)
            return max(self.seen[p] for p in paths)

    def reset(self) -> None:
        with self.cond:
            self.seen.clear()
            self.batches = 0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def make_vault(root: Path, notes: int) -> None:
    for i in range(notes):
        folder = root / f"area{i % 20:02}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note{i:05}.md").write_text(f"# Note {i}\n\nbody\n", encoding="utf-8")


def bench_latency(root: Path, clock: Clock, edits: int) -> list[float]:
    latencies = []
    rng = random.Random(8)
    for n in range(edits):
        i = rng.randrange(1000)
        rel = f"area{i % 20:02}/note{i:05}.md"
        path = root / rel
        clock.reset()
        text = f"# Note {i}\n\nedit {n}\n"
        start = time.perf_counter()
        if n % 2:
            path.write_text(text, encoding="utf-8")  # in place, like many editors
        else:
            tmp = path.with_name(f".{path.name}.bench.tmp")  # atomic, like the rest
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        done = clock.wait_for({rel})
        latencies.append((done - start) * 1000)
    return latencies


def bench_burst(root: Path, clock: Clock, kind: str) -> tuple[float, float, int]:
    clock.reset()
    expected: set[str] = set()
    start = time.perf_counter()
    for i in range(1000):
        folder = f"burst/part{i % 10}"
        rel = f"{folder}/file{i:04}.md"
        path = root / rel
        if kind == "create":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"created {i}\n", encoding="utf-8")
        elif kind == "modify":
            path.write_text(f"modified {i}\n" * 2, encoding="utf-8")
        else:
            path.unlink()
        expected.add(rel)
    if kind == "delete":
        for part in range(10):
            (root / f"burst/part{part}").rmdir()
        expected = {f"burst/part{p}" for p in range(10)}
    written = time.perf_counter()
    done = clock.wait_for(expected)
    return (written - start) * 1000, (done - start) * 1000, clock.batches


def bench_coalesce() -> float:
    raw = [FileEvent("created", f"d{i % 10}/f{i}.md") for i in range(1000)]
    raw += [FileEvent("modified", f"d{i % 10}/f{i}.md") for i in range(1000)]
    start = time.perf_counter()
    coalesce(raw)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--polling", action="store_true", help="measure the polling fallback")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="notedesk-bench-") as tmp:
        root = Path(tmp) / "vault"
        make_vault(root, 1000)
        clock = Clock()
        watcher = VaultWatcher(root, clock, force_polling=args.polling, polling_interval=0.25)
        watcher.start()
        try:
            print(f"mode: {watcher.mode}  vault: 1000 notes in 20 folders")
            lat = bench_latency(root, clock, args.edits)
            print(
                f"external edit -> batch latency over {len(lat)} edits: "
                f"p50 {statistics.median(lat):.1f} ms, p95 {pct(lat, 95):.1f} ms, "
                f"max {max(lat):.1f} ms"
            )
            for kind in ("create", "modify", "delete"):
                wrote, ms, batches = bench_burst(root, clock, kind)
                print(
                    f"1,000-file burst ({kind}): all events delivered {ms:.0f} ms after the "
                    f"first write (writing took {wrote:.0f} ms), {batches} batch(es)"
                )
        finally:
            watcher.stop()
    print(f"coalescing 2,000 raw events: {bench_coalesce():.1f} ms")


if __name__ == "__main__":
    main()
