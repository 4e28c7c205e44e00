"""Helpers shared by the widget tests that run the real app."""

from __future__ import annotations

from pathlib import Path


def vault_with(tmp_path: Path, **notes: str) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    for name, text in notes.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root
