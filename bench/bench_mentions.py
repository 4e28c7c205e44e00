"""Benchmark the unlinked-mentions scan of the Backlinks pane on a generated vault.

    .venv/bin/python bench/bench_mentions.py [--notes 10000] [--workdir /tmp/notedesk-bench]

For a few notes (rare, mid and common names) prints the time of a whole-vault scan
as the pane runs it (the notes the word index has the names in, then each read and
searched) beside reading every note, the candidates and the mentions found (the
same either way), and the resident memory of the process after a few searches and
counts over the vault (the decoded metadata a search keeps is bounded).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from notedesk.core.index import VaultIndex
from notedesk.core.mentions import (
    mention_terms,
    scan_unlinked,
    word_index_expression,
)
from notedesk.core.search import SearchEngine
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

LIMIT = 1000  # as the pane (panels.UNLINKED_LIMIT)
QUERIES = ["coffee", "time", "tag:inbox", "task-todo:river", "[status:draft]", "alias"]


def _rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--workdir", default="/tmp/notedesk-bench")
    args = parser.parse_args()
    root = Path(args.workdir) / f"vault-{args.notes}-1"
    if not root.is_dir():
        from vaultgen import generate_vault  # type: ignore[import-not-found]

        generate_vault(root, args.notes, seed=1)
    vault = Vault(root)
    store = IndexStore(root, Path(args.workdir) / f"mentions-cache-{args.notes}")
    index = VaultIndex(vault, store)
    index.build()
    notes = index.notes()
    # Rare, mid and common names: by how many notes hold the name's first word.
    by_reach = sorted(
        notes[:: max(1, len(notes) // 200)],
        key=lambda p: len(store.paths_matching(word_index_expression(mention_terms(p)) or "x")),
    )
    picked = [by_reach[0], by_reach[len(by_reach) // 2], by_reach[-1]]
    print(f"{len(notes):,} notes, {root}")
    print("| note | candidates | mentions | word index + scan | every note read |")
    print("|---|---|---|---|---|")
    for target in picked:
        meta = index.note(target)
        terms = mention_terms(target, meta.aliases if meta else [])
        start = time.perf_counter()
        expression = word_index_expression(terms)
        found = store.paths_matching(expression) if expression else set(notes)
        candidates = [p for p in notes if p in found]
        fast = scan_unlinked(target, terms, candidates, vault.read_text, limit=LIMIT)
        fast_s = time.perf_counter() - start
        start = time.perf_counter()
        slow = scan_unlinked(target, terms, notes, vault.read_text, limit=LIMIT)
        slow_s = time.perf_counter() - start
        same = "" if fast == slow else " (DIFFERENT)"
        print(
            f"| {target} | {len(candidates):,} | {len(fast):,}{same} | "
            f"{fast_s:.2f} s | {slow_s:.2f} s |"
        )
    engine = SearchEngine(index, store)
    before = _rss_mb()
    for query in QUERIES:
        engine.search(query, 50)
        engine.count(query)
    print(
        f"RSS after building: {before} MB; after {len(QUERIES)} searches and counts: {_rss_mb()} MB"
    )


if __name__ == "__main__":
    main()
