"""Entry point of the frozen app (PyInstaller runs this file as __main__)."""

import sys

from notedesk.cli import main

if __name__ == "__main__":
    # The indexer parses big vaults in a process pool (forkserver/spawn); in a frozen app
    # the children re-run this executable, and freeze_support() turns them into workers.
    # Only those children import multiprocessing here: the app itself does so once it
    # needs the pool, not on every start.
    if "-c" in sys.argv or "--multiprocessing-fork" in sys.argv:
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
