"""Soak: another process keeps rewriting notes while the app edits and autosaves them.

Every edit on either side adds one unique token (``app-N`` / ``ext-N``) and
each side logs every full version it wrote. At the end, every token must be
in the note or in one of its conflict copies (unless the user explicitly
chose Reload theirs over it), every conflict copy must be byte-for-byte a
version the other process wrote, and every file must be a version one side
wrote.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from notedesk.app.application import AppController
from notedesk.app.scheme import register_scheme
from notedesk.app.widgets.conflictbar import CONFLICT

register_scheme()
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

EXTERNAL_SECONDS = 45.0
SHARED = ["shared1", "shared2", "shared3", "sub/shared4"]  # both sides write
APP_ONLY = ["mine1", "mine2"]
EXT_ONLY = ["theirs1", "sub/theirs2"]
TOKEN = re.compile(r"\b(?:app|ext)-\d+\b")

# The other program: appends a token to what is on disk, half the time by
# rewriting the file through a temporary file and rename (as editors and sync
# tools do), half the time by appending in place. It re-reads the file right
# before writing and starts over if it changed, like a careful sync tool.
EXTERNAL = r"""
import json, os, random, sys, time
root, log_path, seconds, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
notes = sys.argv[5:]
rng = random.Random(seed)
log = open(log_path, "a", encoding="utf-8")
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    note = rng.choice(notes)
    path = os.path.join(root, *note.split("/")) + ".md"
    n += 1
    token = f"ext-{n}"
    for _ in range(50):
        with open(path, "rb") as f:
            current = f.read()
        tail = b"" if current.endswith(b"\n") or not current else b"\n"
        addition = tail + token.encode() + b"\n"
        new = current + addition
        if rng.random() < 0.5:
            tmp = os.path.join(os.path.dirname(path), f".ext-{n}.tmp")
            with open(tmp, "wb") as f:
                f.write(new)
                f.flush()
                os.fsync(f.fileno())
            with open(path, "rb") as f:
                if f.read() != current:
                    os.unlink(tmp)
                    continue
            os.replace(tmp, path)
            mode = "replace"
        else:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            try:
                with open(path, "rb") as f:
                    if f.read() != current:
                        continue
                os.write(fd, addition)
            finally:
                os.close(fd)
            mode = "append"
        log.write(json.dumps({"note": note, "token": token, "mode": mode,
                              "text": new.decode("utf-8")}) + "\n")
        log.flush()
        break
    time.sleep(rng.uniform(0.04, 0.3))
