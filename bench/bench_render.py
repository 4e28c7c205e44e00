"""Render benchmark: a typical 5 KB note, the sample vault, generated vaults, a 1 MB note.

Run: .venv/bin/python bench/bench_render.py [--notes N] [--seed S]
The generated vaults come from bench/vaultgen.py (realistic sizes, links, broken YAML).
Prints per-note p50/p95 (ms) and throughput (MB/s). Targets: 5 KB note <= 10 ms,
1 MB note <= 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from vaultgen import generate_vault

from notedesk.core.linkplaces import FolderLink, listed_folder_link
from notedesk.core.links import NameTable, resolve, split_fragment
from notedesk.core.render import PathHost, PreviewLinks, Renderer
from notedesk.core.vault import Vault
from notedesk.resources import resource

WORDS = (  # noqa: SIM905 - a sentence reads better than a 40-item list
    "the vault note link idea system design model data render preview quick brown fox "
    "jumps over lazy dog memory index search query tag folder markdown callout embed "
    "table list task code math graph design review meeting plan draft book chapter"
).split()


class DictHost:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.names = NameTable(sorted(files))

    def resolve_link(self, target: str, source: str) -> str | None:
        return resolve(split_fragment(target)[0], source, self.names)

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        return listed_folder_link(self.names, split_fragment(target)[0], source)

    def read_text(self, path: str) -> str | None:
        return self.files.get(path)


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    roll = rng.random()
    if roll < 0.25:
        words.insert(rng.randrange(len(words)), f"[[{rng.choice(names)}]]")
    elif roll < 0.35:
        words.insert(rng.randrange(len(words)), f"#{rng.choice(WORDS)}/{rng.choice(WORDS)}")
    elif roll < 0.45:
        words.insert(rng.randrange(len(words)), f"**{rng.choice(WORDS)}**")
    elif roll < 0.5:
        words.insert(rng.randrange(len(words)), f"`{rng.choice(WORDS)}()`")
    elif roll < 0.53:
        words.insert(rng.randrange(len(words)), "==highlight this==")
    elif roll < 0.55:
        words.insert(rng.randrange(len(words)), "$e^{i\\pi} + 1 = 0$")
    elif roll < 0.58:
        words.insert(rng.randrange(len(words)), "https://example.org/page")
    return " ".join(words).capitalize() + "."


def make_note(rng: random.Random, names: list[str], size: int) -> str:
    parts = ["---\ntags: [generated, bench]\ncreated: 2026-11-28\n---\n"]
    total = 0
    while total < size:
        kind = rng.random()
        if kind < 0.12:
            block = f"## {rng.choice(WORDS).title()} {rng.choice(WORDS)}\n"
        elif kind < 0.55:
            block = "\n".join(_sentence(rng, names) for _ in range(rng.randint(1, 4))) + "\n"
        elif kind < 0.7:
            block = "".join(f"- {_sentence(rng, names)}\n" for _ in range(rng.randint(2, 6)))
        elif kind < 0.78:
            block = "".join(
                f"- [{rng.choice(' x?-/>')}] {_sentence(rng, names)}\n" for _ in range(3)
            )
        elif kind < 0.85:
            block = (
                f"> [!{rng.choice(['note', 'tip', 'warning'])}] Title\n> {_sentence(rng, names)}\n"
            )
        elif kind < 0.92:
            code = "\n".join(f"    x{i} = compute({i}, '{rng.choice(WORDS)}')" for i in range(6))
            block = f"```python\ndef f():\n{code}\n    return x0\n```\n"
        else:
            rows = "".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |\n" for _ in range(5))
            block = f"| name | value |\n|---|---|\n{rows}"
        parts.append(block + "\n")
        total += len(block) + 1
    return "".join(parts)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def report(label: str, timings: list[Timing], sizes: list[int]) -> None:
    total_mb = sum(sizes) / 1e6
    for kind, times in (("wall", [t[0] for t in timings]), ("cpu ", [t[1] for t in timings])):
        print(
            f"{label:<36} {kind} n={len(times):<4} p50={pct(times, 0.5) * 1e3:7.2f} ms  "
            f"p95={pct(times, 0.95) * 1e3:7.2f} ms  max={max(times) * 1e3:7.1f} ms  "
            f"{total_mb / sum(times):5.2f} MB/s"
        )


def time_renders(renderer: Renderer, notes: dict[str, str], host: object) -> list[Timing]:
    links = PreviewLinks()
    times = []
    for path, text in notes.items():
        wall, cpu = time.perf_counter(), time.process_time()
        renderer.render(text, path, host, links)  # type: ignore[arg-type]
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=500, help="notes in the generated vault")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cpus={os.cpu_count()} load={load:.1f} (wall times grow with load; cpu times do not)")
    rng = random.Random(args.seed)
    renderer = Renderer()
    names = [f"Topic {i}" for i in range(args.notes)]
    files = {f"{name}.md": make_note(rng, names, rng.randint(1_000, 20_000)) for name in names}
    host = DictHost(files)
    renderer.render(files["Topic 0.md"], "Topic 0.md", host, PreviewLinks())  # warm caches

    # Distinct notes: a repeated text would be served by the code-highlight cache.
    typical = [make_note(random.Random(100 + i), names, 5_000) for i in range(100)]
    times = time_renders(renderer, {f"t{i}.md": t for i, t in enumerate(typical)}, host)
    mean_kb = sum(map(len, typical)) / len(typical) / 1024
    report(f"typical notes (~{mean_kb:.1f} KB) x100", times, [len(t) for t in typical])

    sample_root = resource("sample-vault")
    sample_host = PathHost(Vault(sample_root))
    sample = {
        p: (sample_root / p).read_text(encoding="utf-8")
        for p in sample_host.files
        if p.endswith(".md")
    }
    times = []
    for _ in range(5):
        times += time_renders(renderer, sample, sample_host)
    report(f"sample vault ({len(sample)} notes) x5", times, [len(t) for t in sample.values()] * 5)

    with tempfile.TemporaryDirectory(prefix="notedesk-bench-render-") as tmp:
        generate_vault(tmp, args.notes, args.seed)
        gen_host = PathHost(Vault(tmp))
        generated = {
            p: (Path(tmp) / p).read_text(encoding="utf-8")
            for p in gen_host.files
            if p.endswith(".md")
        }
        times = time_renders(renderer, generated, gen_host)
    size = sum(len(t) for t in generated.values()) / 1e6
    report(
        f"vaultgen vault ({len(generated)} notes, {size:.1f} MB)",
        times,
        [len(t) for t in generated.values()],
    )

    times = time_renders(renderer, files, host)
    size = sum(len(t) for t in files.values()) / 1e6
    report(
        f"5-20 KB notes ({args.notes} notes, {size:.1f} MB)",
        times,
        [len(t) for t in files.values()],
    )

    walls, cpus = [], []
    for seed in (2, 3, 5):
        # A fresh note each run, so no cache helps; re-renders while typing are faster.
        big = make_note(random.Random(seed), names, 1_000_000)
        wall, cpu = time.perf_counter(), time.process_time()
        result = renderer.render(big, "Big.md", host, PreviewLinks())
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    renderer.render(big, "Big.md", host, PreviewLinks())
    again = (time.perf_counter() - wall, time.process_time() - cpu)
    print(
        f"{'1 MB note (3 different)':<36} size={len(big) / 1e6:.2f} MB  "
        f"wall median={statistics.median(walls):.3f} s  cpu median={statistics.median(cpus):.3f} s"
        f"  html={len(result.html) / 1e6:.1f} MB"
    )
    print(f"{'1 MB note re-rendered':<36} wall={again[0]:.3f} s  cpu={again[1]:.3f} s")


if __name__ == "__main__":
    main()
