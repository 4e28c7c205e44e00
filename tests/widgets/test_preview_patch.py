"""The preview page patches only changed blocks and ends up as a whole update would."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

NOTE = "".join(
    f"## Part {i}\n\nText of part {i} with [[Part {i + 1}]] and `code`.\n\n- a\n- b\n\n"
    for i in range(30)
)


def _js(qtbot, view, script: str):
    result: list[object] = []
    view.run_script(script, lambda value: result.append(value))
    qtbot.waitUntil(lambda: bool(result), timeout=10000)
    return result[0]


def _open(running_app, tmp_path: Path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Long.md").write_text(NOTE, encoding="utf-8")
    controller = running_app(vault / "Long.md")
    tab = controller.window.current_tab()
    return controller, tab


def test_edits_patch_the_page_to_the_full_render(qtbot, running_app, tmp_path: Path) -> None:
    controller, tab = _open(running_app, tmp_path)
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.is_ready, timeout=20000)
    latest: dict[str, object] = {}
    controller.renderer.rendered.connect(lambda v, _s, html, _t: latest.update(v=v, html=html))
    shown: list[int] = []
    tab.preview_shown.connect(shown.append)
    calls: list[str] = []
    page_run = tab.preview._page.runJavaScript
    tab.preview._page.runJavaScript = lambda script, *a: (
        calls.append(script),
        page_run(script, *a),
    )

    def settle() -> None:
        want = controller.renderer._version  # the render the last edit asked for
        qtbot.waitUntil(
            lambda: latest.get("v", 0) >= want and bool(shown) and shown[-1] >= latest["v"],
            timeout=20000,
        )

    tab.rerender()
    settle()
    editor = tab.editor
    edits = [
        (0, "New first line\n\n"),  # everything after moves down
        (len(NOTE) // 2, "x"),  # one block changes
        (len(NOTE) // 3, "\n\n## Inserted\n\n"),  # blocks added in the middle
    ]
    for position, text in edits:
        calls.clear()
        cursor = editor.textCursor()
        cursor.setPosition(min(position, len(editor.toPlainText())))
        editor.setTextCursor(cursor)
        editor.insertPlainText(text)
        settle()
        patches = [c for c in calls if c.startswith("notedesk.patch(")]
        assert patches, calls
        assert len(patches[-1]) < len(str(latest["html"])) // 4  # sent far less than the page
        same = _js(
            qtbot,
            tab.preview,
            "(() => { const t = document.createElement('template'); t.innerHTML = "
            f"{json.dumps(latest['html'])}; "
            "return t.innerHTML === document.getElementById('content').innerHTML; })()",
        )
        assert same is True
    # Deleting a whole block also patches.
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.Down, QTextCursor.MoveMode.KeepAnchor, 2)
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    settle()
    lines = _js(
        qtbot,
        tab.preview,
        "Array.from(document.querySelectorAll('#content > [data-line]'))"
        ".map(e => e.dataset.line).join(',')",
    )
    assert str(lines).startswith("0,2,"), lines
