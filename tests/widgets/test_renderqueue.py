"""The render queue: a lazy request from a tab closed meanwhile is dropped quietly."""

from __future__ import annotations

from notedesk.app.renderqueue import RenderQueue


def test_a_waiting_render_of_a_closed_tab_is_dropped(qtbot) -> None:
    queue = RenderQueue(lambda text, source: f"<p>{text}</p>")
    done: list[str] = []
    queue.rendered.connect(lambda _v, source, html, _s: done.append(html))

    def closed_tab_text() -> str:
        raise RuntimeError("Internal C++ object (PySide6.QtCore.QTimer) already deleted.")

    try:
        queue.request("a.md", "first")
        queue.request_lazy("a.md", closed_tab_text)  # waits for the first render
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        qtbot.wait(100)
        assert done == ["<p>first</p>"] and not queue.busy
        queue.request("b.md", "next")  # the queue still works
        qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    finally:
        queue.shutdown()
