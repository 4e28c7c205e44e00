"""The vault: scheme registered after the QApplication (as the app does) keeps its promises.

The app loads QtWebEngine only after its window is shown, so the scheme is
registered then, not before the application object exists. The page must still
be a secure context with its own origin, run under its CSP, and load vault assets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication([])
assert "PySide6.QtWebEngineCore" not in sys.modules

from notedesk.app.runtime import preview_profile, release_qt_objects
from notedesk.app.widgets.preview import PreviewView
from notedesk.core.vault import Vault

vault = Path(sys.argv[1])
profile = preview_profile()
profile.server.vault = Vault(vault)
view = PreviewView(profile.profile)
view.show()
PROBE = '''(async () => {
  document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.pwned = 1">');
  const r = {secure: window.isSecureContext, origin: location.origin};
  const img = new Image();
  img.src = 'vault://asset/dot.png';
  try { await img.decode(); r.image = img.naturalWidth; } catch (e) { r.image = 0; }
  await new Promise(done => setTimeout(done, 200));
  r.pwned = window.pwned || 0;
  window.probe = JSON.stringify(r);
})()'''
result = {}

def collect(value):
    if value:
        result.update(json.loads(value))
        app.quit()
    else:
        QTimer.singleShot(100, lambda: view.page().runJavaScript("window.probe", 0, collect))

def probe():
    view.page().runJavaScript(PROBE, 0, lambda _v: None)
    collect(None)

view.page_ready.connect(probe)
QTimer.singleShot(30000, app.quit)
app.exec()
print("RESULT " + json.dumps(result))
view.close()
view.deleteLater()
release_qt_objects()
"""

DOT_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f00f0003860180"
    "5a347d6b0000000049454e44ae426082"
)


def test_scheme_registered_after_the_application_keeps_origin_csp_and_assets(
    tmp_path: Path,
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "dot.png").write_bytes(DOT_PNG)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    flags = env.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags:
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(vault)],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    lines = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
    assert lines, proc.stderr[-2000:]
    result = json.loads(lines[-1][len("RESULT ") :])
    assert result == {"secure": True, "origin": "vault://app", "image": 1, "pwned": 0}
