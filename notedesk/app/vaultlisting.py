"""The vault's file listing: made off the UI thread, then swapped into the file tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from notedesk.app.background import run_in_background

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow
    from notedesk.core.vault import Vault


def list_into_tree(
    window: MainWindow,
    vault: Vault,
    closed: Callable[[], bool],
    shown: Callable[[int], None],
) -> None:
    """List ``vault`` in the background and fill the window's tree with it.

    ``shown(files)`` runs once the tree shows the listing; nothing happens if
    ``closed()`` by then. A failed listing is shown above the tree.
    """

    def listing() -> tuple[list[str], object, dict[str, str]]:
        from notedesk.app.widgets.filetreemodel import build_nodes

        left_out: dict[str, str] = {}
        files = [f.path for f in vault.iter_files(unlisted=left_out)]
        # The sorted tree is built here too: the UI thread only swaps it in.
        return files, build_nodes(files, vault.iter_folders()), left_out

    def listed(result: object) -> None:
        if closed():
            return
        files, nodes, left_out = result  # type: ignore[misc]
        if left_out:
            window.show_vault_problem(left_out_message(left_out))
        tree = window.file_tree

        def filled() -> None:
            tree.filled.disconnect(filled)
            current = window.current_tab()
            if current is not None:
                tree.select_path(current.path)
            shown(len(files))

        tree.filled.connect(filled)
        tree.set_nodes(nodes)

    def failed(exc: Exception) -> None:
        if not closed():
            window.show_vault_problem(f"notedesk cannot list this vault: {exc}")

    run_in_background(listing, listed, failed)
    # The tree widget (with its icons) is made in a turn of its own while the listing
    # runs, so the turn that shows the listing only swaps it in.
    QTimer.singleShot(0, window, lambda: None if closed() else window.file_tree)


def left_out_message(left_out: dict[str, str]) -> str:
    """Above the tree: what the listing had to leave out (vault path -> reason)."""
    shown = sorted(left_out.items())[:5]
    lines = [f"{path}: {reason}" for path, reason in shown]
    if len(left_out) > len(shown):
        lines.append(f"and {len(left_out) - len(shown)} more (notedesk check lists them all)")
    return "Not shown in this vault:\n" + "\n".join(lines)
