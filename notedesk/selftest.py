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

from notedesk.selfprobe import CheckFailed, PreviewProbe

WELCOME = "Welcome to notedesk.md"
DIAGRAM_NOTE = "Markdown tour/Math and diagrams.md"
# Process start as early as we can get it; refined from /proc on Linux.
_T_IMPORT = time.perf_counter()


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


# -- the core, used the way the app uses it ---------------------------------------


def build_index(vault_dir: Path) -> Any:
    """A fully built VaultIndex of ``vault_dir``."""
    from notedesk.core.index import VaultIndex
    from notedesk.core.vault import Vault

    index = VaultIndex(Vault(vault_dir))
    index.build()
    return index


def render_note(vault_dir: Path, index: Any, rel: str) -> Any:
    """The preview ``RenderResult`` of one note, through the app's single render path."""
    from notedesk.core.render import PathHost, PreviewLinks, Renderer
    from notedesk.core.vault import Vault

    host = index if hasattr(index, "read_text") else PathHost(Vault(vault_dir))
    text = (vault_dir / rel).read_text(encoding="utf-8")
    return Renderer().render(text, rel, host, PreviewLinks())


# -- the checks -----------------------------------------------------------------


class SelfTest:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.tmp = Path(tempfile.mkdtemp(prefix="notedesk-selftest-"))
        self.vault_dir = self.tmp / "Sample vault"
        self.index: Any = None
        self.html = ""
        self.first_render_s: float | None = None
        self.probe: PreviewProbe | None = None

    def cleanup(self) -> None:
        if self.probe is not None:
            self.probe.close()
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
        notes = list(self.index.notes())
        if WELCOME not in notes:
            raise CheckFailed(f"{WELCOME} not in the index ({len(notes)} notes)")
        on_disk = len(list(self.vault_dir.rglob("*.md")))
        if len(notes) != on_disk:
            raise CheckFailed(f"indexed {len(notes)} notes, {on_disk} on disk")
        backlinks = len(self.index.backlinks("Machine learning.md"))
        if backlinks == 0:
            raise CheckFailed("no backlinks to 'Machine learning.md'")
        unresolved = len(self.index.unresolved())
        from notedesk.core.search import SearchEngine

        # a word and a /regex/ (matched by the bundled regex module)
        found = len(SearchEngine(self.index).search(r"machine /learn\w*/"))
        if found == 0:
            raise CheckFailed("no search hits for 'machine /learn\\w*/'")
        return (
            f"{len(notes)} notes, {backlinks} backlinks to one note, {unresolved} unresolved, "
            f"{found} search hits"
        )

    def check_workers(self) -> str:
        """Big vaults are parsed in a process pool; a frozen app must be able to start one."""
        from notedesk.core import scan

        notes = sorted(
            str(p.relative_to(self.vault_dir).as_posix()) for p in self.vault_dir.rglob("*.md")
        )
        # Straight to the pool: a build of a vault this small parses everything in-process.
        pool = scan._pool(2)
        try:
            halves = [notes[: len(notes) // 2], notes[len(notes) // 2 :]]
            futures = [pool.submit(scan._row_chunk, str(self.vault_dir), half) for half in halves]
            rows = [row for future in futures for row in future.result(timeout=60)]
            pids = {pool.submit(os.getpid).result(timeout=60) for _ in range(4)}
        finally:
            pool.shutdown(cancel_futures=True)
        if [row.path for row in rows] != notes:
            raise CheckFailed(f"process pool parsed {len(rows)} of {len(notes)} notes")
        if os.getpid() in pids:
            raise CheckFailed("the process pool ran its work in this process")
        return f"{len(rows)} notes parsed in a pool of {len(pids)} processes"

    def check_render(self) -> str:
        result = render_note(self.vault_dir, self.index, WELCOME)
        self.html = result.html
        if "<h1" not in self.html:
            raise CheckFailed("rendered welcome note has no <h1>")
        warnings = f", warnings: {'; '.join(result.warnings)}" if result.warnings else ""
        return f"{WELCOME}: {len(self.html)} bytes of HTML{warnings}"

    def check_preview(self) -> str:
        self.probe = PreviewProbe(self.vault_dir)
        self.probe.open()
        result = self.probe.show(self.html, 1)
        self.first_render_s = _seconds_since_process_start()
        if not result.get("h1"):
            raise CheckFailed(f"no <h1> in the page DOM: {result}")
        if result.get("internal_links", 0) < 1:
            raise CheckFailed(f"no internal link in the page DOM: {result}")
        if result["version"] != "1":
            raise CheckFailed(f"the page did not take the rendered note: {result}")
        if not result["css"]:
            raise CheckFailed("no style sheet loaded in the preview page")
        if result["images"] and result["images_loaded"] < result["images"]:
            raise CheckFailed(f"an image did not load through the vault: scheme: {result}")
        return (
            f"QtWebEngine {result.get('chromium', '?')}: h1 {result['h1']!r}, "
            f"{result['internal_links']} internal links, {result.get('tables', 0)} tables, "
            f"{result.get('images_loaded', 0)}/{result.get('images', 0)} images"
        )

    def check_diagrams(self) -> str:
        """Math as MathML and a mermaid diagram drawn by the bundled script, if it is bundled."""
        from notedesk.resources import resource_dir

        assert self.probe is not None
        note = DIAGRAM_NOTE
        result = render_note(self.vault_dir, self.index, note)
        self.probe.show(result.html, 2)
        maths = self.probe.wait_for("#content math", 5)
        if not maths:
            raise CheckFailed(f"no <math> element in {note}")
        if not (resource_dir() / "preview" / "vendor" / "mermaid.min.js").is_file():
            return f"{maths} formulas; mermaid is not bundled, diagrams show as source"
        svgs = self.probe.wait_for("#content .mermaid svg", 20)
        if not svgs:
            raise CheckFailed(f"the mermaid diagram in {note} was not drawn")
        return f"{maths} formulas, {svgs} mermaid diagram drawn"

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
        on_disk = len(list(self.vault_dir.rglob("*.md")))
        if data.get("note_count", on_disk) != on_disk:
            raise CheckFailed(
                f"`notedesk info` counted {data['note_count']} notes, {on_disk} on disk"
            )
        keys = ", ".join(
            f"{k}={v}" for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)
        )
        return f"notedesk info --json: {keys[:120]}"


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
        ("diagrams", test.check_diagrams, "preview"),
        ("workers", test.check_workers, "index"),
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
