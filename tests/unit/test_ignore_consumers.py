"""Everything that lists the vault leaves out what its ignore rules leave out: the index
(and so search, the switcher, tags, backlinks), its cache, the watcher, export, and the
``info`` and ``check`` commands, which also say what was left out and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from notedesk.cli import main
from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault
from notedesk.core.watch import VaultWatcher

MakeVault = Callable[[dict[str, str | bytes]], Path]

DOCS_REPO: dict[str, str | bytes] = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "build/\n*.log\n",
    "README.md": "# Readme\n#docs [[guide]]\n",
    "docs/guide.md": "# Guide\nSee [[README]].\n",
    "node_modules/a/README.md": "# A\n#npm [[README]]\n",
    "node_modules/b/README.md": "# B\n#npm [[README]]\n",
    "build/html/out.md": "# Out\n[[README]]\n",
    "app.log": "log\n",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_leaves_out_ignored_notes(make_vault: MakeVault) -> None:
    index = VaultIndex(Vault(make_vault(DOCS_REPO)), workers=1)
    index.build()
    assert sorted(index.notes()) == ["README.md", "docs/guide.md"]
    assert "npm" not in {t.casefold() for t in index.tags()}
    assert [b.source for b in index.backlinks("README.md")] == ["docs/guide.md"]


def test_events_inside_ignored_folders_do_not_reach_the_index(make_vault: MakeVault) -> None:
    root = make_vault(DOCS_REPO)
    index = VaultIndex(Vault(root), workers=1)
    index.build()
    (root / "node_modules" / "c").mkdir()
    (root / "node_modules" / "c" / "README.md").write_text("# C\n", encoding="utf-8")
    (root / "build" / "new.md").write_text("x", encoding="utf-8")
    (root / "fresh").mkdir()
    (root / "fresh" / "node_modules").mkdir()
    (root / "fresh" / "node_modules" / "x.md").write_text("x", encoding="utf-8")
    (root / "fresh" / "kept.md").write_text("k", encoding="utf-8")
    index.apply_all(
        [
            FileEvent("created", "node_modules/c", None, True),
            FileEvent("created", "node_modules/c/README.md", None, False),
            FileEvent("modified", "build/new.md", None, False),
            FileEvent("created", "fresh", None, True),
            FileEvent("moved", "docs/guide.md", "build/guide.md", False),
        ]
    )
    assert sorted(index.notes()) == ["README.md", "fresh/kept.md"]


def test_cached_notes_go_when_a_rule_leaves_them_out(make_vault: MakeVault, tmp_path: Path) -> None:
    files = dict(DOCS_REPO)
    del files[".gitignore"]
    root = make_vault(files)
    cache = tmp_path / "cache"
    first = VaultIndex(Vault(root), IndexStore(root, cache), workers=1)
    first.build()
    assert "build/html/out.md" in first.notes()
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    # The next time the vault is opened, the rule counts, cache or not.
    again = VaultIndex(Vault(root), IndexStore(root, cache), workers=1)
    again.build()
    assert sorted(again.notes()) == ["README.md", "docs/guide.md"]


def test_watcher_reports_nothing_from_ignored_folders(make_vault: MakeVault) -> None:
    from tests.unit.test_watch import Recorder, sentinel, write

    root = make_vault(DOCS_REPO)
    vault = Vault(root)
    rec = Recorder()
    with VaultWatcher(root, rec, ignore=vault.is_ignored):
        write(root / "node_modules" / "a" / "more.md", "x")
        write(root / "node_modules" / "z" / "new.md", "x")
        write(root / "build" / "x.md", "x")
        write(root / "other.log", "x")
        sentinel(root, rec)
    paths = rec.paths()
    assert not any(p.startswith(("node_modules", "build")) or p.endswith(".log") for p in paths)


def test_watcher_default_follows_the_folders_rules(make_vault: MakeVault) -> None:
    root = make_vault(DOCS_REPO)
    watcher = VaultWatcher(root, lambda _b: None)
    assert watcher._ignore("node_modules/a/README.md")
    assert watcher._ignore("app.log")
    assert not watcher._ignore("docs/guide.md")


def test_info_says_what_was_left_out(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(make_vault(DOCS_REPO))
    code, out, _ = run(capsys, "info", root, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["note_count"] == 2  # the fields that were there are as they were
    assert {"vault", "attachment_count", "tag_count", "unresolved_count", "tags"} <= set(data)
    assert data["tags"] == {"docs": 1}
    assert data["ignored_count"] == 3
    assert data["ignored"]["files"] == 1 and data["ignored"]["folders"] == 2
    assert data["ignored"]["by_source"] == {
        ".gitignore": {"files": 1, "folders": 1},
        "node_modules": {"files": 0, "folders": 1},
    }
    assert any(".gitignore" in r for r in data["ignored"]["rules"])
    assert data["ignored"]["not_used"] == []
    code, out, _ = run(capsys, "info", root)
    assert "left out:     2 folders and 1 file" in out


def test_info_with_malformed_settings(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault(
        {"a.md": "a", "_layouts/p.md": "p", ".vscode/settings.json": '{"foam.files.ignore": ["x",'}
    )
    code, out, _ = run(capsys, "info", str(root), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["note_count"] == 2
    assert data["ignored_count"] == 0
    assert "not valid JSON" in data["ignored"]["not_used"][0]


def test_check_says_what_was_left_out(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(make_vault(DOCS_REPO))
    code, out, err = run(capsys, "check", root)
    assert code == 0 and out == ""  # left out is not a problem
    assert "left out by ignore rules: 2 folders and 1 file" in err
    code, out, _ = run(capsys, "check", root, "--json")
    data = json.loads(out)
    assert data["problems"] == []
    assert data["ignored"]["by_source"]["node_modules"] == {"files": 0, "folders": 1}


def test_export_and_search_leave_out_ignored_notes(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(make_vault(DOCS_REPO))
    code, out, _ = run(capsys, "search", root, "README", "--json")
    assert code == 0
    hits = json.loads(out)
    text = json.dumps(hits)
    assert "node_modules" not in text and "build/" not in text
    site = tmp_path / "site"
    code, _out, _err = run(capsys, "export", root, str(site), "-q")
    assert code == 0
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert not any("node_modules" in p or p.startswith("build") for p in pages)
    assert any(p.startswith("docs/guide") for p in pages)
