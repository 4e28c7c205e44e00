"""Run-time hook of the frozen app; replaces PyInstaller's pyi_rth_pyside6.

PyInstaller's hook imports PySide6.QtCore (with shiboken6, about 0.15 s of CPU) at every
start, only to check that Qt finds its files. Headless commands (`notedesk info`,
`--version`) and the indexer's worker processes never use Qt. Here the environment is set up
at once, as PyInstaller does, and the QtCore part runs when QtCore is first imported.
"""


def _pyi_rthook():
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable

    if sys.platform.startswith("win"):
        qt_path = os.path.join(sys._MEIPASS, "PySide6")
    else:
        qt_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_path, "plugins")
    if is_macos_app_bundle:
        resources = os.path.normpath(os.path.join(
            sys._MEIPASS, "..", "Resources", os.path.relpath(qt_path, sys._MEIPASS)))
        os.environ["QML2_IMPORT_PATH"] = os.pathsep.join(
            [os.path.join(resources, "qml"), os.path.join(qt_path, "qml")])
    else:
        os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_path, "qml")
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")

    def after_qtcore():
        # PySide6 wheels embed their own qt.conf; this only acts if one is missing.
        from _pyi_rth_utils import qt as qt_rth_utils

        qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
        qt_rth_utils.create_embedded_qt_conf("PySide6", qt_path)

    class _Loader:
        """Wraps the loader of PySide6.QtCore: runs after_qtcore() once it is loaded."""

        def __init__(self, loader):
            self._loader = loader

        def create_module(self, spec):
            return self._loader.create_module(spec)

        def exec_module(self, module):
            self._loader.exec_module(module)
            after_qtcore()

        def __getattr__(self, name):
            return getattr(self._loader, name)

    class _Finder:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(_Finder)
            for finder in sys.meta_path:
                find = getattr(finder, "find_spec", None)
                spec = find(name, path, target) if find is not None else None
                if spec is not None:
                    spec.loader = _Loader(spec.loader)
                    return spec
            return None

    sys.meta_path.insert(0, _Finder)


_pyi_rthook()
del _pyi_rthook
