"""Benchmark the finding widgets on a generated 10k-note vault.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_finding.py [--notes 10000]

Prints, per keystroke of several typed queries: the core ranking time and the
whole switcher update (ranking + list model + status) driven through real key
events; and for the search panel the time from the end of the debounce to the
results shown. Uses bench/vaultgen.py's ``generate_vault`` when it exists,
otherwise synthetic names (same sizes: folders, aliases, multi-word titles).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a
# void method (None is only immortal from 3.12 on), so a few ten thousand
# paint calls abort the process with "none_dealloc". Holding extra references
# keeps this benchmark alive; the app itself needs a fixed PySide6 or Python.
_NONE_BALLAST = [None] * 5_000_000

from notedesk.core.fuzzy import FuzzyMatcher, note_candidates  # noqa: E402

WORDS = " ".join(
    (
        "project meeting notes idea design system machine learning data review plan weekly",
        "journal book reading research paper draft summary travel recipe budget health garden",
        "python rust qt markdown vault index search graph link backlink outline daily log",
        "alpha beta gamma delta kernel network storage cloud mobile desktop theory history",
    )
).split()
QUERIES = ["machine learning", "wkly rev", "proj/idea", "dsgn sys", "journal 2024", "zzq"]


def synthetic_names(notes: int, seed: int) -> list[tuple[str, str, bool]]:
    rnd = random.Random(seed)
    folders = ["", "Projects", "Daily", "Books", "Areas/Health", "Areas/Home", "Archive/2023"]
    rows: list[tuple[str, str, bool]] = []
    seen: set[str] = set()
    while len(seen) < notes:
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 5)))
        if rnd.random() < 0.2:
            title += f" {rnd.randint(2000, 2030)}"
        folder = rnd.choice(folders)
        path = f"{folder}/{title}.md" if folder else f"{title}.md"
        if path.casefold() in seen:
            continue
        seen.add(path.casefold())
        rows.append((title.capitalize(), path, False))
        if rnd.random() < 0.1:
            rows.append((title.upper()[:3], path, True))
    return rows


def vault_names(notes: int, seed: int, workdir: Path) -> tuple[list[tuple[str, str, bool]], str]:
    try:
        from bench.vaultgen import generate_vault  # type: ignore[import-not-found]
    except ImportError:
        return synthetic_names(notes, seed), "synthetic names"
    from notedesk.core.index import VaultIndex
    from notedesk.core.vault import Vault

    root = workdir / f"vault-{notes}-{seed}"
    if not root.exists():
        generate_vault(root, notes, seed)
    index = VaultIndex(Vault(root))
    index.build()
    rows = [(c.text, c.path, c.is_alias) for c in index.completion_names()]
    return rows, f"bench/vaultgen.py vault at {root}"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def row(label: str, times_ms: list[float]) -> str:
    return (
        f"{label:<34} n={len(times_ms):<4} median {statistics.median(times_ms):6.2f} ms   "
        f"p95 {pct(times_ms, 95):6.2f} ms   max {max(times_ms):6.2f} ms"
    )


def bench_ranking(rows: list[tuple[str, str, bool]]) -> list[float]:
    t0 = time.perf_counter()
    matcher = FuzzyMatcher(note_candidates(rows))
    print(f"build matcher ({len(matcher)} candidates): {(time.perf_counter() - t0) * 1e3:.1f} ms")
    times: list[float] = []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            t = time.perf_counter()
            matcher.rank(query[:n], 50)
            times.append((time.perf_counter() - t) * 1e3)
    return times


def bench_switcher_widget(rows: list[tuple[str, str, bool]]) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from notedesk.app.widgets.switcher import QuickSwitcher

    app = QApplication.instance() or QApplication([])
    window = QWidget()
    window.resize(1200, 800)
    window.show()
    switcher = QuickSwitcher(lambda: rows, lambda: [r[1] for r in rows[:20]], window)
    times: list[float] = []
    for query in QUERIES:
        switcher.popup()
        app.processEvents()
        for ch in query:
            t = time.perf_counter()
            QTest.keyClick(switcher.input, ch)
            app.processEvents()  # includes the repaint of the list
            times.append((time.perf_counter() - t) * 1e3)
        QTest.keyClick(switcher.input, Qt.Key.Key_Escape)
    window.close()
    return times


def bench_search_panel(
    search: Callable[[str, int], list[object]], queries: list[str]
) -> list[float]:
    from notedesk.app.widgets.searchpanel import SearchPanel
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    panel = SearchPanel(search, debounce_ms=0)
    panel.resize(400, 800)
    panel.show()
    times: list[float] = []
    for query in queries:
        done: list[float] = []
        panel.search_finished.connect(lambda _q, _n, done=done: done.append(time.perf_counter()))
        t = time.perf_counter()
        panel.set_query(query)
        while not done:
            app.processEvents()
        app.processEvents()
        times.append((done[0] - t) * 1e3)
        panel.search_finished.disconnect()
    panel.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/notedesk-bench"))
    args = parser.parse_args()
    rows, origin = vault_names(args.notes, args.seed, args.workdir)
    print(f"{args.notes} notes, {len(rows)} names+aliases ({origin}); queries: {QUERIES}")
    print(row("switcher ranking per keystroke", bench_ranking(rows)))
    print(row("switcher widget per keystroke", bench_switcher_widget(rows)))
    print("target: <= 30 ms per keystroke")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: see _NONE_BALLAST


if __name__ == "__main__":
    main()
