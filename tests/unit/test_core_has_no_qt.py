"""The core stays importable without Qt: every module of notedesk.core and notedesk.commands."""

import ast
from pathlib import Path

import notedesk

ROOT = Path(notedesk.__file__).parent


def _core_modules() -> list[Path]:
    return sorted([*ROOT.joinpath("core").rglob("*.py"), *ROOT.joinpath("commands").rglob("*.py")])


def test_there_are_core_modules() -> None:
    assert len(_core_modules()) >= 5


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for path in _core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in (
                    "PySide6",
                    "PyQt5",
                    "PyQt6",
                    "shiboken6",
                ) or name.startswith("notedesk.app"):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []
