"""Renaming or moving a file updates the JSON Canvas files that show it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notedesk.core.canvasrefs import canvas_edits, canvas_refs
from notedesk.core.fileops import plan_links, plan_rename, prepare_moves
from notedesk.core.index import VaultIndex
from notedesk.core.linkedits import apply_edits
from notedesk.core.renameapply import apply_rename
from notedesk.core.vault import Vault

# As Obsidian writes it: tabs, one node a line, keys in its order.
BOARD = (
    '{\n\t"nodes":[\n'
    '\t\t{"id":"a1","type":"text","text":"see \\"file\\": \\"Home.md\\"","x":0,"y":0,'
    '"width":250,"height":120},\n'
    '\t\t{"id":"b2","type":"file","file":"Home.md","x":300,"y":0,"width":300,"height":200},\n'
    '\t\t{"id":"b3","type":"file","file":"Files/pic.png","subpath":"#x","x":0,"y":300,'
    '"width":300,"height":200},\n'
    '\t\t{"id":"b4","type":"file", "file" : "Other.md","x":0,"y":600,"width":9,"height":9}\n'
    '\t],\n\t"edges":[]\n}'
)


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    (root / "Boards").mkdir(parents=True)
    (root / "Files").mkdir()
    (root / "Home.md").write_text("# Home\n")
    (root / "Other.md").write_text("[[Home]]\n")
    (root / "Files" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "Boards" / "board.canvas").write_text(BOARD)
    return Vault(root)


def indexed(vault: Vault) -> VaultIndex:
    index = VaultIndex(vault, workers=1)
    index.build()
    return index


def test_canvas_refs_are_the_file_nodes_only() -> None:
    refs = canvas_refs(BOARD)
    assert [r.path for r in refs] == ["Home.md", "Files/pic.png", "Other.md"]
    assert all(BOARD[r.offset : r.offset + len(r.raw)] == r.raw for r in refs)
    assert canvas_refs("{not json") == []
    assert canvas_refs('{"nodes": [{"type": "text", "file": "Home.md"}]}') == []


def test_canvas_edit_keeps_every_other_byte() -> None:
    edits = canvas_edits(BOARD, {"Home.md": 'A "quoted" näme.md'}.get)
    after = apply_edits(BOARD, edits)
    assert after == BOARD.replace('"file":"Home.md"', '"file":"A \\"quoted\\" näme.md"')
    assert json.loads(after)["nodes"][1]["file"] == 'A "quoted" näme.md'


def test_renaming_a_note_updates_the_canvas(vault: Vault) -> None:
    index = indexed(vault)
    plan = plan_rename(index, vault, "Home.md", "Start.md")
    assert "Boards/board.canvas" in [r.path for r in plan.rewrites]
    assert plan.summary == "2 links in 2 files"  # Other.md's [[Home]] and the canvas
    apply_rename(vault, plan)
    text = (vault.root / "Boards" / "board.canvas").read_text()
    assert text == BOARD.replace('"file":"Home.md"', '"file":"Start.md"')


def test_moving_a_folder_updates_the_canvas_and_a_moved_canvas(vault: Vault) -> None:
    index = indexed(vault)
    plan = plan_links(
        vault,
        prepare_moves(index, vault, [("Files", "Media/Files"), ("Boards", "Old/Boards")]),
    )
    apply_rename(vault, plan)
    text = (vault.root / "Old" / "Boards" / "board.canvas").read_text()
    assert text == BOARD.replace('"Files/pic.png"', '"Media/Files/pic.png"')


def test_a_canvas_edited_after_planning_is_planned_again(vault: Vault) -> None:
    index = indexed(vault)
    plan = plan_rename(index, vault, "Other.md", "Else.md")
    board = vault.root / "Boards" / "board.canvas"
    board.write_text(BOARD.replace('"edges":[]', '"edges":[ ]'))
    apply_rename(vault, plan)
    assert board.read_text() == BOARD.replace('"edges":[]', '"edges":[ ]').replace(
        '"Other.md"', '"Else.md"'
    )
