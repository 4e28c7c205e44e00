"""Coverage-guided fuzz target: file bytes -> decode -> parse_note -> render -> audit.

Run for a bounded time with atheris (libFuzzer options pass through):

    .venv/bin/python tests/fuzz/fuzz_parse_render.py -max_total_time=300 \
        -max_len=65536 tests/fuzz/corpus

A crash writes ``crash-<sha1>`` in the current folder; copy it into
``tests/fuzz/regressions/`` and it is replayed by the default test run
(``tests/fuzz/test_fuzz_parse_render.py``) from then on.

What counts as a crash: any exception from parsing or rendering, a link whose
line and column do not point at its text, script or remote loads surviving in
the HTML, or one input taking more than a few seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_UNIT = _HERE.parent / "unit"
sys.path[:0] = [p for p in (str(_HERE.parents[1]), str(_UNIT)) if p not in sys.path]

try:
    import atheris
except ImportError:  # the pytest wrapper falls back to hypothesis
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["notedesk"]):
        from notedesk.core.atomic import decode_text
        from notedesk.core.linkplaces import FolderLink, listed_folder_link
        from notedesk.core.links import NameTable, resolve, split_fragment
        from notedesk.core.note import parse_note
        from notedesk.core.render import PreviewLinks, Renderer
        from notedesk.core.rewrite import line_starts, link_offset
else:
    from notedesk.core.atomic import decode_text
    from notedesk.core.linkplaces import FolderLink, listed_folder_link
    from notedesk.core.links import NameTable, resolve, split_fragment
    from notedesk.core.note import parse_note
    from notedesk.core.render import PreviewLinks, Renderer
    from notedesk.core.rewrite import line_starts, link_offset

from test_render_xss import audit  # noqa: E402

# Generous: the slowest legitimate input of max_len takes well under a second.
MAX_SECONDS = 5.0

_RENDERER = Renderer()
_LINKS = PreviewLinks()


class _Host:
    """A tiny vault: the fuzzed note, a copy that embeds it (cycles) and an image."""

    def __init__(self, text: str) -> None:
        self.files = {"Note.md": text, "sub/Other.md": "![[Note]]\n" + text, "pic.png": ""}
        self.names = NameTable(sorted(self.files))

    def resolve_link(self, target: str, source: str) -> str | None:
        name, _fragment = split_fragment(target)
        return resolve(name, source, self.names)

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        return listed_folder_link(self.names, split_fragment(target)[0], source)

    def read_text(self, path: str) -> str | None:
        return self.files.get(path)


def check(data: bytes) -> None:
    """One input; raises AssertionError (or whatever broke) on a finding."""
    start = time.perf_counter()
    text, _fmt, _lossless = decode_text(data)
    meta = parse_note(text)
    starts = line_starts(text)
    for link in meta.links:
        at = link_offset(starts, link.line, link.col)
        assert text[at : at + len(link.raw)] == link.raw, link
    host = _Host(text)
    result = _RENDERER.render(text, "Note.md", host, _LINKS)
    problems = audit(result.html)
    assert not problems, problems
    _RENDERER.render(host.files["sub/Other.md"], "sub/Other.md", host, _LINKS)
    elapsed = time.perf_counter() - start
    assert elapsed < MAX_SECONDS, f"one input of {len(data)} bytes took {elapsed:.1f} s"


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris (or run the pytest wrapper)")
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
