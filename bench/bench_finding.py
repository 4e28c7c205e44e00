"""Benchmark the finding widgets on a generated 10k-note vault.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_finding.py [--switcher-only]

Prints, per keystroke of several typed queries: the core ranking time and the
whole switcher update (ranking + list model + status + painting) driven through
real key events, wall clock and CPU time, with the CPU time split by phase; the
command palette the same way; and for the search panel the time from the end of
the debounce to the results shown. Uses bench/vaultgen.py's ``generate_vault``
when it exists, otherwise synthetic names (same sizes: folders, aliases,
multi-word titles).
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from notedesk.core.fuzzy import FuzzyMatcher, note_candidates

WORDS = " ".join(
    (
        "project meeting notes idea design system machine learning data review plan weekly",
        "journal book reading research paper draft summary travel recipe budget health garden",
        "python rust qt markdown vault index search graph link backlink outline daily log",
        "alpha beta gamma delta kernel network storage cloud mobile desktop theory history",
    )
).split()
QUERIES = ["algebra garlic", "ask tim", "mem 64", "time/proj", "gar", "zzq"]
# The search panel's typed queries: the first eight of bench_search.py's panel mix.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import PANEL_QUERIES  # noqa: E402

SEARCHES = PANEL_QUERIES[:8]


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
        from bench.vaultgen import generate_vault
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


def search_engine(notes: int, seed: int, workdir: Path) -> tuple[object | None, str]:
    """A SearchEngine on the generated vault with its FTS5 store, as the app builds it."""
    try:
        from bench.vaultgen import generate_vault
    except ImportError:
        return None, "bench/vaultgen.py missing"
    from notedesk.core.index import VaultIndex
    from notedesk.core.search import SearchEngine
    from notedesk.core.store import IndexStore
    from notedesk.core.vault import Vault

    root = workdir / f"vault-{notes}-{seed}"
    if not root.exists():
        generate_vault(root, notes, seed)
    store = IndexStore(root, workdir / f"finding-cache-{notes}-{seed}")
    index = VaultIndex(Vault(root), store)
    index.build()
    return SearchEngine(index, store), str(root)


def bench_panes(engine: Any) -> None:
    """Cost of the panes for the vault's most linked note: first show and a no-op refresh."""
    from collections import Counter

    from PySide6.QtWidgets import QApplication

    from notedesk.app.widgets.backlinks import BacklinksPane
    from notedesk.app.widgets.outgoing import OutgoingPane
    from notedesk.app.widgets.outline import OutlinePane
    from notedesk.core.mentions import mention_terms, scan_unlinked

    index = engine.index
    incoming: Counter[str] = Counter()
    for path in index.notes():
        incoming.update(r.path for r in index.outgoing(path) if r.path and r.path != path)
    hub, links = incoming.most_common(1)[0]
    meta = index.note(hub)
    terms = mention_terms(hub, meta.aliases if meta else [])
    notes = index.notes()
    for limit in (None, 1000):
        t = time.perf_counter()
        found = scan_unlinked(hub, terms, notes, index.vault.read_text, limit=limit)
        print(
            f"hub note {hub!r} ({links} links in): unlinked scan, limit={limit} "
            f"(worker thread): {(time.perf_counter() - t) * 1e3:.0f} ms, {len(found)} mentions"
        )
    app = QApplication.instance() or QApplication([])
    backlinks = BacklinksPane(
        index.backlinks, targets_of=lambda p: [r.path for r in index.outgoing(p)]
    )
    backlinks.show()
    done: list[float] = []
    backlinks.linked_updated.connect(lambda _n: done.append(time.perf_counter()))
    t = time.perf_counter()
    backlinks.set_note(hub)
    ui = (time.perf_counter() - t) * 1e3
    while not done:
        app.processEvents()
    t2 = time.perf_counter()
    app.processEvents()
    paint = (time.perf_counter() - t2) * 1e3
    print(
        f"{'backlinks, linked part':<34} set_note on UI thread {ui:.1f} ms; "
        f"shown after {(done[0] - t) * 1e3:.0f} ms; first paint {paint:.0f} ms"
    )
    t = time.perf_counter()
    backlinks.refresh(changed={notes[0]} if notes[0] != hub else set())
    print(f"{'backlinks, unrelated change':<34} refresh {(time.perf_counter() - t) * 1e3:.2f} ms")
    backlinks.close()
    panes: list[tuple[str, Any]] = [
        ("outgoing", OutgoingPane(index.outgoing)),
        ("outline", OutlinePane(index.headings)),
    ]
    for name, pane in panes:
        pane.show()
        t = time.perf_counter()
        pane.set_note(hub)
        app.processEvents()
        first = (time.perf_counter() - t) * 1e3
        t = time.perf_counter()
        for _ in range(10):
            pane.refresh()
        again = (time.perf_counter() - t) * 1e3 / 10
        print(f"{name:<34} set_note {first:7.2f} ms   refresh, nothing changed {again:6.2f} ms")
        pane.close()


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


