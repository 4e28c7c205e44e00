"""Help › Keyboard Shortcuts lists the editor's own keys, from the table the editor acts on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent

from notedesk.app.application import AppController
from notedesk.app.widgets.editorkeys import COMMAND_KEYS, run_command_key


def test_help_lists_the_editor_keys_and_each_key_once(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "A.md").write_text("# A\n", encoding="utf-8")
    controller = AppController(root / "A.md")
    controller.start()
    qtbot.addWidget(controller.window)
    controller.load_rest()
    try:
        sections = controller.window.edit_menus.shortcut_sections()
        assert [title for title, _rows in sections] == ["Commands", "In the note editor"]
        rows = controller.window.edit_menus.shortcut_rows()
        keys = [k for _label, k in rows]
        for wanted in (
            "Ctrl+Space",
            "Ctrl+L",
            "Alt+Enter",
            "Ctrl+Enter",
            "Ctrl+Click",
            "Ctrl+Shift+Click",
            "Ctrl+Y",
            "Ctrl+=",
            "Ctrl+-",
            "Ctrl+0",
            "Enter / Tab",
        ):
            assert wanted in keys, wanted
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        assert keys.count("F2") == 1
        labels = dict(rows)
        assert labels["Complete a link, heading, block or tag"] == "Ctrl+Space"
        assert labels["Save"] == "Ctrl+S"
    finally:
        controller.shutdown()


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def __getattr__(self, name: str):
        def record(*args: object, **kwargs: object) -> bool:
            self.calls.append((name, kwargs.get("new_tab", args[0] if args else None)))
            return True

        return record


def test_every_listed_key_runs_its_command():
    for command in COMMAND_KEYS:
        done = []
        for mods, key in command.keys:
            target = _Recorder()
            assert run_command_key(target, QKeyEvent(QEvent.Type.KeyPress, key, mods)), command
            done.append(target.calls)
        assert all(calls == done[0] and len(calls) == 1 for calls in done), command.what
    follow = {c.shown: c for c in COMMAND_KEYS}
    target = _Recorder()
    follow["Ctrl+Enter"].run(target)
    follow["Alt+Enter"].run(target)
    assert target.calls == [("follow_link_at_cursor", True), ("follow_link_at_cursor", None)]


def test_shortcuts_dialog_fits_the_screen_and_scrolls(qtbot, tmp_path: Path):
    from PySide6.QtWidgets import QAbstractScrollArea, QDialog, QDialogButtonBox

    root = tmp_path / "vault"
    root.mkdir()
    (root / "A.md").write_text("# A\n", encoding="utf-8")
    controller = AppController(root / "A.md")
    controller.start()
    qtbot.addWidget(controller.window)
    try:
        menus = controller.window.edit_menus
        menus.show_shortcuts()
        dialog = next(
            d
            for d in controller.window.findChildren(QDialog)
            if d.windowTitle() == "Keyboard Shortcuts" and d.isVisible()
        )
        area = dialog.screen().availableGeometry()
        assert dialog.frameGeometry().height() <= area.height() * 0.9 + 1
        assert area.contains(dialog.frameGeometry())
        scroll = dialog.findChild(QAbstractScrollArea)
        assert scroll is not None
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None and buttons.isVisible()
        assert dialog.row_count() == len(menus.shortcut_rows())
        dialog.reject()
    finally:
        controller.shutdown()


def test_a_long_shortcut_list_scrolls_inside_the_screen(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from notedesk.app.widgets.shortcutsdialog import ShortcutsDialog

    rows = [(f"Command {n}", f"Ctrl+{n}") for n in range(120)]
    dialog = ShortcutsDialog([("Commands", rows)])
    qtbot.addWidget(dialog)
    dialog.show()
    area = dialog.screen().availableGeometry()
    assert area.contains(dialog.frameGeometry())
    qtbot.waitUntil(lambda: dialog.list.verticalScrollBar().maximum() > 0)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.isVisible() and dialog.rect().contains(buttons.geometry())
    assert dialog.row_count() == 120
