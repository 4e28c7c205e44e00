"""Stress vault: very many tiny notes, written fast, then indexed cold and warm.

    python bench/stress_vault.py --tiny 1000000 [--workdir /tmp/notedesk-stress] [--seed 1]
    python bench/stress_vault.py --tiny 200000 --keep      # reuse the vault next time

Prints the time to write the vault, then for a cold index (empty cache) and a
warm one (cache filled by the cold run): wall time, peak RSS of the indexing
process and of its parse workers, and bytes of peak RSS per note. Each index
run is a fresh process, so its peak RSS is its own.

Tiny notes are one to three lines: a heading, a link to an earlier note (some
unresolved), a tag out of a few hundred, now and then a task. They sit 1,000
to a folder, as sync tools and importers leave them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PER_FOLDER = 1000


def tiny_note(i: int, rng: random.Random) -> bytes:
    parts = [f"# Note {i}\n"]
    if i and rng.random() < 0.8:
        target = rng.randrange(i) if rng.random() < 0.95 else i + 10**9  # 5% unresolved
        parts.append(f"See [[n{target}]] #t{rng.randrange(300)}\n")
    if rng.random() < 0.1:
        parts.append("- [ ] task\n")
    return "".join(parts).encode()


def generate_tiny(root: Path, count: int, seed: int = 1) -> float:
    """Write ``count`` tiny notes under ``root`` (1,000 a folder); returns seconds taken."""
    rng = random.Random(seed)
    start = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    folder = root
    for i in range(count):
        if i % PER_FOLDER == 0:
            folder = root / f"f{i // PER_FOLDER:04d}"
            folder.mkdir(exist_ok=True)
        # os.open/os.write: a third cheaper than open() for files this small
        fd = os.open(folder / f"n{i}.md", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, tiny_note(i, rng))
        finally:
            os.close(fd)
    return time.perf_counter() - start


def index_once(root: str, cache: str, workers: int | None) -> dict[str, float]:
    """Child side: build the index once and report time and peak RSS (MB)."""
    from notedesk.core.index import VaultIndex
    from notedesk.core.store import IndexStore
    from notedesk.core.vault import Vault

    vault = Vault(root)
    start = time.perf_counter()
    store = IndexStore(vault.root, Path(cache))
    index = VaultIndex(vault, store, workers=workers)
    index.build()
    built = time.perf_counter() - start
    start = time.perf_counter()
    tags = len(index.tags())
    unresolved = len(index.unresolved())
    queries = time.perf_counter() - start
    store.close()
    return {
        "notes": len(index),
        "seconds": built,
        "query_seconds": queries,
        "tags": tags,
        "unresolved": unresolved,
        "rss_mb": _peak_rss_mb(),
        "workers_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM).

    ru_maxrss is no good here: on Linux it keeps the parent's peak across exec, so a
    run started from a big process (a test runner) would report the runner's memory.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_index(root: Path, cache: Path, workers: int | None) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--index-only", str(root), "--cache", str(cache)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"index run failed:\n{proc.stderr[-3000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tiny", type=int, default=100_000, help="number of tiny notes")
    parser.add_argument("--workdir", default="/tmp/notedesk-stress")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None, help="parse processes (default: CPUs)")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the vault")
    parser.add_argument("--index-only", metavar="VAULT", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.index_only:
        print(json.dumps(index_once(args.index_only, args.cache, args.workers)))
        return 0

    work = Path(args.workdir)
    root = work / f"tiny-{args.tiny}-s{args.seed}"
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    if root.exists() and args.keep:
        print(f"vault       {root} (reused)")
    else:
        shutil.rmtree(root, ignore_errors=True)
        seconds = generate_tiny(root, args.tiny, args.seed)
        rate = args.tiny / seconds
        print(f"write       {args.tiny:,} tiny notes in {seconds:.1f} s ({rate:,.0f} notes/s)")
    print(f"cpus        {os.cpu_count()}  workers {args.workers or os.cpu_count()}")
    for run in ("cold", "warm"):
        r = run_index(root, cache, args.workers)
        per_note = r["rss_mb"] * 1024 * 1024 / max(r["notes"], 1)
        # forkserver workers are not our children: their RSS cannot be read here
        workers = f"{r['workers_rss_mb']:,.0f} MB" if r["workers_rss_mb"] else "not measured"
        print(
            f"{run:<11} {r['notes']:,.0f} notes in {r['seconds']:.1f} s  "
            f"peak RSS {r['rss_mb']:,.0f} MB ({per_note:,.0f} B/note), "
            f"workers {workers}; tags {r['tags']:,.0f}, "
            f"unresolved {r['unresolved']:,.0f} in {r['query_seconds']:.2f} s"
        )
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
