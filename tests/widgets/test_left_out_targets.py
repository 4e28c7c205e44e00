"""The real window never writes where the vault does not look: a link followed to a
left-out file or folder creates nothing and says why, a rename or move into a left-out
folder is refused with the rule; Back passes over notes deleted since."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from notedesk.core.events import FileEvent
from notedesk.core.linkurls import new_note_url

WAIT = 20000

FILES = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "build/\n*.log\n",
    ".github/workflows/ci.yml": "on: push\n",
    "README.md": "# Readme\n\nSee [install](docs/install.md).\n",
    "docs/install.md": "# Install\n",
    "build/html/out.md": "# Out\n",
    "app.log": "log\n",
    "_layouts/page.md": "layout\n",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / ".vscode").mkdir()
    settings = {"foam.files.ignore": ["**/_layouts/**/*"]}
    (root / ".vscode/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return root


@pytest.fixture
def no_boxes(monkeypatch) -> list[str]:
    """The texts of warning boxes shown (none is really shown)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("build/", "“build/” is left out of this vault (.gitignore)"),
        ("build/html", "“build/” is left out of this vault (.gitignore)"),
        (".github/", "“.github/” is left out of this vault (a hidden name)"),
        ("app.log", "“app.log” is left out of this vault (.gitignore)"),
        ("nofolder/", "no folder “nofolder/”"),
        ("build/new", "“build/” is left out of this vault (.gitignore)"),
    ],
)
def test_a_link_to_what_the_vault_leaves_out_creates_nothing(qtbot, app_on, repo, target, said):
    before = _files(repo)
    controller = app_on(repo / "README.md")
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=WAIT)
    window = controller.window
    window.current_tab().link_activated.emit(new_note_url(target, "README.md"), False)
    qtbot.wait(300)
    assert said in window.statusBar().currentMessage()
    assert window.current_tab().path == "README.md"
    assert _files(repo) == before


def test_an_ordinary_unresolved_link_still_creates_its_note(qtbot, app_on, repo):
    controller = app_on(repo / "README.md")
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=WAIT)
    window = controller.window
    window.current_tab().link_activated.emit(new_note_url("docs/new-page", "README.md"), False)
    qtbot.waitUntil(lambda: (repo / "docs/new-page.md").exists(), timeout=WAIT)


def test_renaming_or_moving_into_a_left_out_folder_is_refused(
    qtbot, app_on, repo, no_boxes, monkeypatch
):
    controller = app_on(repo)
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=WAIT)
    ops = controller.files_wiring.ops
    asked: list[object] = []
    monkeypatch.setattr(ops, "ask_update_links", lambda plan: asked.append(plan))
    problem = ops.rename_problem("docs/install.md", "_layouts/inbox/install")
    assert problem == (
        "“_layouts” is left out of this vault (foam.files.ignore): "
        "the note would disappear from notedesk."
    )
    ops.rename("docs/install.md", "build/install")
    ops.move_items(["docs/install.md"], "node_modules/x", new_folder=True)
    qtbot.wait(500)
    assert no_boxes == [
        "“build” is left out of this vault (.gitignore): the note would disappear from notedesk.",
        "Cannot move “docs/install.md”: “node_modules” is left out of this vault "
        "(node_modules folders): the note would disappear from notedesk.",
    ]
    assert asked == []  # no "Update 1 link?" before the refusal
    assert (repo / "docs/install.md").exists()
    assert not (repo / "build/install.md").exists() and not (repo / "node_modules").exists()
    assert "docs/install.md" in controller.index_service.index.notes()


@pytest.mark.parametrize("how", ["notedesk", "disk"])
def test_back_passes_over_a_deleted_note(qtbot, app_on, tmp_path, no_boxes, monkeypatch, how):
    from notedesk.core.trash import Trash

    root = tmp_path / "vault"
    root.mkdir()
    for name in "ABC":
        (root / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    controller = app_on(root / "A.md")
    qtbot.waitUntil(lambda: controller.index_service.ready, timeout=WAIT)
    window = controller.window
    ops = controller.files_wiring.ops
    window.open_note("B.md")
    window.open_note("C.md")
    assert [t.path for t in window.note_tabs()] == ["C.md"]
    if how == "notedesk":
        monkeypatch.setattr(ops, "confirm_delete", lambda paths: True)
        ops._trash = Trash(home_trash=tmp_path / "Trash")
        ops.delete(["B.md"])
    else:
        (root / "B.md").unlink()
    assert not (root / "B.md").exists()
    window.go_back()
    assert window.current_tab().path == "A.md"
    assert no_boxes == []
    assert window.history.items() == ["A.md", "C.md"]
    assert not window.action_back.isEnabled()
    window.go_forward()
    assert window.current_tab().path == "C.md"


def test_a_note_deleted_on_disk_drops_out_of_history(qtbot, app_on, tmp_path):
    root = tmp_path / "vault"
    root.mkdir()
    for name in "ABC":
        (root / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    controller = app_on(root / "A.md")
    window = controller.window
    window.open_note("B.md")
    window.open_note("C.md")
    (root / "B.md").unlink()
    controller.files_wiring.apply_events([FileEvent("deleted", "B.md")])
    assert window.history.items() == ["A.md", "C.md"]
