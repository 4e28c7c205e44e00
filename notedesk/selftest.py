"""``notedesk --self-test``: checks an installation end to end, offscreen, and exits.

It copies the bundled sample vault to a temporary folder, indexes it, renders
the welcome note, loads the result into a real QtWebEngine page through the
preview's ``vault:`` scheme, inspects the DOM, and runs a headless command
in-process. One report line per check; exit 0 only if every check passed.
This is what an installer's smoke test and a user's bug report rely on, so it
exercises the same code the app uses and never touches the user's data.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WELCOME = "Welcome to notedesk.md"
# Process start as early as we can get it; refined from /proc on Linux.
_T_IMPORT = time.perf_counter()
PAGE_TIMEOUT_S = 60.0


class CheckFailed(Exception):
    """A self-test check failed; the message says why, for the report."""


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    failed: int = 0

    def run(self, name: str, fn: Callable[[], str]) -> bool:
        start = time.perf_counter()
        try:
            detail = fn()
            ok = True
        except CheckFailed as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # the report must name any failure, not die with a traceback
            detail, ok = f"{type(exc).__name__}: {exc}", False
        ms = (time.perf_counter() - start) * 1000
        status = "ok" if ok else "FAIL"
        if not ok:
            self.failed += 1
        line = f"self-test: {name:<10} {status:<4} {ms:8.1f} ms  {detail}"
        self.lines.append(line)
        print(line, flush=True)
        return ok

    def skip(self, name: str, why: str) -> None:
        self.failed += 1
        line = f"self-test: {name:<10} {'skip':<4} {0:8.1f} ms  {why}"
        self.lines.append(line)
        print(line, flush=True)


def _seconds_since_process_start() -> float:
    """Wall time since the process started (Linux: from /proc), else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5); fields[0] is field 3
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _T_IMPORT


def prepare_environment() -> None:
    """Offscreen when there is no display; Chromium's sandbox off when running as root."""
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    wanted = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        wanted.append("--no-sandbox")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        wanted.append("--disable-gpu")
    for flag in wanted:
        if flag not in flags:
            flags.append(flag)
    if flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags)
    os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false")


# -- adapters over the core API -------------------------------------------------


def build_index(vault_dir: Path) -> Any:
    """A fully built VaultIndex of ``vault_dir``."""
    from notedesk.core.index import VaultIndex
    from notedesk.core.vault import Vault

    vault = Vault(vault_dir)
    for factory in ("build", "from_vault", "scan"):
        make = getattr(VaultIndex, factory, None)
        if callable(make) and isinstance(
            VaultIndex.__dict__.get(factory), classmethod | staticmethod
        ):
            return make(vault)
    index = VaultIndex(vault)
    for method in ("build", "scan", "rebuild", "load"):
        fn = getattr(index, method, None)
        if callable(fn):
            fn()
            break
    return index


def note_paths(index: Any) -> list[str]:
    for name in ("note_paths", "notes", "paths", "files"):
        value = getattr(index, name, None)
        if value is None:
            continue
        value = value() if callable(value) else value
        return sorted(str(getattr(v, "path", v)) for v in value)
    raise CheckFailed("VaultIndex exposes no list of notes")


def render_note(vault_dir: Path, index: Any, rel: str) -> str:
    """The preview HTML of one note, through the app's single render path."""
    from notedesk.core import render

    text = (vault_dir / rel).read_text(encoding="utf-8")
    renderer_cls = getattr(render, "Renderer", None)
    if renderer_cls is not None:
        renderer = _construct(renderer_cls, vault_dir, index)
        for method in ("render_note", "render", "__call__"):
            fn = getattr(renderer, method, None)
            if callable(fn):
                result = _call_render(fn, text, rel)
                return str(getattr(result, "html", result))
    fn = getattr(render, "render", None) or getattr(render, "render_markdown", None)
    if fn is None:
        raise CheckFailed("notedesk.core.render has no Renderer")
    result = _call_render(fn, text, rel)
    return str(getattr(result, "html", result))


