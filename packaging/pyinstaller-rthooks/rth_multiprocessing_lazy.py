"""Run-time hook of the frozen app; replaces PyInstaller's pyi_rth_multiprocessing.

PyInstaller's hook imports multiprocessing (with pickle, socket and subprocess) in every
start, before the app's main function runs. The GUI needs multiprocessing only once it
indexes a vault, after its window is shown. Here the same two fixes are applied, but in a
helper process (pool worker, forkserver, resource tracker) at once, and in the app when it
first imports multiprocessing.
"""


def _pyi_rthook():
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

    class _Loader:
        """Wraps the loader of the multiprocessing package: patches it once it is loaded."""

        def __init__(self, loader):
            self._loader = loader

        def create_module(self, spec):
            return self._loader.create_module(spec)

        def exec_module(self, module):
            self._loader.exec_module(module)
            patch()

        def __getattr__(self, name):
            return getattr(self._loader, name)

    class _Finder:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name != "multiprocessing":
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
