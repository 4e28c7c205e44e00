"""Qt adapter for the preview's ``vault:`` scheme; the policy lives in core.assets."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from notedesk.core.assets import AssetRefused, AssetServer

SCHEME = b"vault"


def register_scheme() -> None:
    """Declare the scheme to QtWebEngine; must run before its first profile or page exists.

    QtWebEngine reads its scheme list once, when its context starts (the first
    profile), and ignores later registrations with a warning. Qt's documentation
    asks for registration before the QApplication exists; the application object
    itself plays no part in it, so the app registers right after its window is
    shown, when it loads QtWebEngine, and so keeps that large library off the
    path to the first window. tests/e2e/test_scheme_late.py checks that a page
    then gets the same secure origin, CSP and asset loading.
    """
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    # Secure, so the page counts as a secure context; no LocalAccessAllowed: file:// stays closed.
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)


class VaultSchemeHandler(QWebEngineUrlSchemeHandler):
    def __init__(self, server: AssetServer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = server

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        if job.requestMethod() != QByteArray(b"GET"):
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        try:
            asset = self.server.serve(
                url.host(), url.path(QUrl.ComponentFormattingOption.FullyEncoded)
            )
        except AssetRefused as exc:
            error = (
                QWebEngineUrlRequestJob.Error.UrlNotFound
                if exc.status == "not-found"
                else QWebEngineUrlRequestJob.Error.RequestDenied
            )
            job.fail(error)
            return
        buffer = QBuffer(job)
        buffer.setData(QByteArray(asset.data))
        job.reply(asset.mime.encode(), buffer)
