"""Pathological vaults: every reader (index, search, render, ``check``/``info``/``search``)
copes with them in bounded time, and none of them crashes.

Tests run as root here, where ``chmod`` stops nothing: permission problems are
simulated by making the operating system calls fail instead.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notedesk.cli import main
from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.render import PathHost, PreviewLinks, Renderer
from notedesk.core.render.pipeline import MAX_RENDER_CHARS
from notedesk.core.search import QueryError, SearchEngine
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault

pytestmark = pytest.mark.timeout(300)

MakeVault = Callable[[dict[str, str | bytes]], Path]
QUERIES = ["tag", "#tag", "tag:tag", "deep", "/d.e+p/", '"text here"', "-zzz", "file:md", "[a]"]
_RENDERER = Renderer()


def read_everything(root: Path, tmp_path: Path) -> VaultIndex:
    """Index (cold, then warm from the cache), search, render every note; returns the index."""
    cache = tmp_path / "cache"
    for _run in ("cold", "warm"):
        store = IndexStore(Vault(root).root, cache)
        index = VaultIndex(Vault(root), store)
        index.build()
        engine = SearchEngine(index, store)
        for query in QUERIES:
            with contextlib.suppress(QueryError):
                engine.search(query)
        index.unresolved(), index.tag_tree(), index.completion_names()
        for path in index.notes():
            index.backlinks(path), index.outgoing(path)
        store.close()
    host = PathHost(index.vault)
    for path in index.notes():
        text = host.read_text(path) or ""
        _RENDERER.render(text, path, host, PreviewLinks())
    return index


def run_commands(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """``check``, ``info --json --notes`` and ``search``: exit codes 0/1, output parses."""
    assert main(["check", str(root)]) in (0, 1)
    capsys.readouterr()
    assert main(["check", str(root), "--json"]) in (0, 1)
    assert isinstance(json.loads(capsys.readouterr().out)["problems"], list)
    assert main(["info", str(root), "--json", "--notes"]) == 0
    info = json.loads(capsys.readouterr().out)
    for query in ("tag", "deep OR text"):
        assert main(["search", str(root), query]) == 0
    capsys.readouterr()
    return dict(info)


# -- nesting --------------------------------------------------------------------------

DEEP_NOTES = {
    "quotes.md": ">" * 10_000 + " deep text #tag\n",
    "lists.md": "- " * 10_000 + "deep item [[links]]\n",
    "indented.md": "".join(" " * i + "- deep\n" for i in range(0, 10_000, 2)),
    "html.md": "<div>" * 10_000 + "deep\n",
    "brackets.md": "[" * 10_000 + "deep" + "]" * 10_000 + "(" * 10_000 + "\n",
    "wikis.md": "[[" * 10_000 + "deep" + "]]" * 10_000 + "\n",
    "emphasis.md": "*" * 10_000 + "deep" + "*" * 10_000 + "\n",
    "callouts.md": "> [!note] deep\n" * 1 + "".join("> " * i + "[!tip]\n" for i in range(1, 200)),
    "yaml.md": "---\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\ndeep\n",
    "yaml-map.md": "---\n" + "".join(" " * i + "k:\n" for i in range(2000)) + "---\ndeep\n",
    "json.md": '{\n"a": ' + "[" * 10_000 + "]" * 10_000 + "\n}\ndeep\n",
    "embeds.md": "![[embeds]] ![[links]] deep\n",  # embeds itself: a cycle
}


def test_ten_thousand_level_nesting(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault(DEEP_NOTES)
    start = time.perf_counter()
    index = read_everything(root, tmp_path)
    info = run_commands(root, capsys)
    assert time.perf_counter() - start < 120
    assert info["note_count"] == len(DEEP_NOTES)
    problems = {n["path"]: n["problems"] for n in info["notes"]}  # type: ignore[attr-defined]
    for name in ("yaml.md", "json.md"):
        assert problems[name] and "frontmatter" in problems[name][0]["message"]
    assert index.note("quotes.md") is not None


def _mkdirs_fd(root: Path, depth: int) -> None:
    """Folders of 200-character names, deeper than PATH_MAX allows naming, made one
    level at a time (few levels: recursive cleanup of the tree must not overflow)."""
    name = "d" * 200
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        note = os.open("deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(note, b"# Deepest\n[[top]] #tag\n")
        os.close(note)
    finally:
        os.close(fd)


def test_folders_nested_past_the_path_length_limit(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({"top.md": "[[deep]] #tag\n"})
    _mkdirs_fd(root, 25)  # 25 * 201 characters: past Linux's PATH_MAX of 4096
    index = read_everything(root, tmp_path)
    run_commands(root, capsys)
    assert "top.md" in index.notes()
    # what can be named is indexed; the part past the limit is skipped, not fatal
    assert all(len(p) < 4096 for p in index.notes())


# -- size -----------------------------------------------------------------------------


@pytest.mark.slow
def test_fifty_megabyte_note_is_indexed_and_rendered_in_bounds(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = "Plain prose with some words in it, nothing special at all here.\n" * 99
    block += "A [[Small]] link and a #tag here.\n"
    text = block * (50 * 1024 * 1024 // len(block))
    root = make_vault({"Huge.md": text, "Small.md": "[[Huge]]\n"})
    start = time.perf_counter()
    store = IndexStore(Vault(root).root, tmp_path / "cache")
    index = VaultIndex(Vault(root), store)
    index.build()
    assert [h.path for h in SearchEngine(index, store).search("prose")] == ["Huge.md"]
    indexed = time.perf_counter() - start
    meta = index.note("Huge.md")
    assert meta is not None and len(meta.links) == text.count("[[Small]]")
    start = time.perf_counter()
    result = _RENDERER.render(text, "Huge.md", PathHost(index.vault), PreviewLinks())
    rendered = time.perf_counter() - start
    # The preview shows the first part and says so; the rest stays searchable.
    assert result.warnings and "too large to preview in full" in result.warnings[0]
    assert "too large to preview in full" in result.html
    assert len(result.html) < 4 * MAX_RENDER_CHARS
    # generous: ~2 s and ~5 s on a laptop
    assert indexed < 60 and rendered < 60, (indexed, rendered)
    store.close()
    assert main(["check", str(root)]) == 0


@pytest.mark.slow
def test_fifty_megabyte_note_peak_memory(make_vault: MakeVault, tmp_path: Path) -> None:
    """Index, search and render in a fresh process: its peak RSS stays in bounds."""
    root = make_vault({"Small.md": "x"})
    line = "Plain prose with some words in it and a [[Small]] link and a #tag.\n"
    with open(root / "Huge.md", "w", encoding="utf-8") as handle:
        for _ in range(50):
            handle.write(line * (1024 * 1024 // len(line)))
    script = f"""
