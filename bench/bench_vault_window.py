"""The window on a large vault: time to tree, index and tags, and the longest event-loop stall.

Generates a vault with bench/vaultgen.py (seeded), starts the real app on it
twice (cold cache, then warm cache), reads the app's event log and prints a table.

    python bench/bench_vault_window.py [--notes 10000] [--vault DIR] [--note PATH]

``--note``: start the app on this note of the vault (its editor and preview open
while the index loads); the table then also shows when the preview was shown.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vaultgen import generate_vault

WANTED = ("window_shown", "tree_shown", "index_ready", "tags_shown")


def run(
    vault: Path, work: Path, cache: Path, note: str | None = None, timeout: float = 180
) -> dict[str, object]:
    log = work / "events.log"
    log.unlink(missing_ok=True)
    env = dict(os.environ)
    env.update(
        NOTEDESK_EVENT_LOG=str(log),
        NOTEDESK_DATA_DIR=str(work / "data"),
        NOTEDESK_CONFIG_DIR=str(work / "config"),
        NOTEDESK_CACHE_DIR=str(cache),
    )
    if "DISPLAY" not in env:
        env["QT_QPA_PLATFORM"] = "offscreen"
    t0 = time.time()
    target = vault / note if note else vault
    proc = subprocess.Popen(
        [sys.executable, "-m", "notedesk", str(target)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    found: dict[str, object] = {}
    stalls: dict[str, float] = {}
    deadline = time.time() + timeout
    try:
        while time.time() < deadline and "stall:after_index" not in found:
            time.sleep(0.1)
            if not log.exists():
                continue
            for line in log.read_text().splitlines():
                rec = json.loads(line)
                if rec["event"] == "stall":
                    stalls[rec["label"]] = rec["longest_ms"]
                    found["stall:" + rec["label"]] = True
                elif rec["event"] in WANTED or rec["event"] == "preview_shown":
                    found.setdefault(rec["event"], rec["t"] - t0)
        time.sleep(1.0)  # a last stall period after indexing
        for line in log.read_text().splitlines():
            rec = json.loads(line)
            if rec["event"] in WANTED:
                found.setdefault(rec["event"], rec["t"] - t0)
    finally:
        proc.terminate()
        proc.wait(20)
    found["stall_preview_ms"] = stalls.get("preview_setup", float("nan"))
    found["stall_until_tree_ms"] = stalls.get("until_tree", float("nan"))
    found["stall_until_index_ms"] = stalls.get("until_index", float("nan"))
    found["stall_after_index_ms"] = stalls.get("after_index", float("nan"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--vault", type=Path, help="use (or create) this vault folder")
    parser.add_argument("--note", help="start on this note (a path inside the vault)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="notedesk-winbench-"))
    vault = args.vault or work / "vault"
    if not vault.exists() or not any(vault.iterdir()):
        generate_vault(vault, args.notes, 1)
    cache = work / "cache"
    rows = [
        ("cold cache", run(vault, work, cache, args.note)),
        ("warm cache", run(vault, work, cache, args.note)),
    ]
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"notedesk window on a {args.notes}-note vault ({os.cpu_count()} cores), "
        "seconds from process start" + (f", started on {args.note}" if args.note else "")
    )
    header = ["run", *WANTED, "webengine ms", "stall≤tree ms", "stall≤index ms", "stall +3 s ms"]
    if args.note:
        header.append("preview_shown")
    print(" | ".join(f"{h:>14}" for h in header))
    # "webengine ms": the UI thread's one block while QtWebEngine starts (with --note, also
    # the first frame drawn with the note's web view, which switches the window to GPU
    # compositing); it runs before the listing and the index load, or after the index is
    # ready without --note, and the stall columns do not include it.
    for name, found in rows:
        cells = [name] + [f"{found[k]:.3f}" if k in found else "n/a" for k in WANTED]
        cells += [
            f"{found['stall_preview_ms']}",
            f"{found['stall_until_tree_ms']}",
            f"{found['stall_until_index_ms']}",
            f"{found['stall_after_index_ms']}",
        ]
        if args.note:
            shown = found.get("preview_shown")
            cells.append(f"{shown:.3f}" if isinstance(shown, float) else "n/a")
        print(" | ".join(f"{c:>14}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
