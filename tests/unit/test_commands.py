"""Headless commands: output shapes, exit codes and argument errors (run in-process)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.cli import main

MakeVault = Callable[[dict[str, str | bytes]], Path]

VAULT = {
    "Home.md": "---\ntags: [Top]\naliases: [Start]\n---\n# Home\n"
    "[[Sub/Child#Part]] [[Missing]] ![[img.png]]\n",
    "Sub/Child.md": "## Part\n[[Home]] #top/nested ^blk\n",
    "Sub/img.png": b"\x89PNG",
    "Broken.md": "---\ncreated: {{date}}\n---\n[[Home#Nope]] [[Sub/Child#^zzz]] ![[nothere.png]]\n",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_info_json_shape(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info", str(make_vault(VAULT)), "--json", "--notes")
    assert code == 0
    data = json.loads(out)
    assert data["note_count"] == 3
    assert data["attachment_count"] == 1
    assert data["tags"] == {"Top": 1, "top/nested": 1}
    assert data["unresolved"]["Missing"] == [{"path": "Home.md", "line": 6}]
    home = next(n for n in data["notes"] if n["path"] == "Home.md")
    assert home == {
        "path": "Home.md",
        "title": "Home",
        "tags": ["Top"],
        "aliases": ["Start"],
        "links": [
            {
                "target": "Sub/Child",
                "path": "Sub/Child.md",
                "fragment": "Part",
                "line": 6,
                "embed": False,
            },
            {"target": "Missing", "path": None, "fragment": None, "line": 6, "embed": False},
            {
                "target": "img.png",
                "path": "Sub/img.png",
                "fragment": None,
                "line": 6,
                "embed": True,
            },
        ],
        "problems": [],
    }


def test_info_text(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info", str(make_vault(VAULT)))
    assert code == 0 and "notes:        3" in out


def test_links(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "links", str(make_vault(VAULT)), "Sub/Child.md", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["note"] == "Sub/Child.md"
    assert [(o["target"], o["path"], o["line"]) for o in data["outgoing"]] == [
        ("Home", "Home.md", 2)
    ]
    assert data["backlinks"] == [
        {
            "source": "Broken.md",
            "line": 4,
            "context": "[[Home#Nope]] [[Sub/Child#^zzz]] ![[nothere.png]]",
            "target": "Sub/Child",
        },
        {
            "source": "Home.md",
            "line": 6,
            "context": "[[Sub/Child#Part]] [[Missing]] ![[img.png]]",
            "target": "Sub/Child",
        },
    ]


def test_links_by_name_and_unknown(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(make_vault(VAULT))
    code, out, _ = run(capsys, "links", root, "child")
    assert code == 0 and out.startswith("Sub/Child.md")
    code, _, err = run(capsys, "links", root, "Nobody")
    assert code == 2 and "no such note" in err


def test_tags(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tags", str(make_vault(VAULT)), "--json")
    assert code == 0
    assert json.loads(out) == {
        "tags": [
            {
                "name": "Top",
                "tag": "Top",
                "count": 2,
                "own": 1,
                "children": [
                    {"name": "nested", "tag": "top/nested", "count": 1, "own": 1, "children": []}
                ],
            }
        ]
    }


def test_search(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", str(make_vault(VAULT)), "nested", "--json", "--limit", "5")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "nested"
    [hit] = data["hits"]
    assert hit["path"] == "Sub/Child.md"
    assert hit["matches"][0] == {
        "line": 2,
        "text": "[[Home]] #top/nested ^blk",
        "ranges": [[14, 20]],
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["-nested"],
        ["-nested", "--json"],
        ["--json", "-nested", "--limit", "5"],
        ["--limit=5", "-nested"],
        ["--", "-nested"],
    ],
)
def test_search_query_starting_with_minus(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    root = str(make_vault(VAULT))
    code, out, _ = run(capsys, "search", root, *argv)
    assert code == 0
    found = (
        sorted(h["path"] for h in json.loads(out)["hits"]) if "--json" in argv else out.split()
    )
    assert sorted(found) == ["Broken.md", "Home.md"]


def test_check(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(make_vault(VAULT)))
    assert code == 1
    lines = out.splitlines()
    assert "Broken.md:2: invalid YAML frontmatter: found unhashable key" in lines[0]
    assert "Broken.md:4: heading #Nope not found in Home.md ([[Home#Nope]])" in lines
    assert "Broken.md:4: block #^zzz not found in Sub/Child.md ([[Sub/Child#^zzz]])" in lines
    assert "Broken.md:4: broken embed ![[nothere.png]]" in lines
    assert "Home.md:6: broken link [[Missing]]" in lines
    assert len(lines) == 5


def test_check_reports_canvas_cards_naming_missing_files(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    board = (
        '{"nodes":[\n{"id":"a","type":"file","file":"b.md"},\n'
        '{"id":"c","type":"file","file":"Gone.md"},\n'
        '{"id":"d","type":"text","text":"Gone.md"}\n]}'
    )
    root = make_vault({"a.md": "[[b]]", "b.md": "# B", "Boards/x.canvas": board})
    code, out, _ = run(capsys, "check", str(root), "--json")
    assert code == 1
    assert json.loads(out)["problems"] == [
        {
            "path": "Boards/x.canvas",
            "line": 3,
            "kind": "broken-canvas-file",
            "message": 'canvas card names a missing file "Gone.md"',
        }
    ]


def test_check_clean_vault(make_vault: MakeVault, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(make_vault({"a.md": "[[b]]", "b.md": "# B"})))
    assert (code, out) == (0, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["info"],
        ["info", "/definitely/not/here"],
        ["tags", "--bogus", "x"],
        ["search", "VAULT"],
        ["search", "VAULT", "x", "--limit", "0"],
        ["search", "VAULT", "x", "--limit", "ten"],
        ["search", "VAULT", '"unclosed'],
        ["search", "VAULT", "-x", "--bogus"],
        ["check", "VAULT/Home.md"],
        ["links", "VAULT"],
    ],
)
def test_argument_errors_exit_2(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    root = str(make_vault(VAULT))
    argv = [a.replace("VAULT", root) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip() and "Traceback" not in err


def test_unexpected_error_is_one_line(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import notedesk.commands.info as info

    def boom(_vault: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(info, "open_index", boom)
    code, _out, err = run(capsys, "info", str(make_vault(VAULT)))
    assert code == 2
    assert err.strip() == "notedesk info: unexpected error: RuntimeError: disk on fire"


def test_check_reports_what_the_listing_left_out(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({"a.md": "# A\n"})
    (root / "back\\slash.md").write_text("x", encoding="utf-8")
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(40):  # 40 x 121 characters: past PATH_MAX, made folder by folder
            os.mkdir("d" * 120, dir_fd=fd)
            inner = os.open("d" * 120, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    code, out, _ = run(capsys, "check", str(root))
    assert code == 1
    lines = out.splitlines()
    assert "back\\slash.md:1: name with a backslash or not UTF-8: left out" in lines
    assert any("folder cannot be read: File name too long" in line for line in lines), lines
