"""A note typed in while a large vault is still being indexed is saved when the app quits."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox

from notedesk.app.application import AppController
from notedesk.app.indexservice import IndexService
from notedesk.app.mainwindow import MainWindow


def test_a_note_typed_in_while_indexing_is_saved_on_close_without_asking(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "Day.md").write_text("# Day\n", encoding="utf-8")
    (root / "Other.md").write_text("# Other\n", encoding="utf-8")
    indexing = threading.Event()  # set: the index build may go on
    build = IndexService._build

    def slow_build(service: IndexService) -> None:
        indexing.wait(30)  # a large vault: the build takes its time
        build(service)

    monkeypatch.setattr(IndexService, "_build", slow_build)
    monkeypatch.setattr(MainWindow, "ask_before_close", True)
    asked: list[object] = []

    def question(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    controller = AppController(root / "Day.md")
    controller.start()
    window = controller.window
    assert window is not None
    try:
        controller.load_rest(staged=True)
        qtbot.waitUntil(lambda: window.current_tab() is not None, timeout=20000)
        qtbot.wait(1500)  # the start-up steps that do not wait for the index have run
        assert not controller.index_service.ready
        tab = window.current_tab()
        tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
        qtbot.keyClicks(tab.editor, "typed while indexing")
        window.close()
        assert asked == [] and not window.isVisible()
        assert (root / "Day.md").read_text(encoding="utf-8") == "# Day\ntyped while indexing"
        # The index, once built, has the note as saved (the watcher was not running yet).
        indexing.set()
        qtbot.waitUntil(lambda: controller.index_service.ready, timeout=20000)
        qtbot.wait(50)
        assert controller.index_service.index.note("Day.md") is not None
    finally:
        indexing.set()
        monkeypatch.setattr(MainWindow, "ask_before_close", False)
        window.close()
        controller.shutdown()
        QThreadPool.globalInstance().waitForDone(10000)
        qtbot.wait(50)
        window.deleteLater()
        qtbot.wait(50)
