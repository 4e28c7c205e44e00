"""The one QtWebEngine profile every preview shares: no disk state, no remote loads."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from notedesk.app.scheme import SCHEME, VaultSchemeHandler, register_scheme
from notedesk.core.assets import AssetServer

# The built-in PDF viewer is a component extension of QtWebEngine: a PDF in a frame
# (``![[file.pdf]]``) is shown by its page, which loads its own files from there.
# It also loads Chromium's shared ``chrome://resources`` (styles, scripts): allowed
# only to the viewer's own pages. Nothing else but the vault scheme and data: loads.
PDF_VIEWER_ID = "mhjfbmdgcfjbbpaeojofohoefgiehjai"
PDF_VIEWER_ORIGIN = f"chrome-extension://{PDF_VIEWER_ID}"


class RemoteBlocker(QWebEngineUrlRequestInterceptor):
    """Blocks every request that is not ours, unless the vault allows remote content."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allow_remote = False
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        scheme = url.scheme()
        if scheme == SCHEME.decode() or scheme == "data":
            return
        if scheme == "chrome-extension" and url.host() == PDF_VIEWER_ID:
            return  # the built-in PDF viewer showing a PDF frame of the page
        if (
            scheme == "chrome"
            and url.host() == "resources"
            and info.initiator().toString().rstrip("/") == PDF_VIEWER_ORIGIN
        ):
            return
        if self.allow_remote and scheme in ("http", "https"):
            return
        self.blocked.append(url.toString())
        info.block(True)


class PreviewProfile(QObject):
    """Owns the profile, the scheme handler and the request blocker."""

    def __init__(self, server: AssetServer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = server
        register_scheme()  # before the first profile: QtWebEngine then locks its scheme list
        self.profile = QWebEngineProfile(self)  # off the record: nothing written to disk
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.profile.setPersistentCookiesPolicy(
            QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
        )
        self.handler = VaultSchemeHandler(server, self)
        self.profile.installUrlSchemeHandler(SCHEME, self.handler)
        self.blocker = RemoteBlocker(self)
        self.profile.setUrlRequestInterceptor(self.blocker)
        settings = self.profile.settings()
        attr = QWebEngineSettings.WebAttribute
        for name, value in (
            (attr.LocalContentCanAccessRemoteUrls, False),
            (attr.LocalContentCanAccessFileUrls, False),
            (attr.JavascriptCanOpenWindows, False),
            (attr.JavascriptCanAccessClipboard, False),
            (attr.AllowRunningInsecureContent, False),
            (attr.PluginsEnabled, True),  # the built-in PDF viewer for ![[file.pdf]]
            (attr.PdfViewerEnabled, True),
            (attr.FocusOnNavigationEnabled, False),
            (attr.ErrorPageEnabled, False),
        ):
            settings.setAttribute(name, value)

    def set_allow_remote(self, allow: bool) -> None:
        self.blocker.allow_remote = allow
