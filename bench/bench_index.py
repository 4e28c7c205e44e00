"""Index benchmarks: cold/warm index, one-file update, search latency, peak RSS, read floor.

    python bench/bench_index.py [--sizes 1000,10000,50000] [--workdir /tmp/notedesk-bench]

Each size runs in its own process so peak RSS is that of one indexing process
(the pool workers of a cold index are separate processes and not included).
CPU figures come from a cold index in one process (``workers=1``): "all threads"
is what the work costs, "main thread" the parsing and linking a second core
cannot take over (the store's writer thread runs beside it).
Vaults are generated once per size and seed (bench/vaultgen.py) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def query_mix(seed: int) -> list[str]:
    """Queries over words of every frequency in the generated vocabulary, and each operator."""
    from vaultgen import _Gen

    vocab = _Gen(1, seed).vocab
    common, mid, rare, rarer = vocab[0], "coffee", vocab[400], vocab[2500]
    return [
        common,
        mid,
        rare,
        rarer,
        f"{mid} {rare}",
        f'"{common} {vocab[1]}"',
        f"{rare} OR {rarer}",
        f"{mid} -{common}",
        "tag:inbox",
        f"tag:status/done {mid}",
        "path:recipe",
        "file:garden",
        f"line:({mid} {vocab[5]})",
        f"section:({rare} {mid})",
        f"task-todo:{mid}",
        "[status:draft]",
        "/gar+lic/",
        "café",
        "nonexistentword",
    ]


def _child(notes: int, workdir: Path, seed: int) -> dict[str, float]:
    import resource

    from notedesk.core.events import FileEvent
    from notedesk.core.index import VaultIndex
    from notedesk.core.search import SearchEngine
    from notedesk.core.store import IndexStore
    from notedesk.core.vault import Vault

    root = workdir / f"vault-{notes}-{seed}"
    cache = workdir / f"cache-{notes}-{seed}"
    shutil.rmtree(cache, ignore_errors=True)
    vault = Vault(root)
    out: dict[str, float] = {}

    start = time.perf_counter()
    files = list(vault.iter_files())
    total = 0
    for vf in files:
        with open(root / vf.path, "rb") as handle:
            total += len(handle.read())
    out["floor_s"] = time.perf_counter() - start
    out["mb"] = total / 1e6

    start = time.perf_counter()
    cpu = time.process_time()
    index = VaultIndex(vault, IndexStore(root, cache))
    index.build()
    out["cold_s"] = time.perf_counter() - start
    out["cold_cpu_main_s"] = time.process_time() - cpu

    # The same cold index in one process: its CPU time is what the work costs,
    # whatever else the machine is running.
    del index  # peak RSS should be that of one index, not of two alive at once
    serial_cache = workdir / f"cache-{notes}-{seed}-serial"
    shutil.rmtree(serial_cache, ignore_errors=True)
    cpu = time.process_time()
    main_cpu = time.thread_time()
    start = time.perf_counter()
    VaultIndex(vault, IndexStore(root, serial_cache), workers=1).build()
    out["cold_1proc_s"] = time.perf_counter() - start
    out["cold_cpu_1core_s"] = time.process_time() - cpu
    out["cold_cpu_main_thread_s"] = time.thread_time() - main_cpu
    shutil.rmtree(serial_cache, ignore_errors=True)

    start = time.perf_counter()
    cpu = time.process_time()
    store = IndexStore(root, cache)
    index = VaultIndex(vault, store)
    index.build()
    out["warm_s"] = time.perf_counter() - start
    out["warm_cpu_s"] = time.process_time() - cpu

    paths = index.notes()[:: max(1, len(index.notes()) // 25)][:25]
    timings = []
    cpu_timings = []
    for i, path in enumerate(paths):
        full = root / path
        text = full.read_text(encoding="utf-8")
        full.write_text(text + f"\nEdited [[{paths[(i + 1) % len(paths)][:-3]}]] #bench\n", "utf-8")
        start = time.perf_counter()
        cpu = time.process_time()
        index.apply(FileEvent("modified", path))
        timings.append(time.perf_counter() - start)
        cpu_timings.append(time.process_time() - cpu)
        full.write_text(text, encoding="utf-8")
        index.apply(FileEvent("modified", path))
    out["update_ms"] = statistics.median(timings) * 1000
    out["update_cpu_ms"] = statistics.median(cpu_timings) * 1000

    engine = SearchEngine(index, store)
    latencies = []
    cpu_latencies = []
    for _round in range(3):
        for query in query_mix(seed):
            start = time.perf_counter()
            cpu = time.process_time()
            engine.search(query, limit=50)
            latencies.append(time.perf_counter() - start)
            cpu_latencies.append(time.process_time() - cpu)
    for name, values in (("search", latencies), ("search_cpu", cpu_latencies)):
        values.sort()
        out[f"{name}_p50_ms"] = values[len(values) // 2] * 1000
        out[f"{name}_p95_ms"] = values[int(len(values) * 0.95) - 1] * 1000
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["load"] = os.getloadavg()[0]
    return out


def _report(rows: list[tuple[int, dict[str, float]]]) -> None:
    py = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {py}")
    print("wall clock (load = load average: other processes competing for the cores):")
    print(
        "| notes | MB | floor | cold | cold, 1 process | warm | 1-file update"
        " | search p50 | p95 | RSS | load |"
    )
    print("|---" * 11 + "|")
    for n, r in rows:
        cells = [
            f"{n:,}",
            f"{r['mb']:.1f}",
            f"{r['floor_s']:.2f} s",
            f"{r['cold_s']:.2f} s",
            f"{r['cold_1proc_s']:.2f} s",
            f"{r['warm_s']:.2f} s",
            f"{r['update_ms']:.1f} ms",
            f"{r['search_p50_ms']:.1f} ms",
            f"{r['search_p95_ms']:.1f} ms",
            f"{r['rss_mb']:.0f} MB",
            f"{r['load']:.1f}",
        ]
        print("| " + " | ".join(cells) + " |")
    print("CPU time of the indexing process (independent of machine load):")
    print(
        "| notes | cold, all threads | cold, main thread | warm | 1-file update"
        " | search p50 | p95 |"
    )
    print("|---" * 7 + "|")
    for n, r in rows:
        cells = [
            f"{n:,}",
            f"{r['cold_cpu_1core_s']:.2f} s",
            f"{r['cold_cpu_main_thread_s']:.2f} s",
            f"{r['warm_cpu_s']:.2f} s",
            f"{r['update_cpu_ms']:.1f} ms",
            f"{r['search_cpu_p50_ms']:.1f} ms",
            f"{r['search_cpu_p95_ms']:.1f} ms",
        ]
        print("| " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--workdir", default="/tmp/notedesk-bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = Path(args.workdir)
    if args.child:
        print(json.dumps(_child(args.child, workdir, args.seed)))
        return 0
    from vaultgen import generate_vault

    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows = []
    for n in sizes:
        root = workdir / f"vault-{n}-{args.seed}"
        if not root.exists():
            print(f"generating {n} notes ...", file=sys.stderr)
            generate_vault(root, n, args.seed)
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(n),
                "--workdir",
                str(workdir),
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append((n, json.loads(result.stdout.strip().splitlines()[-1])))
    _report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
