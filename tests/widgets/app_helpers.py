"""Helpers shared by the widget tests that run the real app."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def vault_with(tmp_path: Path, **notes: str) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    for name, text in notes.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def focus_editor(qtbot: Any, window: Any) -> Any:
    """Show and activate ``window``, give its current note's editor the keys; the tab."""
    from PySide6.QtWidgets import QApplication

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    tab = window.current_tab()
    tab.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor)
    return tab