def _construct(cls: Any, vault_dir: Path, index: Any) -> Any:
    from notedesk.core.vault import Vault

    for args in ((index,), (Vault(vault_dir), index), (Vault(vault_dir),), ()):
        try:
            return cls(*args)
        except TypeError:
            continue
    raise CheckFailed(f"cannot construct {cls.__name__}")


def _call_render(fn: Callable[..., Any], text: str, rel: str) -> Any:
    try:
        return fn(text, rel)
    except TypeError:
        return fn(text)


# -- the checks -----------------------------------------------------------------


class SelfTest:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.tmp = Path(tempfile.mkdtemp(prefix="notedesk-selftest-"))
        self.vault_dir = self.tmp / "Sample vault"
        self.index: Any = None
        self.html = ""
        self.first_render_s: float | None = None

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def check_resources(self) -> str:
        from notedesk import __version__
        from notedesk.resources import resource_dir

        bundled = resource_dir() / "sample-vault"
        if not (bundled / WELCOME).is_file():
            raise CheckFailed(f"{bundled / WELCOME} is missing")
        shutil.copytree(bundled, self.vault_dir)
        notes = [p for p in self.vault_dir.rglob("*.md")]
        where = "bundle" if getattr(sys, "frozen", False) else "python"
        return f"notedesk {__version__} ({where}), {len(notes)} sample notes in {resource_dir()}"

    def check_index(self) -> str:
        self.index = build_index(self.vault_dir)
        notes = note_paths(self.index)
        if WELCOME not in notes:
            raise CheckFailed(f"{WELCOME} not in the index ({len(notes)} notes)")
        on_disk = len(list(self.vault_dir.rglob("*.md")))
        if len(notes) != on_disk:
            raise CheckFailed(f"indexed {len(notes)} notes, {on_disk} on disk")
        extra = ""
        backlinks = getattr(self.index, "backlinks", None)
        if callable(backlinks):
            count = len(list(backlinks("Machine learning.md")))
            if count == 0:
                raise CheckFailed("no backlinks to 'Machine learning.md'")
            extra = f", {count} backlinks to 'Machine learning'"
        return f"{len(notes)} notes indexed{extra}"

    def check_render(self) -> str:
        self.html = render_note(self.vault_dir, self.index, WELCOME)
        if "<h1" not in self.html:
            raise CheckFailed("rendered welcome note has no <h1>")
        return f"{WELCOME}: {len(self.html)} bytes of HTML"

    def check_preview(self) -> str:
        result = _load_in_webengine(self.vault_dir, self.html)
        self.first_render_s = _seconds_since_process_start()
        if not result.get("h1"):
            raise CheckFailed(f"no <h1> in the page DOM: {result}")
        if result.get("internal_links", 0) < 1:
            raise CheckFailed(f"no internal link in the page DOM: {result}")
        if result.get("images") and not result.get("images_loaded"):
            raise CheckFailed(f"no image of the note loaded through the vault: scheme: {result}")
        return (
            f"QtWebEngine {result.get('chromium', '?')}: h1 {result['h1']!r}, "
            f"{result['internal_links']} internal links, {result.get('tables', 0)} tables, "
            f"{result.get('images_loaded', 0)}/{result.get('images', 0)} images"
        )

    def check_command(self) -> str:
        from notedesk import cli

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(["info", str(self.vault_dir), "--json"])
            except SystemExit as exc:  # argparse errors
                code = exc.code if isinstance(exc.code, int) else 2
        if code != 0:
            message = (err.getvalue() or out.getvalue()).strip().splitlines()
            raise CheckFailed(
                f"`notedesk info --json` exited {code}: {message[-1] if message else ''}"
            )
        try:
            data = json.loads(out.getvalue())
        except ValueError as exc:
            raise CheckFailed(f"`notedesk info --json` printed no JSON: {exc}") from exc
        keys = ", ".join(f"{k}={v}" for k, v in data.items() if isinstance(v, int | str))
        return f"notedesk info --json: {keys[:120]}"


