"""Every menu item has an access letter (&), none used twice in one menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu

from notedesk.app.application import AppController


def access_letter(text: str) -> str | None:
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def menu_items(menu: QMenu) -> list[tuple[str, QMenu | None]]:
    return [
        (action.text(), action.menu())
        for action in menu.actions()
        if not action.isSeparator() and action.isVisible()
    ]


def test_each_menu_item_has_its_own_access_letter(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "A.md").write_text("# A\n", encoding="utf-8")
    controller = AppController(root / "A.md")
    controller.start()
    qtbot.addWidget(controller.window)
    controller.load_rest()
    try:
        window = controller.window
        bar = window.menuBar()
        pending: list[tuple[str, list[tuple[str, QMenu | None]]]] = [
            ("menu bar", [(a.text(), a.menu()) for a in bar.actions()])
        ]
        checked = 0
        while pending:
            where, items = pending.pop()
            letters: dict[str, str] = {}
            for text, submenu in items:
                letter = access_letter(text)
                assert letter is not None, f"{where}: {text!r} has no access letter"
                assert letter not in letters, f"{where}: {text!r} and {letters[letter]!r}"
                letters[letter] = text
                checked += 1
                if submenu is not None and submenu is not window.recent_menu:
                    pending.append((text, menu_items(submenu)))
        assert checked > 30
    finally:
        controller.shutdown()


def test_file_tree_menu_items_have_their_own_access_letters(qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "A.md").write_text("# A\n", encoding="utf-8")
    controller = AppController(root)
    controller.start()
    qtbot.addWidget(controller.window)
    controller.load_rest()
    try:
        tree = controller.window.file_tree
        qtbot.waitUntil(lambda: tree.source_model.index_of("sub/A.md").isValid())
        for path in ("sub/A.md", "sub"):
            menu = tree.context_menu(tree.source_model.index_of(path))
            letters = [access_letter(text) for text, _sub in menu_items(menu)]
            assert None not in letters, [a.text() for a in menu.actions()]
            assert len(letters) == len(set(letters)), [a.text() for a in menu.actions()]
            menu.close()
    finally:
        controller.shutdown()
