"""task:, task-todo:, task-done: look at a task's whole text, its continuation lines too
(the parser follows them: Task.text and Task.more; task_text.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.core.index import VaultIndex
from notedesk.core.note import parse_note
from notedesk.core.search import SearchEngine
from notedesk.core.store import IndexStore
from notedesk.core.task_text import task_columns
from notedesk.core.vault import Vault

MakeVault = Callable[[dict[str, str | bytes]], Path]

# (the note, each task's [start, end) lines, 0-based, and its text)
EXTENT_CASES = [
    pytest.param(
        "- [ ] call the plumber\n  about the kitchen sink\n",
        [(0, 2, "call the plumber\nabout the kitchen sink")],
        id="indented-continuation",
    ),
    pytest.param(
        "- [ ] call the plumber\nabout the sink\nand the tap\n",
        [(0, 3, "call the plumber\nabout the sink\nand the tap")],
        id="lazy-continuation",
    ),
    pytest.param(
        "- [ ] parent\n  more of the parent\n  - [ ] child\n    more of the child\n- [x] next\n",
        [(0, 2, "parent\nmore of the parent"), (2, 4, "child\nmore of the child"), (4, 5, "next")],
        id="sub-task-is-its-own-task",
    ),
    pytest.param(
        "- [ ] parent\n  - plain sub-item\n",
        [(0, 1, "parent")],
        id="plain-sub-item-ends-it",
    ),
    pytest.param(
        "- [ ] task\n\nnot the task\n",
        [(0, 1, "task")],
        id="blank-line-then-less-indented",
    ),
    pytest.param(
        "- [ ] task\n\n  second paragraph\n\n\n  third\nout\n",
        [(0, 7, "task\nsecond paragraph\nthird\nout")],
        id="blank-line-then-indented-paragraph",
    ),
    pytest.param(
        "- [ ] task\n\n      indented code\n",
        [(0, 1, "task")],
        id="indented-code-after-blank-line",
    ),
    pytest.param(
        "- [ ] task\n  ```\n  code sink\n  ```\n  after\n",
        [(0, 1, "task")],
        id="fence-inside-item-ends-it",
    ),
    pytest.param(
        "- [ ] task\n```\ncode\n```\n",
        [(0, 1, "task")],
        id="fence-after-item",
    ),
    pytest.param(
        "- [ ] task\n# heading\n",
        [(0, 1, "task")],
        id="heading-ends-it",
    ),
    pytest.param(
        "- [ ] task\n---\n",
        [(0, 1, "task")],
        id="thematic-break-ends-it",
    ),
    pytest.param(
        "- [ ] task\n> quote\n",
        [(0, 1, "task")],
        id="blockquote-ends-it",
    ),
    pytest.param(
        "> - [ ] a\n> b\nlazy\n>\n> c\n",
        [(0, 3, "a\nb\nlazy")],
        id="task-in-blockquote",
    ),
    pytest.param(
        "> - [ ] a\n>\n>   b\n\n  c\n",
        [(0, 3, "a\nb")],
        id="blockquote-paragraph-then-quote-ends",
    ),
    pytest.param(
        "1. [ ] first\n   goes on\n10) [x] tenth\n    goes on\n",
        [(0, 2, "first\ngoes on"), (2, 4, "tenth\ngoes on")],
        id="numbered-list-tasks",
    ),
    pytest.param(
        "* [ ] star\n+ [/] plus\n\tcontinued by a tab\n",
        [(0, 1, "star"), (1, 3, "plus\ncontinued by a tab")],
        id="other-markers-and-tabs",
    ),
    pytest.param(
        "- [ ] a\n\n- [ ] b\n",
        [(0, 1, "a"), (2, 3, "b")],
        id="loose-list",
    ),
    pytest.param(
        "- [ ] a\n    - [ ] b\n    - [ ] c\n        - [ ] d\n        - [ ] e\n",
        [(0, 1, "a"), (1, 2, "b"), (2, 3, "c"), (3, 4, "d"), (4, 5, "e")],
        id="nested-siblings-end-each-other",
    ),
    pytest.param(
        "1. step\n   - [ ] b\n     more\n   - [ ] c\n",
        [(1, 3, "b\nmore"), (3, 4, "c")],
        id="tasks-in-an-ordered-item",
    ),
    pytest.param(
        "- [ ] a\n          - b\n",
        [(0, 2, "a\n- b")],
        id="marker-indented-past-code-depth-is-text",
    ),
]


@pytest.mark.parametrize(("text", "expected"), EXTENT_CASES)
def test_task_text_takes_the_continuation_lines(
    text: str, expected: list[tuple[int, int, str]]
) -> None:
    tasks = parse_note(text).tasks
    assert [(t.line - 1, t.line + t.more, t.text) for t in tasks] == expected
    lines = text.split("\n")
    columns = task_columns(lines, tasks)
    assert sorted(columns) == [n for a, b, _t in expected for n in range(a, b)]
    for t in tasks:  # the search lists a task's lines: its text starts at these columns
        pieces = [lines[n][columns[n] :].rstrip() for n in range(t.line - 1, t.line + t.more)]
        assert "\n".join(p for p in pieces if p) == t.text


def test_task_columns_of_another_text() -> None:
    tasks = parse_note("- [ ] a\n  b\n").tasks
    assert task_columns([], tasks) == {}  # the note changed since it was parsed
    assert task_columns(["- [ ] a"], tasks) == {0: 6}


PATHOLOGICAL = [
    ("100k tasks", "- [ ] a\n" * 100_000),
    ("100k nested tasks", "".join("  " * (i % 40) + "- [ ] a\n" for i in range(100_000))),
    ("one task, 100k lazy lines", "- [ ] a\n" + "b\n" * 100_000),
    ("one task, 100k blank lines", "- [ ] a" + "\n" * 100_000 + "  b\n"),
    ("deep quotes", ("> " * 30 + "- [ ] a\n" + "> " * 30 + "b\n") * 20_000),
]


@pytest.mark.timeout(60)  # linear: a few seconds at most; quadratic: many minutes
@pytest.mark.parametrize("text", [c[1] for c in PATHOLOGICAL], ids=[c[0] for c in PATHOLOGICAL])
def test_following_tasks_is_linear(text: str) -> None:
    tasks = parse_note(text).tasks
    columns = task_columns(text.split("\n"), tasks)
    assert len(columns) >= len(tasks) > 0


NOTE = (
    "- [ ] call the plumber\n"  # 1
    "  about the kitchen sink\n"  # 2
    "- [x] pay the bank\n"  # 3
    "lazy mortgage line\n"  # 4
    "  - [ ] child task\n"  # 5
    "    ask about roses\n"  # 6
    "\n"  # 7
    "the sink outside any task\n"  # 8
    "> - [ ] quoted\n"  # 9
    "> quoted sink\n"  # 10
    "1. [ ] numbered\n"  # 11
    "   with a hose\n"  # 12
    "- [ ] fenced\n"  # 13
    "  ```\n"  # 14
    "  fenced hose\n"  # 15
    "  ```\n"  # 16
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    root = tmp_path_factory.mktemp("tasks")
    (root / "Tasks.md").write_text(NOTE, encoding="utf-8")
    (root / "Other.md").write_text("- [ ] unrelated\nsink in a paragraph\n\nsink\n", "utf-8")
    store = IndexStore(root, tmp_path_factory.mktemp("taskscache"))
    index = VaultIndex(Vault(root), store)
    index.build()
    return SearchEngine(index, store)


def lines(engine: SearchEngine, query: str) -> dict[str, list[int]]:
    return {h.path: [m.line for m in h.matches] for h in engine.search(query)}


SEARCH_CASES = [
    ("task:sink", {"Tasks.md": [2, 10], "Other.md": [2]}),  # lazy line of "unrelated"
    ("task:(plumber sink)", {"Tasks.md": [1, 2]}),
    ("task:mortgage", {"Tasks.md": [4]}),
    ("task-done:mortgage", {"Tasks.md": [4]}),
    ("task-todo:mortgage", {}),
    ("task:(bank roses)", {}),  # a sub-task is its own task
    ("task:roses", {"Tasks.md": [6]}),
    ("task:hose", {"Tasks.md": [12]}),  # not the fenced one
    ("task:(fenced hose)", {}),
    ("task:(-sink)", {"Tasks.md": []}),  # tasks without it: no term to show
    ("task:(plumber -sink)", {}),
    ("task:/^about/", {"Tasks.md": [2]}),  # each line of the task's text is a line
    ("task:/^call/", {"Tasks.md": [1]}),
    ("task:/the kitchen/", {"Tasks.md": [2]}),
    ("task:/plumber.about/", {}),  # "." is no line break
    ("task:/plumber\\sabout/", {"Tasks.md": [1]}),  # across lines: its first line is listed
    ("task-todo:(quoted sink)", {"Tasks.md": [9, 10]}),
]


@pytest.mark.parametrize(("query", "expected"), SEARCH_CASES, ids=[c[0] for c in SEARCH_CASES])
def test_task_operators_search_the_whole_task(
    engine: SearchEngine, query: str, expected: dict[str, list[int]]
) -> None:
    assert lines(engine, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('task:""', [1, 3, 5, 9, 11, 13]),
        ('task-todo:""', [1, 5, 9, 11, 13]),
        ('task-done:""', [3]),
    ],
)
def test_every_task_is_listed_once(engine: SearchEngine, query: str, expected: list[int]) -> None:
    assert lines(engine, query)["Tasks.md"] == expected


def test_a_task_is_listed_where_it_matches(make_vault: MakeVault, tmp_path: Path) -> None:
    # More tasks than a hit lists lines: the first ones are each listed once.
    text = "".join(f"- [ ] task {i}\n  more {i}\n" for i in range(30))
    root = make_vault({"Many.md": text})
    store = IndexStore(root, tmp_path / "cache")
    index = VaultIndex(Vault(root), store)
    index.build()
    engine = SearchEngine(index, store)
    [hit] = engine.search('task:""')
    assert [m.line for m in hit.matches] == list(range(1, 40, 2))
    [hit] = engine.search("task:more")
    assert [m.line for m in hit.matches] == list(range(2, 41, 2))
    assert [m.text for m in hit.matches][:1] == ["  more 0"]
    assert hit.matches[0].ranges == [(2, 6)]
