"""Quitting stops background work: the index build of a closed vault, running scans."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from notedesk.app import background
from notedesk.app.background import Cancel, stop_background_work
from notedesk.app.indexservice import IndexService
from notedesk.app.widgets.backlinks import BacklinksPane
from notedesk.app.widgets.searchpanel import SearchPanel
from notedesk.core.vault import Vault


@pytest.fixture
def quitting(monkeypatch):
    """``stop_background_work`` for this test only (the flag is process-wide)."""
    monkeypatch.setattr(background, "_quitting", threading.Event())
    return stop_background_work


def test_a_cancel_reads_as_set_once_the_app_quits(quitting) -> None:
    cancel, other = Cancel(), Cancel()
    other.set()
    assert not cancel.is_set() and other.is_set()
    quitting()
    assert cancel.is_set() and Cancel().is_set()


def test_closing_the_index_service_stops_its_build(qtbot, tmp_path: Path) -> None:
    for i in range(4000):
        (tmp_path / f"n{i}.md").write_text(f"# N{i}\n[[n{i + 1}]]\n", encoding="utf-8")
    service = IndexService(Vault(tmp_path))
    service.index.workers = 1
    outcome: list[str] = []
    service.index_ready.connect(lambda: outcome.append("ready"))
    service.index_failed.connect(outcome.append)
    with qtbot.waitSignal(service.build_progressed, timeout=20000):
        service.start()
    service.close()
    start = time.monotonic()
    assert QThreadPool.globalInstance().waitForDone(20000)
    assert time.monotonic() - start < 2
    qtbot.wait(50)  # the build's result (or failure) reaches the UI thread
    assert outcome == [] and not service.ready  # stopped quietly: no "Indexing failed"


def test_quitting_stops_a_running_unlinked_mentions_scan(qtbot, quitting) -> None:
    seen: list[object] = []
    release = threading.Event()

    def unlinked(path, only, cancelled):
        def scan():
            while not cancelled():  # a long scan that checks as scans do
                release.wait(0.01)
            seen.append("stopped")
            return []

        return scan

    pane = BacklinksPane(lambda _p: [], unlinked)
    qtbot.addWidget(pane)
    pane.set_note("A.md")
    qtbot.wait(50)
    quitting()
    qtbot.waitUntil(lambda: seen == ["stopped"], timeout=5000)


def test_quitting_stops_a_running_search(qtbot, quitting) -> None:
    started = threading.Event()
    stopped: list[bool] = []

    def search(query, limit, cancelled):
        started.set()
        while not cancelled():
            time.sleep(0.01)
        stopped.append(True)
        return []

    panel = SearchPanel(search, debounce_ms=0)
    qtbot.addWidget(panel)
    panel.set_query("word")
    assert started.wait(5)
    quitting()
    qtbot.waitUntil(lambda: stopped == [True], timeout=5000)


def test_quitting_stops_the_sync_conflict_scan(qtbot, tmp_path: Path, quitting) -> None:
    from PySide6.QtWidgets import QMainWindow

    from notedesk.app.vaultnotices import VaultNotices
    from notedesk.core.cancel import Cancelled

    (tmp_path / "Note.md").write_text("mine", encoding="utf-8")
    (tmp_path / "Note.sync-conflict-20240101-120000-ABCDEFG.md").write_text("theirs", "utf-8")
    window = QMainWindow()
    qtbot.addWidget(window)
    notices = VaultNotices(window, Vault(tmp_path), None)
    conflicts, _left_out = notices._scan_sync_conflicts()
    assert len(conflicts) == 1
    quitting()
    with pytest.raises(Cancelled):
        notices._scan_sync_conflicts()
