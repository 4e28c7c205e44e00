"""A static HTML site of a vault, rendered through the same path as the preview."""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from markdown_it.common.utils import escapeHtml

from notedesk.core import exportdiagrams as diagram_scripts
from notedesk.core.atomic import SaveError, atomic_write
from notedesk.core.exporthome import home_body
from notedesk.core.exportnames import export_names, name_key
from notedesk.core.note import parse_note
from notedesk.core.render import ExportLinks, PathHost, Renderer, RenderOptions
from notedesk.core.render.api import RenderResult, Theme
from notedesk.core.render.linkstyle import tag_anchor
from notedesk.core.render.page import STYLESHEETS, page_html
from notedesk.core.vault import Vault, VaultError, is_note_path, note_title
from notedesk.resources import resource

ASSET_DIR = "_notedesk"
# What an export wrote, one path a line: the next export into the folder removes what
# it no longer writes, and only a folder holding one (or an empty one) is written into.
MANIFEST = f"{ASSET_DIR}/manifest.txt"
Progress = Callable[[int, int, str], None]


class ExportError(Exception):
    """The export cannot start (bad output folder); the message is meant for the user."""


@dataclass
class ExportReport:
    pages: int = 0
    assets: int = 0
    errors: list[str] = field(default_factory=list)
    home: str = "index.html"
    removed: int = 0  # files of the previous export into the folder that are gone now
    written: set[str] = field(default_factory=set)


class _RecordingLinks(ExportLinks):
    """Export URLs that also remember which vault files the pages use."""

    def __init__(
        self, current: str, used: set[str], tags_page: str, names: dict[str, str], home: str
    ) -> None:
        super().__init__(current, tags_page, names, home)
        self._used = used

    def asset_url(self, path: str) -> str:
        self._used.add(path)
        return super().asset_url(path)


def _href(from_page: str, to: str) -> str:
    """``to`` relative to ``from_page``, as a URL (a ``#`` in a name is no fragment)."""
    return quote(posixpath.relpath(to, posixpath.dirname(from_page) or "."), safe="/")


@dataclass(frozen=True)
class _Site:
    home: str
    tags_page: str
    theme: Theme
    names: dict[str, str]  # vault path -> its path in the export
    diagrams: bool = False  # the diagram scripts are written into the asset folder

    def page(self, result: RenderResult, title: str, page: str, *, note: bool = True) -> str:
        """A site page at ``page``: stylesheets and navigation linked relative to it;
        a ``note``'s page shows its name as the title when its text opens without one,
        and loads the diagram scripts when it has a diagram and they are in the site."""
        css = [_href(page, f"{ASSET_DIR}/{name}") for name in STYLESHEETS]
        scripts = []
        if result.uses_mermaid and self.diagrams:
            scripts = [_href(page, f"{ASSET_DIR}/{name}") for name in diagram_scripts.SCRIPTS]
        nav = (
            f'<nav class="site-nav"><a href="{_href(page, self.home)}">Home</a>'
            f'<a href="{_href(page, self.tags_page)}">Tags</a></nav>\n'
        )
        return page_html(
            result,
            title,
            theme=self.theme,
            css_hrefs=css,
            header=nav,
            inline_title=note,
            scripts=scripts,
        )


def _free_name(wanted: str, fallback: str, taken: set[str]) -> str:
    return fallback if name_key(wanted) in taken else wanted


def _check_outdir(vault: Vault, outdir: Path) -> Path:
    out = Path(os.path.realpath(outdir))
    root = Path(os.path.realpath(vault.root))
    if out == root or root in out.parents:
        raise ExportError(f"{outdir} is inside the vault; choose a folder outside {vault.root}")
    if out in root.parents:  # pages and copied files would land among the notes
        raise ExportError(f"{outdir} holds the vault; choose a folder outside {vault.root}")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{outdir} exists and is not a folder")
    return out


