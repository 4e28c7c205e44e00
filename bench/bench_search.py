"""Search latency per query of the benchmark mix, on a generated vault.

    python bench/bench_search.py [--notes 10000] [--rounds 5] [--profile QUERY] [--queries Q]
    python bench/bench_search.py --count [--rounds 3] [--queries Q]
    QT_QPA_PLATFORM=offscreen python bench/bench_search.py --panel [--rounds 3]

Builds (or reuses) the index cache of bench/bench_index.py's vault, then runs
each query of ``query_mix`` several times and prints, per query, the median
wall and CPU time and the number of hits; then p50/p95 over the whole mix
(every round of every query, as bench_index.py counts them). ``--profile``
prints the cProfile of one query instead; ``--panel`` types queries into the
real search panel and times the end of the debounce to the results shown;
``--count`` times counting every match of each query (``SearchEngine.count``, what
the panel shows as its total after the first page) beside that first page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _engine(notes: int, seed: int, workdir: Path):  # type: ignore[no-untyped-def]
    from vaultgen import generate_vault

    from notedesk.core.index import VaultIndex
    from notedesk.core.search import SearchEngine
    from notedesk.core.store import IndexStore
    from notedesk.core.vault import Vault

    root = workdir / f"vault-{notes}-{seed}"
    if not root.exists():
        print(f"generating {notes} notes ...", file=sys.stderr)
        generate_vault(root, notes, seed)
    store = IndexStore(root, workdir / f"search-cache-{notes}-{seed}")
    index = VaultIndex(Vault(root), store)
    start = time.perf_counter()
    index.build()
    print(f"index ready in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return SearchEngine(index, store)


PANEL_QUERIES = [
    "coffee",
    "fjord kernel",
    '"coffee mountain"',
    "tomato OR garlic",
    "tag:inbox",
    "path:recipe",
    "parser -python",
    "line:(river forest)",
    "time",
    "café",
]


def bench_panel(engine: Any, rounds: int, keystroke_ms: int) -> None:
    """Type each query into the real SearchPanel, a key every ``keystroke_ms``; time from the
    end of the debounce to the results painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from notedesk.app.widgets.searchpanel import SearchPanel

    app = QApplication.instance() or QApplication([])
    engine_ms: list[float] = []

    engine_cpu: list[float] = []

    def search(query: str, limit: int, cancelled: Any = None, partial: Any = None) -> list[Any]:
        start, cpu = time.perf_counter(), time.thread_time()
        try:  # as notedesk/app/panels.py calls it
            return list(engine.search(query, limit, cancelled, partial))
        finally:
            engine_ms.append((time.perf_counter() - start) * 1000)
            engine_cpu.append((time.thread_time() - cpu) * 1000)

    panel = SearchPanel(search, count=engine.count)  # the total after the first page, too
    panel.resize(380, 860)
    panel.show()
    fired: list[float] = []
    finished: list[tuple[str, float]] = []
    panel._debounce.timeout.connect(lambda: fired.append(time.perf_counter()))
    panel.search_finished.connect(lambda q, _n: finished.append((q, time.perf_counter())))
    ui_cpu: list[float] = []  # UI thread CPU from the debounce to the results painted
    fired_cpu: list[float] = []
    panel._debounce.timeout.connect(lambda: fired_cpu.append(time.thread_time()))
    shown: list[float] = []
    results: list[float] = []
    searches = 0
    lost = 0
    worker_cpu: list[float] = []
    loop = QEventLoop()
    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.setInterval(20_000)
    timeout.timeout.connect(loop.quit)

    def type_query(query: str) -> bool:
        """Type ``query`` a key every ``keystroke_ms``; wait idly for its results painted."""
        state = {"typed": 0, "painted": 0.0}

        def key() -> None:
            panel.input.insert(query[state["typed"]])  # as typed (QTest mangles non-Latin-1)
            state["typed"] += 1
            if state["typed"] < len(query):
                QTimer.singleShot(keystroke_ms, key)

        def on_finished(q: str, _n: int) -> None:
            if q == query and state["typed"] == len(query):
                panel.tree.viewport().repaint()  # the paint the results posted, timed
                panel.summary.repaint()
                painted()

        def painted() -> None:
            state["painted"] = time.perf_counter()
            ui_cpu.append((time.thread_time() - fired_cpu[-1]) * 1000)
            loop.quit()

        panel.search_finished.connect(on_finished)
        QTimer.singleShot(0, key)
        timeout.start()
        loop.exec()
        timeout.stop()
        panel.search_finished.disconnect(on_finished)
        if not state["painted"]:
            return False
        shown.append((state["painted"] - fired[-1]) * 1000)
        return True

    for _round in range(rounds):
        for query in PANEL_QUERIES:
            panel.input.clear()
            app.processEvents()
            fired.clear()
            fired_cpu.clear()
            finished.clear()
            engine_ms.clear()
            engine_cpu.clear()
            if not type_query(query):
                print(
                    f"  no results for {query!r} after 20 s: {panel.input.text()!r} "
                    f"{panel._running} {panel._pending} {len(fired)} {finished}",
                    file=sys.stderr,
                )
                lost += 1
                continue
            searches += len(engine_ms)
            done = next(t for q, t in finished if q == query)
            results.append((done - fired[-1]) * 1000)
            worker_cpu.append(engine_cpu[-1])
    panel.close()
    print(f"search panel, typing a key every {keystroke_ms} ms, debounce 200 ms:")
    print(f"  {searches} searches run for {len(shown)} typed queries ({lost} lost)")
    print(f"  load average {os.getloadavg()[0]:.2f} (wall clock; CPU time of each thread below)")
    for label, values in (
        ("results built", results),
        ("results painted", shown),
        ("results painted, UI thread CPU", ui_cpu),
        ("search, worker thread CPU", worker_cpu),
    ):
        values.sort()
        p50 = values[len(values) // 2]
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        worst = values[-1]
        print(f"  debounce end -> {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms")


def bench_count(engine: Any, queries: list[str], rounds: int, limit: int) -> None:
    for query in queries:  # warm-up, as for the search times
        engine.search(query, limit=limit)
    print(f"load average {os.getloadavg()[0]:.2f}; {rounds} rounds; medians")
    print(f"| {'query':<30} | first {limit} ms | notes | lines | total ms | total cpu ms |")
    print(f"|{'-' * 32}|{'-' * (len(str(limit)) + 11)}|-------|-------|----------|--------------|")
    for query in queries:
        first: list[float] = []
        wall: list[float] = []
        cpu: list[float] = []
        total = None
        for _ in range(rounds):
            w = time.perf_counter()
            engine.search(query, limit=limit)
            first.append(time.perf_counter() - w)
            w, c = time.perf_counter(), time.process_time()
            total = engine.count(query)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        assert total is not None
        lines = "-" if total.lines is None else str(total.lines)
        print(
            f"| {query:<30} | {statistics.median(first) * 1000:{len(str(limit)) + 9}.1f} "
            f"| {total.notes:>5} | {lines:>5} | {statistics.median(wall) * 1000:8.1f} "
            f"| {statistics.median(cpu) * 1000:12.1f} |"
        )


def main() -> int:
    from bench_index import query_mix

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--workdir", default="/tmp/notedesk-bench")
    parser.add_argument("--profile", help="profile this query (cProfile, cumulative time)")
    parser.add_argument("--queries", help="queries to time instead of the mix, separated by ';;'")
    parser.add_argument("--panel", action="store_true", help="time the search panel instead")
    parser.add_argument("--count", action="store_true", help="time counting every match instead")
    parser.add_argument("--keystroke-ms", type=int, default=80)
    args = parser.parse_args()
    engine = _engine(args.notes, args.seed, Path(args.workdir))
    if args.panel:
        bench_panel(engine, args.rounds, args.keystroke_ms)
        return 0
    if args.profile:
        import cProfile
        import pstats

        engine.search(args.profile, limit=args.limit)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.rounds):
            engine.search(args.profile, limit=args.limit)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        return 0
    queries = args.queries.split(";;") if args.queries else query_mix(args.seed)
    if args.count:
        bench_count(engine, queries, args.rounds, args.limit)
        return 0
    for query in queries:  # warm-up: first decode of cached metadata, SQLite page cache
        engine.search(query, limit=args.limit)
    walls: list[float] = []
    cpus: list[float] = []
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds; limit {args.limit}")
    print(f"| {'query':<30} | hits | wall ms | cpu ms | candidates | texts |")
    print(f"|{'-' * 32}|------|---------|--------|------------|-------|")
    for query in queries:
        wall: list[float] = []
        cpu: list[float] = []
        hits = 0
        for _ in range(args.rounds):
            w, c = time.perf_counter(), time.process_time()
            hits = len(engine.search(query, limit=args.limit))
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        stats = getattr(engine, "last_stats", {})
        walls += wall
        cpus += cpu
        print(
            f"| {query:<30} | {hits:>4} | {statistics.median(wall) * 1000:7.1f} "
            f"| {statistics.median(cpu) * 1000:6.1f} "
            f"| {stats.get('candidates', 0):>10} | {stats.get('texts', 0):>5} |"
        )
    for name, values in (("wall", walls), ("cpu", cpus)):
        values.sort()
        p50 = values[len(values) // 2] * 1000
        p95 = values[int(len(values) * 0.95) - 1] * 1000
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