def _load_in_webengine(vault_dir: Path, body_html: str) -> dict[str, Any]:
    """Loads HTML into an offscreen page on the app's own profile; returns facts about the DOM."""
    from PySide6.QtCore import QEvent, QEventLoop, QTimer, QUrl, qVersion
    from PySide6.QtGui import QGuiApplication

    from notedesk.app.scheme import register_scheme

    register_scheme()  # before the application object exists
    from PySide6.QtWebEngineCore import QWebEnginePage

    from notedesk.app.webprofile import PreviewProfile
    from notedesk.core.assets import AssetServer
    from notedesk.core.vault import Vault
    from notedesk.resources import resource_dir

    app = QGuiApplication.instance() or QGuiApplication(["notedesk", "--self-test"])
    holder = PreviewProfile(AssetServer(resource_dir() / "preview", Vault(vault_dir)))
    page = QWebEnginePage(holder.profile)
    loop = QEventLoop()
    state: dict[str, Any] = {}

    def finish(key: str, value: Any) -> None:
        state[key] = value
        loop.quit()

    page.loadFinished.connect(lambda ok: finish("loaded", ok))
    page.renderProcessTerminated.connect(
        lambda status, code: finish("crashed", f"render process ended ({status}, exit {code})")
    )
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: finish("timeout", True))
    try:
        css = ""
        if (resource_dir() / "preview" / "preview.css").is_file():
            css = '<link rel="stylesheet" href="vault://app/preview.css">'
        document = (
            f'<!doctype html><html><head><meta charset="utf-8">{css}</head>'
            f'<body><main id="content">{body_html}</main></body></html>'
        )
        timer.start(int(PAGE_TIMEOUT_S * 1000))
        page.setHtml(document, QUrl("vault://asset/"))
        loop.exec()
        if "crashed" in state or "timeout" in state or not state.get("loaded"):
            raise CheckFailed(
                state.get("crashed")
                or ("page load timed out" if "timeout" in state else "page load failed")
            )
        state.clear()
        script = """(() => {
            const h1 = document.querySelector('h1');
            const internal = [...document.querySelectorAll('a')].filter(a => {
                const h = a.getAttribute('href') || '';
                return h && !/^(https?|mailto):/i.test(h);
            });
            const imgs = [...document.querySelectorAll('img')];
            const ua = navigator.userAgent.match(/Chrome\\/([\\d.]+)/);
            return JSON.stringify({h1: h1 ? h1.textContent.trim() : '',
                internal_links: internal.length,
                tables: document.querySelectorAll('table').length,
                images: imgs.length,
                images_loaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
                chromium: ua ? ua[1] : ''});
        })()"""
        timer.start(int(PAGE_TIMEOUT_S * 1000))
        page.runJavaScript(script, 0, lambda value: finish("dom", value))
        loop.exec()
        if "dom" not in state:
            raise CheckFailed(state.get("crashed") or "JavaScript did not answer")
        result: dict[str, Any] = json.loads(state["dom"])
        result.setdefault("qt", qVersion())
        return result
    finally:
        timer.stop()
        # The page must go before its profile, or Qt warns about a leaked profile.
        page.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        holder.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def run_self_test() -> int:
    """Runs every check, prints one line each; 0 if all passed, 1 otherwise."""
    prepare_environment()
    report = Report()
    test = SelfTest(report)
    checks: list[tuple[str, Callable[[], str], str | None]] = [
        ("resources", test.check_resources, None),
        ("index", test.check_index, "resources"),
        ("render", test.check_render, "index"),
        ("preview", test.check_preview, "render"),
        ("command", test.check_command, "resources"),
    ]
    passed: set[str] = set()
    try:
        for name, fn, needs in checks:
            if needs is not None and needs not in passed:
                report.skip(name, f"needs {needs}")
            elif report.run(name, fn):
                passed.add(name)
    finally:
        test.cleanup()
    if test.first_render_s is not None:
        ms = test.first_render_s * 1000
        print(f"self-test: first note rendered {ms:.0f} ms after process start", flush=True)
    if report.failed or len(passed) != len(checks):
        print(f"self-test: FAILED ({report.failed} check(s))", flush=True)
        return 1
    print("self-test: all checks passed", flush=True)
    return 0
