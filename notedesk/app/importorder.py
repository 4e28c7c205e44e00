"""Which modules a part of the window pulls in, read from their source, leaves first.

Importing a large part of the window at once (the panels, the editor) runs every
module body it pulls in, one after another, on the UI thread: 50-150 ms in which
the event loop stands still. With the order known, the UI thread can import them
one per event-loop turn instead, each one's own imports already done.

Qt-free: runs off the UI thread (it only reads and parses source files, or the
compiled files of an installed bundle that ships no sources).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import notedesk

# Modules whose bodies define Qt classes: imported on the UI thread only.
QT_PACKAGES = ("notedesk.app", "PySide6", "shiboken6")


@dataclass
class ImportPlan:
    """``qt_free``: notedesk modules that may load off the UI thread;
    ``ui``: the rest, in an order where each one's imports come before it."""

    qt_free: list[str] = field(default_factory=list)
    ui: list[str] = field(default_factory=list)


def _is_qt(name: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in QT_PACKAGES)


_ROOT = Path(notedesk.__file__).parent


def _file(name: str) -> Path | None:
    """The source file of notedesk module ``name`` (or, in an installed bundle that
    ships no sources, its compiled file), found without importing anything
    (``importlib.util.find_spec`` would import its parent packages)."""
    parts = name.split(".")
    if parts[0] != "notedesk" or len(parts) < 2:
        return None
    base = _ROOT.joinpath(*parts[1:])
    for candidate in (
        base.with_suffix(".py"),
        base / "__init__.py",
        base.with_suffix(".pyc"),
        base / "__init__.pyc",
    ):
        if candidate.is_file():
            return candidate
    return None


def _source(name: str) -> str | None:
    path = _file(name)
    if path is None or path.suffix != ".py":
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _compiled_imports(path: Path) -> list[str]:
    """``imports_of`` for a compiled module: its top-level import instructions, those
    under ``if TYPE_CHECKING:`` left out (they never run)."""
    import dis
    import importlib.util
    import marshal

    try:
        data = path.read_bytes()
        if data[:4] != importlib.util.MAGIC_NUMBER:
            return []
        code = marshal.loads(data[16:])
    except (OSError, ValueError, EOFError, TypeError):
        return []
    found: list[str] = []
    module = ""
    skip_until = -1
    previous = None
    for ins in dis.get_instructions(code):
        if ins.offset < skip_until:
            continue
        if (
            previous is not None
            and previous.argval == "TYPE_CHECKING"
            and ins.opname.startswith("POP_JUMP")
            and "FALSE" in ins.opname
        ):
            skip_until = int(ins.argval)
        elif ins.opname == "IMPORT_NAME":
            module = str(ins.argval)
            found.append(module)
        elif (
            ins.opname == "IMPORT_FROM"
            and module.startswith("notedesk.")
            and _file(f"{module}.{ins.argval}") is not None
        ):
            found.append(f"{module}.{ins.argval}")
        previous = ins
    return found


# An import at the module's top level (indented ones run later, or only for type checks).
_IMPORT = re.compile(r"^import ([\w.]+(?:\s*,\s*[\w.]+)*)|^from ([\w.]+) import (\(?)(.*)")


def imports_of(name: str) -> list[str]:
    """The modules ``name`` imports at its top level, as its source names them.

    Read line by line, not parsed: top-level statements start in the first column,
    and those under ``if TYPE_CHECKING:`` (or in a function) are indented.
    """
    path = _file(name)
    if path is not None and path.suffix == ".pyc":
        return _compiled_imports(path)
    text = _source(name)
    if text is None:
        return []
    found: list[str] = []
    lines = iter(text.splitlines())
    for line in lines:
        match = _IMPORT.match(line)
        if match is None:
            continue
        if match.group(1):
            found += [part.strip() for part in match.group(1).split(",")]
            continue
        module, names = match.group(2), match.group(4)
        if match.group(3):  # a parenthesised list: up to the closing bracket
            while ")" not in names:
                names += " " + next(lines, ")")
            names = names.split(")", 1)[0]
        found.append(module)
        # ``from package import module``: the module is imported too.
        if module.startswith("notedesk."):
            for alias in names.split(","):
                item = alias.split(" as ")[0].split("#")[0].strip()
                if item and _file(f"{module}.{item}") is not None:
                    found.append(f"{module}.{item}")
    return found


def plan_imports(names: Iterable[str], loaded: Iterable[str] = ()) -> ImportPlan:
    """The modules importing ``names`` would load, leaves first, minus ``loaded``.

    Only notedesk's own modules are followed; a Qt module (PySide6, notedesk.app)
    goes to ``ui``, a Qt-free notedesk module to ``qt_free``. Other libraries load
    as part of the module that imports them.
    """
    done = set(loaded)
    plan = ImportPlan()

    def visit(name: str) -> None:
        if name in done:
            return
        done.add(name)
        parent = name.rpartition(".")[0]
        if parent.startswith("notedesk."):
            visit(parent)  # a package loads before its modules
        if _is_qt(name):
            if name.startswith("notedesk."):
                for dep in imports_of(name):
                    visit(dep)
            plan.ui.append(name)
        elif name.startswith("notedesk."):
            plan.qt_free.append(name)

    for name in names:
        visit(name)
    return plan


def loaded_modules() -> list[str]:
    return list(sys.modules)
