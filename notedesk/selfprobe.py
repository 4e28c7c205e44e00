"""The self-test's view of the preview: a real QtWebEngine page on the app's profile.

Loads ``vault://app/page.html`` offscreen through the same profile and
``vault:`` scheme the app uses, hands it a rendered note, and reads facts
back from the DOM (headings, links, style sheets, images, math, diagrams).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

PAGE_TIMEOUT_S = 60.0


class CheckFailed(Exception):
    """A self-test check failed; the message says why, for the report."""


_DOM_FACTS = """(() => {
    const imgs = [...document.querySelectorAll('#content img')];
    const ua = navigator.userAgent.match(/Chrome\\/([\\d.]+)/);
    const h1 = document.querySelector('#content h1');
    return JSON.stringify({
        script: typeof window.notedesk === 'object',
        css: document.styleSheets.length,
        version: document.body.dataset.version || '',
        h1: h1 ? h1.textContent.trim() : '',
        internal_links: document.querySelectorAll('#content a[href^="vault://note/"]').length,
        new_links: document.querySelectorAll('#content a[href^="vault://new/"]').length,
        tables: document.querySelectorAll('#content table').length,
        images: imgs.length,
        images_pending: imgs.filter(i => !i.complete).length,
        images_loaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
        chromium: ua ? ua[1] : ''});
})()"""


class PreviewProbe:
    """The app's preview page, offscreen, on the app's own profile and ``vault:`` scheme."""

    def __init__(self, vault_dir: Path) -> None:
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtGui import QGuiApplication

        from notedesk.app.scheme import register_scheme

        register_scheme()  # before the application object exists
        from PySide6.QtWebEngineCore import QWebEnginePage

        from notedesk.app.webprofile import PreviewProfile
        from notedesk.core.assets import AssetServer
        from notedesk.core.vault import Vault
        from notedesk.resources import resource_dir

        self.app = QGuiApplication.instance() or QGuiApplication(["notedesk", "--self-test"])
        self.holder = PreviewProfile(AssetServer(resource_dir() / "preview", Vault(vault_dir)))
        self.page = QWebEnginePage(self.holder.profile)
        self.loop = QEventLoop()
        self.state: dict[str, Any] = {}
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.loop.quit)
        self.page.loadFinished.connect(lambda ok: self._finish("loaded", ok))
        self.page.renderProcessTerminated.connect(
            lambda status, code: self._finish(
                "crashed", f"render process ended ({status}, exit {code})"
            )
        )

    def _finish(self, key: str, value: Any) -> None:
        self.state[key] = value
        self.loop.quit()

    def _wait(self, what: str, seconds: float) -> Any:
        self.timer.start(max(1, int(seconds * 1000)))
        self.loop.exec()
        self.timer.stop()
        if "crashed" in self.state:
            raise CheckFailed(self.state["crashed"])
        if what not in self.state:
            raise CheckFailed(f"timed out after {seconds:.0f} s waiting for {what}")
        return self.state.pop(what)

    def js(self, script: str) -> Any:
        self.page.runJavaScript(script, 0, lambda value: self._finish("js", value))
        return self._wait("js", PAGE_TIMEOUT_S)

    def pause(self, ms: int) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(ms, self.loop.quit)
        self.loop.exec()

    def open(self) -> None:
        from PySide6.QtCore import QUrl

        self.page.load(QUrl("vault://app/page.html"))
        if not self._wait("loaded", PAGE_TIMEOUT_S):
            raise CheckFailed("vault://app/page.html did not load")
        if self.js("typeof window.notedesk") != "object":
            raise CheckFailed("page.js did not run in the preview page")

    def show(self, body_html: str, version: int) -> dict[str, Any]:
        """Pushes HTML the way the app does; returns DOM facts once images have arrived."""
        self.js(f"notedesk.update({json.dumps(body_html)}, {version})")
        deadline = time.monotonic() + PAGE_TIMEOUT_S
        while True:  # images arrive asynchronously through the vault: scheme
            facts: dict[str, Any] = json.loads(self.js(_DOM_FACTS))
            if not facts["images_pending"] or time.monotonic() > deadline:
                return facts
            self.pause(20)

    def wait_for(self, selector: str, seconds: float) -> int:
        """How many elements match ``selector`` once at least one does (0 after ``seconds``)."""
        deadline = time.monotonic() + seconds
        script = f"document.querySelectorAll({json.dumps(selector)}).length"
        while True:
            count = int(self.js(script) or 0)
            if count or time.monotonic() > deadline:
                return count
            self.pause(50)

    def close(self) -> None:
        from PySide6.QtCore import QEvent

        self.timer.stop()
        # The page must go before its profile, or Qt warns about a leaked profile.
        self.page.deleteLater()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.holder.deleteLater()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