log.close()
"""


class SoakUser:
    """Drives the real window like a user: types tokens, switches tabs, resolves conflicts."""

    def __init__(self, controller: AppController, seed: int) -> None:
        self.controller = controller
        self.window = controller.window
        self.rng = random.Random(seed)
        self.n = 0
        self.typed: dict[str, list[str]] = {}
        self.discarded: set[str] = set()
        self.saved_versions: dict[str, list[str]] = {}
        self.counts = {"keep_mine": 0, "reload_theirs": 0, "edits": 0, "saves": 0}
        self._conflict_seen: dict[int, float] = {}
        for tab in self.window.note_tabs():
            tab.saved.connect(lambda _p, t=tab: self._on_tab_saved(t))
        self.timer = QTimer()
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.step)

    def _on_tab_saved(self, tab) -> None:
        self.counts["saves"] += 1
        self.saved_versions.setdefault(tab.path, []).append(tab.document.saved_text)

    def guard(self, tab):
        return self.controller.data_safety.guard_for(tab)

    def step(self) -> None:
        now = time.monotonic()
        for tab in self.window.note_tabs():
            if self.guard(tab).bar.kind != CONFLICT:
                self._conflict_seen.pop(id(tab), None)
                continue
            # A user takes a moment to react to the bar.
            seen = self._conflict_seen.setdefault(id(tab), now)
            if now - seen > self.rng.uniform(0.3, 1.5):
                self.resolve(tab)
                return
        if self.rng.random() < 0.35:
            return  # pauses let idle autosave happen
        rel = self.rng.choice(SHARED + APP_ONLY)
        tab = self.window.open_note(rel + ".md")  # switching tabs autosaves the previous one
        self.n += 1
        token = f"app-{self.n}"
        cursor = tab.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        text = tab.text()
        cursor.insertText(("" if text.endswith("\n") or not text else "\n") + token + "\n")
        self.typed.setdefault(rel, []).append(token)
        self.counts["edits"] += 1

    def resolve(self, tab) -> None:
        guard = self.guard(tab)
        if self.rng.random() < 0.75:
            guard.bar.keep_button.click()
            if guard.bar.kind != CONFLICT:
                self.counts["keep_mine"] += 1
                self.saved_versions.setdefault(tab.path, []).append(tab.document.saved_text)
        else:
            mine = set(TOKEN.findall(tab.text()))
            guard.bar.reload_button.click()
            if guard.bar.kind != CONFLICT:
                self.counts["reload_theirs"] += 1
                # The user chose to drop these: they stay reachable by Undo only.
                self.discarded |= mine - set(TOKEN.findall(tab.text()))


@pytest.mark.slow
def test_soak_external_rewrites_while_editing_and_autosaving(qtbot, tmp_path, monkeypatch, request):
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    root = tmp_path / "vault"
    (root / "sub").mkdir(parents=True)
    for rel in SHARED + APP_ONLY + EXT_ONLY:
        (root / f"{rel}.md").write_text(f"# {rel}\n\n", encoding="utf-8")
    controller = AppController(root)
    controller.start()
    qtbot.addWidget(controller.window)

    def close() -> None:
        controller.window.close()
        controller.shutdown()
        # Background jobs call back into window children: let them finish first.
        QThreadPool.globalInstance().waitForDone(10000)
        qtbot.wait(50)
        # Pages must go before the shared QtWebEngine profile does at exit.
        if isValid(controller.window):
            controller.window.deleteLater()
        qtbot.wait(50)

    request.addfinalizer(close)
    controller.load_rest()
    qtbot.waitUntil(lambda: controller.bridge.watcher.running, timeout=10000)
    window = controller.window
    for rel in SHARED + APP_ONLY + EXT_ONLY:
        assert window.open_note(f"{rel}.md", new_tab=True) is not None
    user = SoakUser(controller, seed=7)

    ext_log = tmp_path / "external.jsonl"
    script = tmp_path / "external.py"
    script.write_text(EXTERNAL, encoding="utf-8")
    args = [str(root), str(ext_log), str(EXTERNAL_SECONDS), "11", *SHARED, *EXT_ONLY]
    proc = subprocess.Popen([sys.executable, str(script), *args])
    try:
        user.timer.start()
        qtbot.waitUntil(
            lambda: proc.poll() is not None, timeout=int(EXTERNAL_SECONDS * 1000) + 20000
        )
        user.timer.stop()
        assert proc.returncode == 0
        ext = [json.loads(line) for line in ext_log.read_text(encoding="utf-8").splitlines()]

        # Let the last external versions arrive, resolve what is left, save everything.
        def settle() -> bool:
            for tab in window.note_tabs():
                if user.guard(tab).bar.kind == CONFLICT:
                    user.resolve(tab)
                    return False
                if not tab.dirty and tab.text() != (root / tab.path).read_text(encoding="utf-8"):
                    return False
            controller.data_safety.save_all()
            return not any(t.dirty for t in window.note_tabs())

        qtbot.waitUntil(settle, timeout=20000)
    finally:
        if proc.poll() is None:
            proc.kill()
        user.timer.stop()

    ext_tokens: dict[str, set[str]] = {}
    ext_versions: dict[str, list[str]] = {}
    for entry in ext:
        ext_tokens.setdefault(entry["note"], set()).add(entry["token"])
        ext_versions.setdefault(entry["note"], []).append(entry["text"])

    problems: list[str] = []
    copies_total = 0
    for rel in SHARED + APP_ONLY + EXT_ONLY:
        path = root / f"{rel}.md"
        final = path.read_text(encoding="utf-8")
        copies = sorted(path.parent.glob(f"{Path(rel).name} (conflict *).md"))
        copies_total += len(copies)
        kept = set(TOKEN.findall(final))
        for copy in copies:
            text = copy.read_text(encoding="utf-8")
            kept |= set(TOKEN.findall(text))
            if text not in ext_versions.get(rel, []):
                problems.append(f"{copy.name} is not a version the other program wrote")
        wanted = ext_tokens.get(rel, set()) | (set(user.typed.get(rel, [])) - user.discarded)
        lost = wanted - kept
        if lost:
            problems.append(f"{rel}: lost {sorted(lost)}")
        written = set(ext_tokens.get(rel, set())) | set(user.typed.get(rel, []))
        if kept - written:
            problems.append(f"{rel}: unknown tokens {sorted(kept - written)}")
        versions = ext_versions.get(rel, []) + user.saved_versions.get(f"{rel}.md", [])
        if final not in versions and final != f"# {rel}\n\n":
            problems.append(f"{rel}: the file is no version either side wrote")
        tab = window.tab_for(f"{rel}.md")
        if tab is None or tab.text() != final:
            problems.append(f"{rel}: the open tab does not show the file")
    print(
        f"\nsoak: {len(ext)} external writes, {user.counts['edits']} app edits, "
        f"{user.counts['saves']} app saves, {user.counts['keep_mine']} keep mine, "
        f"{user.counts['reload_theirs']} reload theirs ({len(user.discarded)} tokens dropped "
        f"by choice), {copies_total} conflict copies"
    )
    assert not problems, "\n".join(problems)
    assert len(ext) > 100 and user.counts["edits"] > 100
    assert user.counts["keep_mine"] > 0 and user.counts["saves"] > 20
