"""Bounded soak of the data-safety core: an external writer and an editing, autosaving
user on the same notes, with the real watcher in between.

The external writer behaves like another editor: atomic saves of whole new
versions, and it only writes again once the app has dealt with its previous
version (loaded it, merged it into the user's edits, or set it aside as a
conflict copy). At the end, checked exactly: every external version was
either loaded into the buffer, merged into it (every line of it is in the
buffer), or is byte-for-byte in a conflict copy, and every note on disk is
exactly the user's final buffer.

``NOTEDESK_SOAK_SECONDS`` sets the length (default 6; CI may use 60).
"""

from __future__ import annotations

import os
import queue
import random
import threading
import time
from pathlib import Path

import pytest

from notedesk.core.atomic import decode_text, encode_text
from notedesk.core.document import Document, Outcome
from notedesk.core.events import FileEvent
from notedesk.core.ownwrites import OwnWrites, sha256
from notedesk.core.vault import Vault
from notedesk.core.watch import VaultWatcher

SECONDS = float(os.environ.get("NOTEDESK_SOAK_SECONDS", "6"))
NOTES = ["shared/a.md", "shared/b.md", "c.md"]
OTHERS = ["mine/x.md", "mine/y.md"]  # edited by the user only


def conflict_copies(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.rglob("* (conflict *)*")}


@pytest.mark.slow
def test_soak_external_writer_against_editing_user(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    vault = Vault(root)
    for rel in NOTES + OTHERS:
        vault.save(rel, f"# {rel}\n")
    own = OwnWrites()
    events: queue.Queue[list[FileEvent]] = queue.Queue()
    docs = {rel: Document.open(vault, rel, own_writes=own) for rel in NOTES + OTHERS}
    handled: dict[str, set[str]] = {rel: {docs[rel].disk_sha or ""} for rel in NOTES}
    lock = threading.Lock()  # guards `handled` and `written`
    written: dict[str, list[bytes]] = {rel: [] for rel in NOTES}
    stop = threading.Event()
    merges: list[str] = []

    def external() -> None:
        rng = random.Random(1)
        n = 0
        while not stop.is_set():
            rel = rng.choice(NOTES)
            with lock:
                previous = written[rel][-1] if written[rel] else None
                ready = previous is None or sha256(previous) in handled[rel]
            if not ready:
                time.sleep(0.002)
                continue
            n += 1
            data = f"# external version {n}\r\n{'x' * rng.randrange(200)}\r\n".encode()
            path = vault.abspath(rel)
            tmp = path.with_name(f".{path.name}.ext{n}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
            with lock:
                written[rel].append(data)
            time.sleep(rng.uniform(0.005, 0.06))

    def note_handled(rel: str, data_sha: str | None) -> None:
        if data_sha and rel in handled:
            with lock:
                handled[rel].add(data_sha)

    def resolve(doc: Document) -> None:
        copy = doc.keep_mine()
        for blob in conflict_copies(root).values():
            note_handled(doc.rel, sha256(blob))
        assert copy is None or copy.in_vault

    def merged(doc: Document) -> None:
        """Their version the buffer took in: the one not handled yet, if all its lines
        are in the buffer (the user only adds lines after theirs)."""
        with lock:
            waiting = [d for d in written.get(doc.rel, []) if sha256(d) not in handled[doc.rel]]
        merges.append(doc.rel)
        for data in waiting:
            buffer = iter(doc.text.split("\n"))
            theirs = decode_text(data)[0].split("\n")
            if all(any(line == kept for kept in buffer) for line in theirs):
                note_handled(doc.rel, sha256(data))

    def on_outcome(doc: Document, outcome: Outcome | None) -> None:
        if outcome in (Outcome.RELOADED, Outcome.CONVERGED, Outcome.UNCHANGED):
            note_handled(doc.rel, doc.disk_sha)
        elif outcome is Outcome.MERGED:
            merged(doc)
        elif outcome is Outcome.CONFLICT:
            resolve(doc)

    rng = random.Random(2)
    with VaultWatcher(root, events.put, own_writes=own):
        writer = threading.Thread(target=external, daemon=True)
        writer.start()
        token = 0
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            try:
                batch = events.get(timeout=rng.uniform(0.002, 0.03))
            except queue.Empty:
                batch = []
            for ev in batch:
                for doc in docs.values():
                    on_outcome(doc, doc.on_file_event(ev))
            doc = docs[rng.choice(NOTES + OTHERS)]
            token += 1
            doc.text += f"user edit {token}\n"
            if rng.random() < 0.5:
                for d in docs.values():
                    if d.wants_autosave:
                        on_outcome(d, d.save())
        stop.set()
        writer.join(5)
        # Quiesce: let the last external versions arrive, then settle every buffer.
        time.sleep(0.3)
        while not events.empty():
            for ev in events.get():
                for doc in docs.values():
                    on_outcome(doc, doc.on_file_event(ev))
        for doc in docs.values():
            outcome = doc.external_change()
            on_outcome(doc, outcome)
            if doc.dirty:
                on_outcome(doc, doc.save())

    copies = {sha256(blob) for blob in conflict_copies(root).values()}
    for rel in NOTES:
        with lock:
            versions = list(written[rel])
        assert versions, f"no external writes to {rel}"
        for data in versions:
            assert sha256(data) in handled[rel] or sha256(data) in copies, (
                f"external version of {rel} lost: {data[:40]!r}"
            )
    for rel, doc in docs.items():
        assert not doc.dirty and doc.conflict is None
        disk = vault.abspath(rel).read_bytes()
        assert disk == encode_text(doc.text, doc.fmt), f"{rel}: buffer and disk differ at the end"
    external_count = sum(len(v) for v in written.values())
    print(
        f"user edits {token}, external versions {external_count}, copies {len(copies)}, "
        f"merges {len(merges)}"
    )
    assert token > 50