def _timed_phases(obj: Any, names: dict[str, str], phases: dict[str, float]) -> None:
    """Wrap ``obj``'s methods so their CPU time adds up in ``phases`` under the given labels."""
    for attr, label in names.items():
        method = getattr(obj, attr)

        def timed(*args: Any, _method: Any = method, _label: str = label) -> Any:
            start = time.process_time()
            try:
                return _method(*args)
            finally:
                phases[_label] = phases.get(_label, 0.0) + time.process_time() - start

        setattr(obj, attr, timed)


def type_queries(popup: Any, queries: list[str], phases: dict[str, float]) -> list[list[float]]:
    """Type each query into an open find popup; ``[wall ms, cpu ms]`` per keystroke.

    ``phases`` gets the CPU time of the update (``update_rows`` and its parts, as
    wrapped by the caller) and of the event processing that follows (painting).
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    times: list[list[float]] = []
    for query in queries:
        popup.popup()
        app.processEvents()
        for ch in query:
            t, c = time.perf_counter(), time.process_time()
            QTest.keyClick(popup.input, ch)  # the list model is updated in here
            c2 = time.process_time()
            app.processEvents()  # includes the repaint of the list
            c3 = time.process_time()
            phases["paint (event loop)"] = phases.get("paint (event loop)", 0.0) + c3 - c2
            times.append([(time.perf_counter() - t) * 1e3, (c3 - c) * 1e3])
        QTest.keyClick(popup.input, Qt.Key.Key_Escape)
    return times


def print_phases(phases: dict[str, float], keystrokes: int) -> None:
    for label, total in phases.items():
        print(f"    {label:<30} {total * 1e3 / keystrokes:6.2f} ms CPU per keystroke")


def bench_switcher_widget(rows: list[tuple[str, str, bool]]) -> list[list[float]]:
    from PySide6.QtWidgets import QApplication, QWidget

    from notedesk.app.widgets.switcher import QuickSwitcher

    QApplication.instance() or QApplication([])
    window = QWidget()
    window.resize(1200, 800)
    window.show()
    switcher = QuickSwitcher(lambda: rows, lambda: [r[1] for r in rows[:20]], window)
    phases: dict[str, float] = {}
    _timed_phases(switcher.matcher(), {"rank": "core ranking (fuzzy.py)"}, phases)
    _timed_phases(switcher.model, {"set_rows": "list model reset"}, phases)
    _timed_phases(switcher.list, {"setCurrentIndex": "select first row"}, phases)
    _timed_phases(switcher.status, {"setText": "status label"}, phases)
    _timed_phases(switcher, {"_fit_height": "fit popup height"}, phases)
    times = type_queries(switcher, QUERIES * 3, phases)
    print_phases(phases, len(times))
    window.close()
    return times


def bench_palette(commands: int = 200) -> list[list[float]]:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QWidget

    from notedesk.app.widgets.palette import CommandPalette

    QApplication.instance() or QApplication([])
    window = QWidget()
    window.resize(1200, 800)
    window.show()
    rnd = random.Random(3)
    actions = [
        QAction(" ".join(rnd.choice(WORDS).capitalize() for _ in range(rnd.randint(1, 4))), window)
        for _ in range(commands)
    ]
    palette = CommandPalette(lambda: actions, window)
    phases: dict[str, float] = {}
    times = type_queries(palette, ["toggle", "save", "py qt", "zzq"] * 3, phases)
    window.close()
    return times


def bench_search_panel(
    search: Callable[[str, int], list[object]], queries: list[str]
) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from notedesk.app.widgets.searchpanel import SearchPanel

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
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/notedesk-bench"))
    parser.add_argument("--switcher-only", action="store_true", help="skip the search panel")
    args = parser.parse_args()
    rows, origin = vault_names(args.notes, args.seed, args.workdir)
    print(f"{args.notes} notes, {len(rows)} names+aliases ({origin}); queries: {QUERIES}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(row("switcher ranking per keystroke", bench_ranking(rows)))
    print("switcher widget, CPU split (mean over keystrokes):")
    widget = bench_switcher_widget(rows)
    print(row("switcher widget per keystroke", [w for w, _c in widget]))
    print(row("switcher widget per keystroke, CPU", [c for _w, c in widget]))
    palette = bench_palette()
    print(row("palette (200 commands) per key", [w for w, _c in palette]))
    print(row("palette per keystroke, CPU", [c for _w, c in palette]))
    print(f"target: <= 30 ms per keystroke; load average now {os.getloadavg()[0]:.1f}")
    sys.stdout.flush()
    if args.switcher_only:
        os._exit(0)
    engine, origin = search_engine(args.notes, args.seed, args.workdir)
    if engine is None:
        print(f"search panel: skipped ({origin})")
    else:
        engine_ms: list[float] = []

        def timed(query: str, limit: int) -> list[object]:
            t = time.perf_counter()
            hits = engine.search(query, limit)
            engine_ms.append((time.perf_counter() - t) * 1e3)
            return hits

        times = bench_search_panel(timed, SEARCHES * 3)
        print(row("search engine alone (worker)", engine_ms))
        print(row("search panel: query to results", times))
        shown = [t - e for t, e in zip(times, engine_ms, strict=True)]
        print(row("search panel overhead (UI)", shown))
        bench_panes(engine)
        print("target: <= 100 ms after the debounce (debounce itself: 200 ms)")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of the Qt objects


if __name__ == "__main__":
    main()