def _previous_export(out: Path, outdir: Path, force: bool) -> list[str]:
    """What the last export into ``out`` wrote; ExportError for a folder with other
    things in it (a wrong folder would get thousands of files), unless ``force``."""
    try:
        return (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        pass
    except (OSError, UnicodeError) as exc:
        raise ExportError(f"cannot read {out / MANIFEST}: {exc}") from None
    if not force and out.is_dir() and any(out.iterdir()):
        raise ExportError(
            f"{outdir} is not empty and holds no notedesk export; choose an empty or new "
            "folder (or --force to write into it anyway)"
        )
    return []


def _remove_stale(out: Path, previous: list[str], written: set[str]) -> int:
    """Delete the files a previous export wrote that this one did not (notes deleted or
    renamed since), and the folders that leaves empty."""
    removed = 0
    by_key = {name_key(rel): rel for rel in written}
    for rel in previous:
        if not rel or rel in written or rel.startswith("/") or ".." in rel.split("/"):
            continue
        target = out.joinpath(*rel.split("/"))
        try:
            if _same_file(target, out, by_key.get(name_key(rel))):
                continue  # "Note.html" then, "note.html" now: one file on a disk ignoring case
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed += 1
        except OSError:
            continue
        for folder in target.parents:
            if folder == out:
                break
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
    return removed


def _same_file(target: Path, out: Path, written: str | None) -> bool:
    if written is None:
        return False
    try:
        return os.path.samefile(target, out.joinpath(*written.split("/")))
    except OSError:
        return False


def _write(out: Path, rel: str, text: str) -> None:
    target = out.joinpath(*rel.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text.encode("utf-8"))


def _copy_asset(vault: Vault, out: Path, rel: str, dest: str) -> None:
    source = vault.abspath(rel)
    target = out.joinpath(*dest.split("/"))
    src_stat = source.stat()
    try:
        dst_stat = target.stat()
        if dst_stat.st_size == src_stat.st_size and dst_stat.st_mtime_ns == src_stat.st_mtime_ns:
            return  # unchanged since the last export
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def export_vault(
    vault: Vault,
    outdir: Path,
    *,
    options: RenderOptions | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> ExportReport:
    """Render every note to ``outdir`` with working links, copy what the pages embed.

    ``outdir`` is empty, new or a previous export (whose pages of notes gone since are
    removed); ``force`` writes into any folder.
    """
    out = _check_outdir(vault, outdir)
    previous = _previous_export(out, outdir, force)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {outdir}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ExportError(f"{outdir}: permission denied (cannot write there)")
    options = options or RenderOptions()
    host = PathHost(vault)
    renderer = Renderer(options)
    notes = [p for p in host.files if is_note_path(p)]
    # Every file's name in the export, safe on any disk; none takes the site's folder.
    names = export_names(host.files, reserved=[ASSET_DIR])
    taken = {name_key(n) for n in names.values()}
    # A vault's own index.md or tags.md keeps its page; the site's pages move aside.
    home = _free_name("index.html", f"{ASSET_DIR}/home.html", taken)
    tags_page = _free_name("tags.html", f"{ASSET_DIR}/tags.html", taken)
    scripts = diagram_scripts.diagram_files()
    site = _Site(home, tags_page, options.theme, names, diagrams=scripts is not None)
    report = ExportReport(home=home)
    with_diagrams = False
    used: set[str] = set()
    tags: dict[str, tuple[str, list[str]]] = {}
    for done, note in enumerate(notes, 1):
        if progress is not None:
            progress(done, len(notes), note)
        try:
            text = vault.read_text(note)
        except VaultError as exc:
            report.errors.append(str(exc))
            continue
        links = _RecordingLinks(note, used, tags_page, names, home)
        result = renderer.render(text, note, host, links)
        for tag in parse_note(text).tag_names():
            tags.setdefault(tag.casefold(), (tag, []))[1].append(note)
        page = names[note]
        try:
            _write(out, page, site.page(result, note_title(note), page))
        except (SaveError, OSError) as exc:
            report.errors.append(f"{page}: {exc}")
            continue
        report.written.add(page)
        report.pages += 1
        with_diagrams |= result.uses_mermaid
    for rel in sorted(used):
        dest = names.get(rel, rel)
        try:
            _copy_asset(vault, out, rel, dest)
            report.written.add(dest)
            report.assets += 1
        except (VaultError, OSError) as exc:
            report.errors.append(f"{rel}: {exc}")
    report.written |= _write_site_pages(out, site, notes, tags)
    if with_diagrams and scripts is not None:
        for name, data in scripts.items():
            rel = f"{ASSET_DIR}/{name}"
            target = out.joinpath(*rel.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
            report.written.add(rel)
    report.written.add(MANIFEST)
    report.removed = _remove_stale(out, previous, report.written)
    _write(out, MANIFEST, "".join(f"{rel}\n" for rel in sorted(report.written)))
    return report


def _write_site_pages(
    out: Path, site: _Site, notes: list[str], tags: dict[str, tuple[str, list[str]]]
) -> set[str]:
    """Write the stylesheets, the home page and the tag page; their paths."""
    written = {site.home, site.tags_page}
    for name in STYLESHEETS:
        written.add(f"{ASSET_DIR}/{name}")
        _write(out, f"{ASSET_DIR}/{name}", resource("preview", name).read_text(encoding="utf-8"))
    home, tags_page = site.home, site.tags_page
    body = home_body(notes, lambda note: _href(home, site.names[note]))
    tag_rows = []
    for _key, (shown, tagged) in sorted(tags.items()):
        links = ", ".join(
            f'<a href="{_href(tags_page, site.names[n])}">{escapeHtml(note_title(n))}</a>'
            for n in tagged
        )
        anchor = escapeHtml(tag_anchor(shown))
        tag_rows.append(
            f'<li id="{anchor}"><span class="tag">#{escapeHtml(shown)}</span> '
            f"({len(tagged)}): {links}</li>"
        )
    tags_body = f"<h1>Tags</h1>\n<ul>{''.join(tag_rows)}</ul>\n"
    for page, title, html in ((home, "Home", body), (tags_page, "Tags", tags_body)):
        _write(out, page, site.page(RenderResult(html=html), title, page, note=False))
    return written
