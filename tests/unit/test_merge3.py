"""Three-way merge of a note's lines, and the edits that turn one text into another."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notedesk.core.merge3 import apply_edits, hunks, line_edits, merge3

BASE = "one\ntwo\nthree\nfour\nfive\n"


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged"),
    [
        # Changes to different lines go together.
        (BASE, "one\nTWO\nthree\nfour\nfive\n", "one\ntwo\nthree\nfour\nFIVE\n",
         "one\nTWO\nthree\nfour\nFIVE\n"),
        # Next to each other but not on the same line.
        (BASE, "one\nTWO\nthree\nfour\nfive\n", "one\ntwo\nTHREE\nfour\nfive\n",
         "one\nTWO\nTHREE\nfour\nfive\n"),
        # An insertion right before or after the other side's changed line.
        (BASE, "one\nTWO\nthree\nfour\nfive\n", "one\nnew\ntwo\nthree\nfour\nfive\n",
         "one\nnew\nTWO\nthree\nfour\nfive\n"),
        (BASE, "one\nTWO\nthree\nfour\nfive\n", "one\ntwo\nnew\nthree\nfour\nfive\n",
         "one\nTWO\nnew\nthree\nfour\nfive\n"),
        # Lines deleted on one side, another line changed on the other.
        (BASE, "one\nfour\nfive\n", "one\ntwo\nthree\nfour\nFIVE\n", "one\nfour\nFIVE\n"),
        # The same change on both sides is taken once.
        (BASE, "one\nTWO\nthree\nfour\nfive\n", "one\nTWO\nthree\nfour\nfive\nsix\n",
         "one\nTWO\nthree\nfour\nfive\nsix\n"),
        (BASE, "zero\none\ntwo\nthree\nfour\nfive\nmine\n",
         "zero\none\ntwo\nthree\nfour\nfive\ntheirs\n", None),
        # One side only: that side.
        (BASE, BASE, "x\n", "x\n"),
        (BASE, "x\n", BASE, "x\n"),
        # Typing at the end of a last line without newline, a line appended by them.
        ("a\nb", "a\nb and more", "a\nb\nc", "a\nb and more\nc"),
        ("a\nb", "a\nb\n", "A\nb", "A\nb\n"),
        # Empty texts.
        ("", "mine\n", "", "mine\n"),
        ("", "", "theirs\n", "theirs\n"),
        ("", "mine", "theirs", None),
        ("a\n", "", "a\nb\n", "b\n"),  # all deleted, a line appended after it
        ("x\n", "", "", ""),
        # Both change the same line differently.
        (BASE, "one\nTWO\nthree\nfour\nfive\n", "one\nTwo\nthree\nfour\nfive\n", None),
        # Insertions at the same place: which goes first is a guess.
        (BASE, BASE + "mine\n", BASE + "theirs\n", None),
        ("a\nb\n", "a\nmine\nb\n", "a\ntheirs\nb\n", None),
        # An insertion inside lines the other side replaced.
        (BASE, "one\nTWO\nTHREE\nfour\nfive\n", "one\ntwo\nnew\nthree\nfour\nfive\n", None),
        # Overlapping ranges, even if one side's change is part of the other's.
        (BASE, "one\nTWO\nTHREE\nfour\nfive\n", "one\nTWO\nthree\nfour\nfive\n", None),
        # A carriage return is only a character here (the document's text is LF).
        ("a\r\nb\r\n", "a\r\nB\r\n", "A\r\nb\r\n", "A\r\nB\r\n"),
    ],
)  # fmt: skip
def test_merge_table(base: str, mine: str, theirs: str, merged: str | None) -> None:
    assert merge3(base, mine, theirs) == merged
    assert merge3(base, theirs, mine) == merged


def test_hunks_are_the_changed_line_ranges() -> None:
    old = ["a", "b", "c"]
    assert [(h.start, h.end, h.lines) for h in hunks(old, ["a", "B", "c", "d"])] == [
        (1, 2, ("B",)),
        (3, 3, ("d",)),
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),
        ("", "abc"),
        ("abc", ""),
        ("a\nb", "a"),
        ("a\nb\n", "a\n"),
        ("a\nb\nc\n", "x\na\nb\nc\n"),
        ("a\nb", "a\nb\n"),
        ("a\nb\n", "a\nb"),
        ("one two\n", "one, two\n"),
        ("🌱\nb\n", "🌱\nB\n"),
    ],
)
def test_line_edits_table(old: str, new: str) -> None:
    assert apply_edits(old, line_edits(old, new)) == new


def test_line_edits_leave_the_rest_of_a_line_alone() -> None:
    [edit] = line_edits("one\nhello world\nthree\n", "one\nhello, world\nthree\n")
    assert (edit.start, edit.end, edit.text) == (9, 9, ",")


# -- properties ----------------------------------------------------------------------

# Few distinct lines, so the texts repeat lines and the alignment has choices.
LINES = st.lists(st.sampled_from(["", "a", "b", "c", "# h", "- x"]), max_size=8)
TEXTS = LINES.map("\n".join)


@settings(max_examples=300, deadline=None)
@given(base=TEXTS, other=TEXTS)
def test_one_side_unchanged_gives_the_other(base: str, other: str) -> None:
    assert merge3(base, base, other) == other
    assert merge3(base, other, base) == other
    assert merge3(base, other, other) == other


@settings(max_examples=300, deadline=None)
@given(base=TEXTS, mine=TEXTS, theirs=TEXTS)
def test_merge_does_not_depend_on_the_side(base: str, mine: str, theirs: str) -> None:
    assert merge3(base, mine, theirs) == merge3(base, theirs, mine)


def _kept(base: list[str], other: list[str]) -> set[int]:
    """Base line numbers the other version left as they were."""
    changed: set[int] = set()
    for h in hunks(base, other):
        changed.update(range(h.start, h.end))
    return set(range(len(base))) - changed


def _is_subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(x == y for y in it) for x in needle)


@settings(max_examples=400, deadline=None)
@given(base=LINES, mine=LINES, theirs=LINES)
def test_merge_never_drops_a_line_both_sides_kept(
    base: list[str], mine: list[str], theirs: list[str]
) -> None:
    merged = merge3("\n".join(base), "\n".join(mine), "\n".join(theirs))
    if merged is None:
        return
    both = sorted(_kept(base, mine) & _kept(base, theirs))
    assert _is_subsequence([base[i] for i in both], merged.split("\n"))


@st.composite
def disjoint_changes(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], list[str]]:
    """A base of distinct lines, and two changes to line ranges with a kept line between."""
    n = draw(st.integers(3, 12))
    base = [f"line {i}" for i in range(n)]
    cut = draw(st.integers(1, n - 2))  # the kept line between the two ranges
    a1 = draw(st.integers(0, cut))
    a2 = draw(st.integers(a1, cut))
    b1 = draw(st.integers(cut + 1, n))
    b2 = draw(st.integers(b1, n))
    mine_new = draw(st.lists(st.sampled_from(["m1", "m2", "m3"]), max_size=3))
    theirs_new = draw(st.lists(st.sampled_from(["t1", "t2", "t3"]), max_size=3))
    if a1 == a2 and not mine_new:
        mine_new = ["m0"]
    if b1 == b2 and not theirs_new:
        theirs_new = ["t0"]
    mine = base[:a1] + mine_new + base[a2:]
    theirs = base[:b1] + theirs_new + base[b2:]
    expected = base[:a1] + mine_new + base[a2:b1] + theirs_new + base[b2:]
    if draw(st.booleans()):
        mine, theirs = theirs, mine
    return base, mine, theirs, expected


@settings(max_examples=300, deadline=None)
@given(case=disjoint_changes(), final_newline=st.booleans())
def test_disjoint_changes_both_arrive(
    case: tuple[list[str], list[str], list[str], list[str]], final_newline: bool
) -> None:
    base, mine, theirs, expected = case
    end = "\n" if final_newline else ""

    def text(lines: list[str]) -> str:
        return "\n".join(lines) + end

    assert merge3(text(base), text(mine), text(theirs)) == text(expected)


@settings(max_examples=400, deadline=None)
@given(old=TEXTS, new=TEXTS)
def test_line_edits_turn_old_into_new(old: str, new: str) -> None:
    edits = line_edits(old, new)
    assert apply_edits(old, edits) == new
    # In order and apart, so they can be applied last to first at old positions.
    for before, after in itertools.pairwise(edits):
        assert before.end <= after.start
    assert all(0 <= e.start <= e.end <= len(old) for e in edits)


@pytest.mark.timeout(10)
def test_long_notes_of_repeated_lines_merge_or_conflict_at_once() -> None:
    # Aligning 20,000 equal lines line by line took minutes (on the UI thread).
    n = 20_000
    base = ["- [ ] same"] * n
    mine, theirs = list(base), list(base)
    mine[5] = "- [x] done"
    theirs[n - 5] = "- [ ] new"
    merged = merge3("\n".join(base), "\n".join(mine), "\n".join(theirs))
    assert merged is not None
    assert merged.split("\n")[5] == "- [x] done" and merged.split("\n")[n - 5] == "- [ ] new"
    # Changes spread through the note: too costly to align, so no guess: a conflict.
    mine[n // 2] = "- [x] middle"
    theirs[n // 3] = "- [ ] third"
    assert merge3("\n".join(base), "\n".join(mine), "\n".join(theirs)) is None
    edits = line_edits("\n".join(base), "\n".join(mine))
    assert apply_edits("\n".join(base), edits) == "\n".join(mine)


@settings(max_examples=300, deadline=None)
@given(a=st.text(alphabet="ab\n", max_size=40), b=st.text(alphabet="ab\n", max_size=40))
def test_common_ends_are_the_longest_shared_start_and_end(a: str, b: str) -> None:
    from notedesk.core.commonends import common_ends

    for x, y in ((a, b), (a.split("\n"), b.split("\n"))):
        head, tail = common_ends(x, y)
        assert x[:head] == y[:head] and head + tail <= min(len(x), len(y))
        assert head == min(len(x), len(y)) or x[head] != y[head]
        assert x[len(x) - tail :] == y[len(y) - tail :]
        rest = min(len(x), len(y)) - head
        assert tail == rest or x[len(x) - tail - 1] != y[len(y) - tail - 1]