import resource
from pathlib import Path
from notedesk.core.index import VaultIndex
from notedesk.core.render import PathHost, PreviewLinks, Renderer
from notedesk.core.search import SearchEngine
from notedesk.core.store import IndexStore
from notedesk.core.vault import Vault
vault = Vault({str(root)!r})
store = IndexStore(vault.root, Path({str(tmp_path / "cache")!r}))
index = VaultIndex(vault, store)
index.build()
SearchEngine(index, store).search("prose")
host = PathHost(vault)
Renderer().render(vault.read_text("Huge.md"), "Huge.md", host, PreviewLinks())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=240
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak_mb = int(proc.stdout.strip())
    print(f"peak RSS for a 50 MB note: {peak_mb} MB")
    # ~840 MB measured (the metadata of 800k links dominates); a runaway would be GBs more.
    assert peak_mb < 3000, peak_mb


# -- empty, vanishing and unreadable files ------------------------------------------------


def test_zero_byte_files(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault(
        {"empty.md": b"", "sub/empty.markdown": b"", "empty.png": b"", "Linker.md": "![[empty]]"}
    )
    index = read_everything(root, tmp_path)
    info = run_commands(root, capsys)
    assert info["note_count"] == 3 and info["attachment_count"] == 1
    assert index.note("empty.md") is not None and index.note("empty.md").problems == []  # type: ignore[union-attr]


def test_files_vanishing_between_listing_and_reading(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({f"n{i}.md": f"note {i} [[n{i + 1}]] #tag" for i in range(20)})
    vault = Vault(root)
    real_iter = Vault.iter_files

    def listing_then_delete(self: Vault, *args: object) -> Iterator[object]:
        files = list(real_iter(self, *args))  # type: ignore[arg-type]
        for i in range(0, 20, 2):
            (root / f"n{i}.md").unlink(missing_ok=True)  # gone before anything reads them
        yield from files

    monkeypatch.setattr(Vault, "iter_files", listing_then_delete)
    store = IndexStore(vault.root, tmp_path / "cache")
    index = VaultIndex(vault, store)
    index.build()
    assert len(index.notes()) == 20
    gone = index.note("n0.md")
    assert gone is not None and "cannot read file" in gone.problems[0].message
    SearchEngine(index, store).search("note")
    index.backlinks("n1.md")  # reads the (vanished) linking note's lines
    monkeypatch.setattr(Vault, "iter_files", real_iter)
    # the watcher then reports the deletions; a modify for a vanished file is harmless too
    index.apply(FileEvent("modified", "n2.md"))
    index.apply(FileEvent("deleted", "n0.md"))
    assert "n0.md" not in index.notes() and "n2.md" not in index.notes()


def test_unreadable_files_and_folders(
    make_vault: MakeVault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_vault(
        {
            "ok.md": "[[locked]] [[secret/inside]] #tag",
            "locked.md": "private",
            "secret/inside.md": "hidden",
            "pic.png": b"\x89PNG",
        }
    )
    real_open, real_scandir = builtins.open, os.scandir

    def denied_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith(("locked.md", "pic.png")):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def denied_scandir(path: object = ".") -> object:
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", denied_open)
    monkeypatch.setattr(os, "scandir", denied_scandir)
    index = read_everything(root, tmp_path)
    locked = index.note("locked.md")
    assert locked is not None and "Permission denied" in locked.problems[0].message
    assert "secret/inside.md" not in index.notes()
    info = run_commands(root, capsys)
    assert info["note_count"] == 2


def test_permission_flip_between_index_and_search(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"a.md": "alpha words", "b.md": "[[a]] alpha"})
    vault = Vault(root)
    index = VaultIndex(vault)  # no store: search reads the files themselves
    index.build()
    real_open = builtins.open

    def denied(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith(".md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", denied)
    assert SearchEngine(index).search("alpha") == []
    assert [b.context_text for b in index.backlinks("a.md")] == [""]
    os.utime(root / "a.md", ns=(1, 1))  # it changed, and can no longer be read
    index.apply(FileEvent("modified", "a.md"))
    a = index.note("a.md")
    assert a is not None and "Permission denied" in a.problems[0].message


def test_unwritable_cache_still_indexes(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({"a.md": "#tag words"})
    from notedesk.core import store as store_module

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise store_module.StoreError("permission denied")

    monkeypatch.setattr(store_module.IndexStore, "__init__", refuse)
    assert main(["info", str(root), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["note_count"] == 1 and "index cache unavailable" in err


# -- symlinks and names ---------------------------------------------------------------------


def test_vault_root_that_is_a_symlink(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = make_vault({"a.md": "[[b]] #tag", "sub/b.md": "![[pic.png]] [[a]]", "sub/pic.png": b"x"})
    link = tmp_path / "link-to-vault"
    link.symlink_to(real, target_is_directory=True)
    chain = tmp_path / "link-to-link"
    chain.symlink_to(link, target_is_directory=True)
    for root in (link, chain):
        index = read_everything(root, tmp_path / root.name)
        assert index.notes() == ["a.md", "sub/b.md"]
        assert index.resolve_link("b", "a.md") == "sub/b.md"
        assert [b.source for b in index.backlinks("sub/b.md")] == ["a.md"]
        vault = Vault(root)
        assert vault.read_text("a.md") == "[[b]] #tag"
        assert vault.rel(real / "sub" / "b.md") == "sub/b.md"
        info = run_commands(root, capsys)
        assert info["note_count"] == 2


def test_symlink_loops_and_dangling_links(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({"a.md": "[[b]]", "f/b.md": "[[a]]"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret")
    (root / "f" / "up").symlink_to(root, target_is_directory=True)  # loop to the root
    (root / "f" / "self").symlink_to(root / "f", target_is_directory=True)  # loop to itself
    (root / "x.md").symlink_to(root / "y.md")  # x -> y -> x
    (root / "y.md").symlink_to(root / "x.md")
    (root / "dangling.md").symlink_to(root / "nothing.md")
    (root / "escape").symlink_to(outside, target_is_directory=True)
    (root / "escape.md").symlink_to(outside / "secret.md")
    os.mkfifo(root / "fifo.md")  # reading a FIFO would block forever
    start = time.perf_counter()
    index = read_everything(root, tmp_path)
    info = run_commands(root, capsys)
    assert time.perf_counter() - start < 60
    assert index.notes() == ["a.md", "f/b.md"]
    assert info["note_count"] == 2
    # the watcher reports such entries as they appear: the index skips them too
    for name in ("escape", "escape.md", "x.md", "dangling.md", "fifo.md", "f/up", "f/self"):
        index.apply(FileEvent("created", name))
        index.apply(FileEvent("modified", name))
    assert index.notes() == ["a.md", "f/b.md"]


ODD_NAMES = [
    "space in name.md", " leading space.md", "trailing space .md", "tab\there.md",
    "new\nline.md", "back\\slash.md", "-dash.md", "#hash [x] |pipe| ^caret.md", "%41%2e%2e.md",
    "q?*<>:.md", "Meeting 10:30.md", "café NFC.md", "cafe\u0301 NFD.md", "emoji 😀.md",
    "ctrl\x01char.md", "x" * 250 + ".md", "CON.md", "UPPER.MD", "two..dots.md", "no-extension",
    "a.md.png", "right\u202eleft.md", "zero\u200bwidth.md",
]  # fmt: skip


def test_odd_file_names(
    make_vault: MakeVault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({name: f"# {name!r}\n[[space in name]] #tag\n" for name in ODD_NAMES})
    # bytes that are not UTF-8: listed by the OS as surrogates, unusable in links and the cache
    (root / os.fsdecode(b"bad\xff\xfename.md")).write_text("[[a]]")
    os.mkdir(root / os.fsdecode(b"dir\xff"))
    (root / os.fsdecode(b"dir\xff") / "inside.md").write_text("x")
    index = read_everything(root, tmp_path)
    info = run_commands(root, capsys)
    notes = set(index.notes())
    # a backslash is a separator in vault paths: such a name cannot be addressed
    expected = {n for n in ODD_NAMES if n.lower().endswith(".md") and "\\" not in n}
    assert notes == expected
    vault = Vault(root)
    for path in notes:  # every listed note opens, and saves back to the same file
        loaded = vault.load(path)
        vault.save(path, loaded.text, loaded.fmt)
    assert set(index.attachments()) == {"no-extension", "a.md.png"}
    assert main(["export", str(root), str(tmp_path / "site"), "-q"]) == 0
    assert info["note_count"] == len(expected)
    # every note's [[space in name]] resolves (the note's link to itself is no backlink)
    sources = {b.source for b in index.backlinks("space in name.md")}
    assert sources == expected - {"space in name.md"}
    json.dumps(info, ensure_ascii=False).encode("utf-8")  # printable as UTF-8


# -- many tiny notes (the reduced form of bench/stress_vault.py) ----------------------------


@pytest.mark.slow
def test_twenty_thousand_tiny_notes_index_in_bounds(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        from stress_vault import generate_tiny, run_index
    finally:
        sys.path.pop(0)
    root = tmp_path / "tiny"
    generate_tiny(root, 20_000)
    cold = run_index(root, tmp_path / "cache", workers=None)
    warm = run_index(root, tmp_path / "cache", workers=None)
    assert cold["notes"] == warm["notes"] == 20_000
    assert cold["tags"] == warm["tags"] == 300
    # measured: ~2.5 s cold and ~0.7 s warm, 92 MB peak on 2 CPUs; generous bounds
    assert cold["seconds"] < 60 and warm["seconds"] < 30, (cold, warm)
    assert cold["rss_mb"] < 600 and warm["rss_mb"] < 600, (cold, warm)


def test_many_embeds_of_a_large_note_are_bounded(make_vault: MakeVault) -> None:
    # 100 embeds (the count limit) of a 1 MB note: 100 MB of Markdown to render
    big = "Plain words here and there with some more words to fill the line.\n" * 15_000
    root = make_vault({"big.md": big, "fan.md": "\n\n".join(["![[big]]"] * 100)})
    host = PathHost(Vault(root))
    start = time.perf_counter()
    result = _RENDERER.render(host.read_text("fan.md") or "", "fan.md", host, PreviewLinks())
    elapsed = time.perf_counter() - start
    assert "too much embedded text in this note" in result.html
    assert result.html.count("markdown-embed-content") == 2  # 2 MB of embedded text
    assert elapsed < 30, elapsed  # ~1 s; it was ~50 s


def test_tampered_cache_rows_are_re_parsed(make_vault: MakeVault, tmp_path: Path) -> None:
    import sqlite3

    root = make_vault({"a.md": "[[b]] #tag", "b.md": "text"})
    cache = tmp_path / "cache"
    store = IndexStore(Vault(root).root, cache)
    VaultIndex(Vault(root), store).build()
    store.close()
    deep = "[" * 100_000 + "]" * 100_000  # json.loads raises RecursionError on it
    (db,) = cache.glob("vault-*.sqlite3")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE files SET meta=?, tags=? WHERE path='a.md'", (deep, deep))
        conn.execute("UPDATE files SET meta=? WHERE path='b.md'", (deep,))
    store = IndexStore(Vault(root).root, cache)
    index = VaultIndex(Vault(root), store)
    index.build()
    assert index.resolve_link("b", "a.md") == "b.md"
    assert index.note("b.md") is not None and index.tags() == {"tag": 1}
    assert [b.source for b in index.backlinks("b.md")] == ["a.md"]
    store.close()
