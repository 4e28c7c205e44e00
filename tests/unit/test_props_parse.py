"""Properties of note parsing on arbitrary text: never raises, positions are right, linear time."""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notedesk.core.frontmatter import FrontmatterBlock, load_frontmatter, split_frontmatter
from notedesk.core.note import NoteMeta, parse_note
from notedesk.core.rewrite import line_starts, link_offset

pytestmark = pytest.mark.timeout(300)

# Pieces of every construct the parser looks at, plus their broken halves.
TOKENS = [
    "[[", "]]", "![[", "|", "\\|", "#", "##", "# ", "#tag", "#1984", "#a/b", "^id", " ^blk-1",
    "%%", "$$", "$", "`", "```", "~~~", "    ", "\t", "> ", "> [!note]", "- [ ] ", "- [x] ",
    "* [?] ", "1. ", "---", "---\n", "...\n", "===", "\n", "\n\n", "\r\n", "](", "[x](", ")",
    "<", ">", "<a.md>", "%20", "%2e%2e/", "../", "/", "http://x.org/a", "mailto:a@b",
    "tags: [a, b]", "aliases: x", "&a ", "*a", "{", "}", ":", "'", '"', "\x00", "\ufffd",
    "\u200b", "é", "标签", "😀", "\ud7ff", "\U0001f600",
]  # fmt: skip

notes = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=80).map("".join)
frontmatters = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "a: &x [1, 2]\n",
                "b: *x\n",
                "c: [*x, *x, *x]\n",
                "d: &y {k: *y}\n",
                "tags: [one, two]\n",
                "tags: '#x, y'\n",
                "aliases:\n  - A\n  - B\n",
                "created: {{date}}\n",
                "e: !!python/object:os.system\n",
                "f: !!binary aGk=\n",
                "g: 2024-02-30\n",
                "h: .inf\n",
                "- item\n",
                "? key\n",
                "k: |\n  text\n",
                "[[[\n",
                "%YAML 1.1\n",
                "<<: *x\n",
                "i: 0x1F\n",
                "j: ~\n",
            ]
        ),
        st.text(max_size=10),
    ),
    max_size=12,
).map(lambda parts: "---\n" + "".join(parts) + "\n---\n")


def _check_positions(text: str, meta: NoteMeta) -> None:
    """Every link's raw text is where its line and column say; lines are in range."""
    starts = line_starts(text)
    for link in meta.links:
        at = link_offset(starts, link.line, link.col)
        assert text[at : at + len(link.raw)] == link.raw
    last = len(starts)
    for item in (*meta.tags, *meta.headings, *meta.block_ids, *meta.tasks, *meta.problems):
        assert 1 <= item.line <= last


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), notes, st.tuples(frontmatters, notes).map("".join)))
def test_parse_never_raises_and_positions_are_right(text: str) -> None:
    meta = parse_note(text)
    _check_positions(text, meta)
    # what the index caches must be plain JSON types
    import json

    json.dumps(meta.frontmatter)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frontmatters)
def test_any_frontmatter_loads_or_reports_a_problem(text: str) -> None:
    block = split_frontmatter(text + "body")
    assert block is not None
    start = time.process_time()
    loaded = load_frontmatter(block)
    assert time.process_time() - start < 2.0
    assert isinstance(loaded.data, dict)
    assert (loaded.error is None) == (loaded.error_line is None)


def _best_time(text: str, repeats: int = 3) -> float:
    """Best of a few runs, without the garbage collector (its passes grow with the heap)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            parse_note(text)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes.filter(lambda t: len(t) >= 20))
# "[ ]" on one long line (only "\r" in it): each rejected task scanned to the line's end.
@example("$- [ ] (\x8e\U000b228cû\r1è}\r<a.md>R!$b𬘥===<a.md>")
# Many inline "%%" comments on one line: each looked for its line's start and end.
@example("a %% b %% c #t ")
@example("| x | a %% b %% c #t ")  # in a table row: each looked for the cell's end
@example(">>>>>>>>>>>>>>>>>>>> a %% b %% ")
@example("> %% a\n> b\n")  # a comment in a quote looks for the quote's end
def test_parse_time_is_linear_in_size(note: str) -> None:
    # n copies against 4n copies, twice (100k -> 400k -> 1.6M characters): linear
    # parsing takes ~4x (up to ~8x once the text outgrows the CPU caches), quadratic
    # ~16x once its n**2 term shows, which it surely does at the larger step. The
    # bound (10x, plus 10 ms) is generous, and a miss is measured again: a quadratic
    # parser misses every time, a noisy machine does not.
    base = note * (100_000 // len(note) + 1)
    times = []
    for _attempt in range(3):
        t1, t4, t16 = (_best_time(base * k) for k in (1, 4, 16))
        if t4 <= 10 * t1 + 0.010 and t16 <= 10 * t4 + 0.010:
            return
        times.append((t1, t4, t16))
    raise AssertionError(f"parse time not linear for {note!r}: {times}")


# -- regressions: frontmatter that once hung or crashed parsing ------------------------


def _alias_bomb(levels: int) -> str:
    text = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels):
        prev, name = chr(96 + i), chr(97 + i)
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    return text + "---\nbody [[Link]] #tag\n"


@pytest.mark.parametrize("levels", [5, 7, 9])
def test_yaml_alias_bomb_is_refused_in_bounded_time(levels: int) -> None:
    # 9 levels describe 9**9 (387 million) values; expanding them took minutes.
    start = time.process_time()
    meta = parse_note(_alias_bomb(levels))
    assert time.process_time() - start < 1.0
    assert meta.frontmatter == {}
    assert meta.problems and "aliases expand to too many values" in meta.problems[0].message
    assert [lk.target for lk in meta.links] == ["Link"] and meta.tag_names() == ["tag"]


def test_small_aliased_frontmatter_still_expands() -> None:
    meta = parse_note("---\nbase: &b [one, two]\ntags: *b\n---\n")
    assert meta.frontmatter == {"base": ["one", "two"], "tags": ["one", "two"]}
    assert meta.tag_names() == ["one", "two"] and meta.problems == []


@pytest.mark.parametrize(
    "text",
    [
        "---\na: &x [*x]\n---\n",  # a list that contains itself
        "---\na: &x {b: *x}\n---\n",  # a mapping that contains itself
        "---\na: " + "[" * 500 + "]" * 500 + "\n---\n",
        "---\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\n",
        "{\n" + '"a": ' + "[" * 100_000 + "]" * 100_000 + "\n}\n",  # JSON frontmatter
    ],
    ids=["self-list", "self-map", "nest-500", "nest-10k", "json-nest-100k"],
)
def test_cyclic_or_deep_frontmatter_is_a_problem_not_a_crash(text: str) -> None:
    meta = parse_note(text + "after [[x]]")
    assert meta.frontmatter == {}
    assert len(meta.problems) == 1 and "frontmatter" in meta.problems[0].message
    assert [lk.target for lk in meta.links] == ["x"]


def test_large_plain_frontmatter_is_not_refused() -> None:
    # the expansion budget grows with the block: alias-free YAML always fits
    items = "".join(f"  - item{i}\n" for i in range(30_000))
    text = f"---\nlist:\n{items}map: {{a: [1, [2, [3]]]}}\n---\n"
    block = split_frontmatter(text)
    assert isinstance(block, FrontmatterBlock)
    loaded = load_frontmatter(block)
    assert loaded.error is None and len(loaded.data["list"]) == 30_000
