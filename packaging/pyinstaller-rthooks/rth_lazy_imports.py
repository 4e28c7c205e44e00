"""Run-time hook of the frozen app; replaces PyInstaller's pyi_rth_pyside6 and
pyi_rth_multiprocessing, which import what they set up at every start.

PyInstaller's Qt hook imports PySide6.QtCore (with shiboken6, about 0.15 s of CPU) only to
check that Qt finds its files; headless commands (`notedesk info`, `--version`) and the
indexer's worker processes never use Qt. Its multiprocessing hook imports multiprocessing
(with pickle, socket and subprocess), which the GUI needs only once it indexes a vault,
after its window is shown. Here the environment is set up at once, as PyInstaller does,
and each module's own part runs when that module is first imported (in a multiprocessing
helper process — pool worker, forkserver, resource tracker — at once).
"""


def _after_import(name, callback):
    """Run ``callback()`` right after module ``name`` is first imported, not importing it now."""
    import sys

    class _Loader:
        """Wraps the module's own loader: runs ``callback`` once the module is loaded."""

        def __init__(self, loader):
            self._loader = loader

        def create_module(self, spec):
            return self._loader.create_module(spec)

        def exec_module(self, module):
            self._loader.exec_module(module)
            callback()

        def __getattr__(self, attr):
            return getattr(self._loader, attr)

    class _Finder:
        @staticmethod
        def find_spec(fullname, path=None, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(_Finder)
            for finder in sys.meta_path:
                find = getattr(finder, "find_spec", None)
                spec = find(fullname, path, target) if find is not None else None
                if spec is not None:
                    spec.loader = _Loader(spec.loader)
                    return spec
            return None

    sys.meta_path.insert(0, _Finder)


def _pyside6(after_import):
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

    after_import("PySide6.QtCore", after_qtcore)


def _multiprocessing(after_import):
    import sys

    def patch():
        import multiprocessing
        import multiprocessing.spawn
        from subprocess import _args_from_interpreter_flags

        # Keeps `spawn` from re-reading __main__ from the (absent) main script.
        multiprocessing.process.ORIGINAL_DIR = None

        def _divert_multiprocessing_helper():
            # The resource tracker and the forkserver run as `<exe> <flags> -c "from
            # multiprocessing.... import main; main(...)"`: run that command here.
            try:
                index = sys.argv.index("-c")
            except ValueError:
                return
            if set(sys.argv[1:index]) != set(_args_from_interpreter_flags()):
                return
            if len(sys.argv) <= index + 1:
                return
            command = sys.argv[index + 1]
            if not command.startswith((
                "from multiprocessing.resource_tracker import main",
                "from multiprocessing.forkserver import main",
                "import sys; from multiprocessing.forkserver import main",
            )):
                return
            exec(command)
            sys.exit()

        def _freeze_support():
            _divert_multiprocessing_helper()
            if multiprocessing.spawn.is_forking(sys.argv):
                kwds = {}
                for arg in sys.argv[2:]:
                    name, value = arg.split("=")
                    kwds[name] = None if value == "None" else int(value)
                multiprocessing.spawn.spawn_main(**kwds)
                sys.exit()

        multiprocessing.freeze_support = multiprocessing.spawn.freeze_support = _freeze_support

    if "-c" in sys.argv or "--multiprocessing-fork" in sys.argv:
        patch()  # a helper process: freeze_support() in the entry script takes over
        return
    after_import("multiprocessing", patch)


_pyside6(_after_import)
_multiprocessing(_after_import)
del _pyside6, _multiprocessing, _after_import
