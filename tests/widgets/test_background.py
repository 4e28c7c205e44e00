"""Background jobs: low-priority ones run one at a time; results come back on the UI thread."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread, QThreadPool

from notedesk.app.background import run_in_background, run_low_priority, single_thread_pool


def test_low_priority_jobs_run_one_at_a_time_and_report_on_the_ui_thread(qtbot) -> None:
    running = 0
    most = 0
    lock = threading.Lock()
    done: list[tuple[int, bool]] = []
    failed: list[str] = []

    def job(n: int):
        def run() -> int:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.02)
            with lock:
                running -= 1
            if n == 3:
                raise ValueError("three")
            return n

        return run

    ui = threading.get_ident()
    for n in range(5):
        run_low_priority(
            job(n),
            lambda r: done.append((r, threading.get_ident() == ui)),
            lambda exc: failed.append(str(exc)),
        )
    qtbot.waitUntil(lambda: len(done) + len(failed) == 5, timeout=10000)
    assert most == 1
    assert sorted(done) == [(0, True), (1, True), (2, True), (4, True)]
    assert failed == ["three"]
    pool = single_thread_pool("low priority")
    assert pool.maxThreadCount() == 1
    assert pool.threadPriority() == QThread.Priority.LowPriority
    assert pool is not QThreadPool.globalInstance()


def test_a_busy_global_pool_does_not_hold_back_a_pool_of_its_own(qtbot) -> None:
    release = threading.Event()
    started = []
    for _ in range(QThreadPool.globalInstance().maxThreadCount()):
        run_in_background(lambda: (started.append(1), release.wait(10)), lambda _r: None)
    qtbot.waitUntil(lambda: len(started) == QThreadPool.globalInstance().maxThreadCount())
    got: list[str] = []
    run_in_background(lambda: "own", got.append, pool=single_thread_pool("test"))
    try:
        qtbot.waitUntil(lambda: got == ["own"], timeout=5000)
    finally:
        release.set()
        QThreadPool.globalInstance().waitForDone(10000)
