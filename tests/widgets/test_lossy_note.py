"""A note whose file is not valid UTF-8: the bar says so, nothing is written unless asked."""

from __future__ import annotations

import pytest
from app_helpers import vault_with

from notedesk.app import mainwindow
from notedesk.app.widgets.conflictbar import UNREADABLE

RAW = b"caf\xe9 au lait\n"


@pytest.fixture
def lossy(tmp_path):
    root = vault_with(tmp_path, other="fine\n")
    (root / "latin1.md").write_bytes(RAW)
    return root


def _bar(controller, tab):
    return controller.data_safety.guard_for(tab).bar


def test_the_bar_says_it_and_save_as_utf8_writes_it(qtbot, running_app, lossy):
    controller = running_app(lossy / "latin1.md")
    tab = controller.window.current_tab()
    bar = _bar(controller, tab)
    assert bar.kind == UNREADABLE and bar.isVisibleTo(tab)
    assert "Not valid UTF-8" in bar.label.text()
    assert bar.utf8_button.isVisibleTo(bar) and bar.save_as_button.isVisibleTo(bar)
    assert (lossy / "latin1.md").read_bytes() == RAW  # opening writes nothing

    bar.utf8_button.click()
    assert (lossy / "latin1.md").read_bytes() == "caf\ufffd au lait\n".encode()
    assert bar.kind != UNREADABLE and not bar.isVisibleTo(tab)
    assert not tab.dirty


@pytest.mark.parametrize("answer", [True, False])
def test_ctrl_s_asks_before_replacing_the_unreadable_bytes(
    qtbot, running_app, lossy, monkeypatch, answer
):
    asked: list[str] = []

    def ask(_parent, rel):
        asked.append(rel)
        return answer

    monkeypatch.setattr(mainwindow, "ask_save_as_utf8", ask)
    controller = running_app(lossy / "latin1.md")
    window = controller.window
    tab = window.current_tab()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.editor.insertPlainText("more")
    assert window.save_current() is answer
    assert asked == ["latin1.md"]
    data = (lossy / "latin1.md").read_bytes()
    if answer:
        assert data == "caf\ufffd au lait\nmore".encode()
        assert not tab.dirty and _bar(controller, tab).kind != UNREADABLE
    else:
        assert data == RAW and tab.dirty
