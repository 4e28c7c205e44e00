"""User /regex/es: re's syntax, a time limit, and other threads free while they match."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.index import VaultIndex
from notedesk.core.query import QueryError
from notedesk.core.search import SearchEngine
from notedesk.core.store import IndexStore
from notedesk.core.userregex import RegexTooSlow, compile_user
from notedesk.core.vault import Vault

SLOW = "(a|aa)+$"  # backtracks without end on a long run of "a" not followed by the end
SLOW_TEXT = "a" * 60 + "!"


@pytest.mark.parametrize(
    ("source", "text", "spans"),
    [
        (r"\d{4}-\d{2}", "on 2024-01-31", [(3, 10)]),
        (r"^b", "a\nb", [(2, 3)]),  # ^ at line starts
        (r"caf(?:e|é)", "CAFÉ", [(0, 4)]),  # ignoring case
        (r"(?P<y>\d+)", "x12", [(1, 3)]),
        (r"\bx", "x ax x", [(0, 1), (5, 6)]),
    ],
)
def test_matches_as_re_does(source: str, text: str, spans: list[tuple[int, int]]) -> None:
    flags = re.MULTILINE | re.IGNORECASE
    assert [m.span() for m in compile_user(source, flags).finditer(text)] == spans
    assert [m.span() for m in re.compile(source, flags).finditer(text)] == spans


@pytest.mark.parametrize("source", ["[", "a{99999999999}", "(?P<x>", "*"])
def test_invalid_pattern_is_a_value_error(source: str) -> None:
    with pytest.raises(ValueError):
        compile_user(source, 0)


def test_slow_pattern_gives_up_and_leaves_other_threads_running() -> None:
    pattern = compile_user(SLOW, 0)
    ticks = 0
    done = threading.Event()

    def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.01)

    ticker = threading.Thread(target=tick)
    ticker.start()
    start = time.monotonic()
    try:
        with pytest.raises(RegexTooSlow):
            pattern.search(SLOW_TEXT)
    finally:
        done.set()
        ticker.join()
    assert time.monotonic() - start < 10
    assert ticks > 20  # with re, this thread would not run until the match ended


def test_search_reports_a_slow_regex_as_a_query_error(
    make_vault: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    root = make_vault({"long.md": SLOW_TEXT + "\n", "other.md": "nothing\n"})
    store = IndexStore(root, tmp_path / "cache")
    index = VaultIndex(Vault(root), store)
    index.build()
    with pytest.raises(QueryError, match="takes too long"):
        SearchEngine(index, store).search(f"/{SLOW}/")
