"""Overrides PyInstaller's QtQml hook: notedesk uses no QML, so the ~30 MB qml/ tree and the
Qt Quick 3D / Multimedia / Charts libraries its plugins drag in are left out. QtWebEngine still
links libQt6Qml and libQt6Quick, which add_qt6_dependencies keeps."""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
