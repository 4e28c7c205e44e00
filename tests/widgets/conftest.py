"""Widget tests: the vault: scheme must be registered before pytest-qt creates the QApplication."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from notedesk.app.application import AppController
from notedesk.app.mainwindow import MainWindow
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


@pytest.fixture
def running_app(qtbot, monkeypatch):
    """Starts the real app on a path (watcher running); closes and releases it afterwards."""
    # Closing a window with a dirty tab would ask; tests close without asking.
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    controllers: list[AppController] = []

    def start(target: Path) -> AppController:
        controller = AppController(target)
        controller.start()
        assert isinstance(controller.window, MainWindow)
        qtbot.addWidget(controller.window)
        controller.load_rest()
        controllers.append(controller)
        # The watcher starts off the UI thread: files written before it runs go unseen.
        qtbot.waitUntil(lambda: controller.bridge.watcher.running, timeout=10000)
        return controller

    yield start
    for controller in controllers:
        controller.window.close()
        controller.shutdown()
    # Background jobs call back into window children: let them finish first.
    QThreadPool.globalInstance().waitForDone(10000)
    qtbot.wait(50)
    for controller in controllers:
        # Pages must go before the shared QtWebEngine profile does at exit.
        if isValid(controller.window):
            controller.window.deleteLater()
    qtbot.wait(50)


@pytest.fixture
def app_on(running_app):
    return running_app


@pytest.fixture
def theme(qapp):
    """The process-wide theme manager, light to start with; its choice is put back after."""
    from notedesk.app.runtime import theme_manager

    manager = theme_manager("system")
    before = manager.choice
    manager.set_choice("light")
    yield manager
    manager.set_choice(before)
