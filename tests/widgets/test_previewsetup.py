"""Preview set-up: a note opening at start gets the web view made with QtWebEngine."""

from __future__ import annotations


def _record_view_parents(monkeypatch) -> list[str]:
    from notedesk.app.widgets import preview

    parents: list[str] = []
    original = preview.PreviewView.__init__

    def init(self, profile, parent=None) -> None:
        parents.append(type(parent).__name__)
        original(self, profile, parent)

    monkeypatch.setattr(preview.PreviewView, "__init__", init)
    return parents


def test_first_note_gets_the_view_made_at_set_up(qtbot, sample_vault, running_app, monkeypatch):
    parents = _record_view_parents(monkeypatch)
    app = running_app(sample_vault)  # opens the sample vault's welcome note
    window = app.window
    tab = window.current_tab()
    assert tab is not None and tab.preview is not None
    # Made before any tab existed, on the window; then handed to the tab.
    assert parents == ["MainWindow"]
    assert tab.isAncestorOf(tab.preview)
    assert tab.preview.isVisible() == (tab.mode != "source")
    qtbot.waitUntil(lambda: tab.preview.is_ready, timeout=30000)
    with qtbot.waitSignal(tab.preview_shown, timeout=30000):
        tab.rerender()

    other = next(p for p in ("Books.md", "Machine learning.md") if p != tab.path)
    second = window.open_note(other, new_tab=True)
    assert second is not None and second.preview is not tab.preview
    assert parents == ["MainWindow", "NoteTab"]
    assert second.isAncestorOf(second.preview)


def test_no_view_is_made_ahead_without_a_note(qtbot, tmp_path, running_app, monkeypatch):
    parents = _record_view_parents(monkeypatch)
    vault = tmp_path / "plain"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    app = running_app(vault)  # no note opens at start
    assert app.window.note_tabs() == []
    assert parents == []
    tab = app.window.open_note("a.md")
    assert tab is not None and tab.preview is not None
    assert parents == ["NoteTab"]
