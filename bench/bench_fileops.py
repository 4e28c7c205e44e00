"""Rename/move with link rewriting, and the tree and tag panel, on a generated vault.

    QT_QPA_PLATFORM=offscreen python bench/bench_fileops.py [--notes 10000] [--seed 1]

Prints, for the most linked note and the largest folder: the UI-thread part
of planning (index only), the worker part (read and parse the linking notes),
applying (atomic rewrite of each file, then the move), and the same rename
back. Then the time to fill the file tree and the tag panel.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vaultgen import generate_vault

from notedesk.core.fileops import plan_links, prepare_rename
from notedesk.core.index import VaultIndex
from notedesk.core.renameapply import apply_rename
from notedesk.core.vault import Vault


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def digest(root: Path) -> dict[str, bytes]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).digest() for p in root.rglob("*.md") if p.is_file()
    }


def rename_round(vault: Vault, index: VaultIndex, old: str, new: str, label: str) -> None:
    before = digest(vault.root)
    for a, b in ((old, new), (new, old)):
        t0 = time.perf_counter()
        plan = prepare_rename(index, vault, a, b)
        t1 = time.perf_counter()
        plan_links(vault, plan)
        t2 = time.perf_counter()
        report = apply_rename(vault, plan)
        t3 = time.perf_counter()
        index.apply_all(report.events)
        t4 = time.perf_counter()
        print(
            f"{label:>7} {a!r} -> {b!r}: {report.summary}\n"
            f"         prepare (UI thread) {ms(t1 - t0)} | plan (worker) {ms(t2 - t1)}"
            f" | apply (worker) {ms(t3 - t2)} | index.apply {ms(t4 - t3)}"
        )
    print(f"         there and back byte-identical: {digest(vault.root) == before}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "notedesk-bench"))
    args = parser.parse_args()
    root = Path(args.dir) / f"fileops-{args.notes}-{args.seed}"
    if not root.exists():
        generate_vault(root, args.notes, args.seed)
    vault = Vault(root)
    t0 = time.perf_counter()
    index = VaultIndex(vault)
    index.build()
    print(f"vault {root}: {len(index)} notes, index built in {ms(time.perf_counter() - t0)}")

    incoming: Counter[str] = Counter()
    for source in index.notes():
        for _link, target in index.outgoing(source):
            if target is not None and target != source:
                incoming[target] += 1
    hub, links = incoming.most_common(1)[0]
    print(f"most linked note: {hub!r} ({links} links)")
    stem = hub.rsplit("/", 1)[-1][:-3]
    rename_round(vault, index, hub, hub.replace(stem, stem + " renamed"), "rename")
    folders = Counter(p.split("/", 1)[0] for p in index.notes() if "/" in p)
    folder = folders.most_common(1)[0][0]
    rename_round(vault, index, folder, folder + " moved", "folder")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from notedesk.app.widgets.filetree import FileTree
    from notedesk.app.widgets.tagpanel import TagPanel

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive)
    files = [f.path for f in vault.iter_files()]
    dirs = list(vault.iter_folders())
    tree = FileTree()
    t0 = time.perf_counter()
    tree.set_paths(files, dirs)
    t1 = time.perf_counter()
    tree.rename_path(folder, folder + " x")
    t2 = time.perf_counter()
    panel = TagPanel(index.tag_tree, index.notes_with_tag)
    panel.refresh()
    t3 = time.perf_counter()
    panel.select_tag("inbox")
    t4 = time.perf_counter()
    print(
        f"tree.set_paths({len(files)} files) {ms(t1 - t0)} | tree.rename_path(folder)"
        f" {ms(t2 - t1)} | tags.refresh() {ms(t3 - t2)} | select #inbox"
        f" ({panel.notes.count()} notes) {ms(t4 - t3)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
