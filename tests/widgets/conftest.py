"""Widget tests: the vault: scheme must be registered before pytest-qt creates the QApplication."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from notedesk.app.scheme import register_scheme
from notedesk.resources import resource

register_scheme()
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


@pytest.fixture(autouse=True)
def _no_close_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window closed by pytest-qt at teardown must not block on a modal prompt."""
    from notedesk.app.mainwindow import MainWindow

    monkeypatch.setattr(MainWindow, "ask_before_close", False)


@pytest.fixture
def sample_vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(resource("sample-vault"), target)
    return target
