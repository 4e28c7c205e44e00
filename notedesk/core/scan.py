"""Read and parse note files, one at a time or across a process pool for a cold index."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from notedesk.core.atomic import decode_text
from notedesk.core.note import NoteMeta, Problem, parse_note

# Below this many files a pool costs more (worker start, pickling) than it saves.
POOL_THRESHOLD = 3000
_CHUNK = 256
_BINARY_PROBE = 8192


class ParsedFile(NamedTuple):
    path: str
    mtime_ns: int
    size: int
    meta: NoteMeta
    text: str  # decoded text for full-text search ("" when unreadable or binary)
    encoded: str | None = None  # the meta as the store keeps it, when already encoded


def read_and_parse(root: str, rel: str) -> ParsedFile:
    """Parse one note; unreadable, binary or mis-encoded files give a note with a problem."""
    full = os.path.join(root, *rel.split("/"))
    try:
        with open(full, "rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as exc:
        meta = NoteMeta(problems=[Problem(1, f"cannot read file: {exc.strerror or exc}")])
        return ParsedFile(rel, 0, -1, meta, "")
    if b"\x00" in data[:_BINARY_PROBE]:
        meta = NoteMeta(problems=[Problem(1, "binary file, not a text note")])
        return ParsedFile(rel, st.st_mtime_ns, st.st_size, meta, "")
    text, _fmt, lossless = decode_text(data)
    meta = parse_note(text)
    if not lossless:
        meta.problems.insert(0, Problem(1, "invalid UTF-8: shown with replacement characters"))
    return ParsedFile(rel, st.st_mtime_ns, st.st_size, meta, text)


def _parse_chunk(root: str, rels: Sequence[str]) -> list[tuple[str, int, int, str, str]]:
    """Worker side: results as plain strings, which cross the process boundary far
    cheaper than pickled objects and are exactly what the store keeps."""
    from notedesk.core.store import encode_meta

    out = []
    for rel in rels:
        parsed = read_and_parse(root, rel)
        out.append((rel, parsed.mtime_ns, parsed.size, encode_meta(parsed.meta), parsed.text))
    return out


def parse_files(root: str, rels: Sequence[str], workers: int | None = None) -> Iterator[ParsedFile]:
    """Parse many notes, in a process pool when there are enough to pay for it."""
    if workers is None:
        workers = os.cpu_count() or 1
    if workers <= 1 or len(rels) < POOL_THRESHOLD:
        for rel in rels:
            yield read_and_parse(root, rel)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # "spawn" (not fork): the GUI calls build() from a thread, and forking a
    # threaded process can deadlock.
    context = multiprocessing.get_context(
        os.environ.get("ND_MP", "forkserver" if os.name == "posix" else "spawn")
    )
    chunks = [rels[i : i + _CHUNK] for i in range(0, len(rels), _CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        from notedesk.core.store import decode_meta

        for batch in pool.map(_parse_chunk, [root] * len(chunks), chunks):
            for rel, mtime_ns, size, encoded, text in batch:
                yield ParsedFile(rel, mtime_ns, size, decode_meta(encoded), text, encoded)
