"""Following a link or opening a vault file: what each kind of target does.

A note opens in a tab. A folder of the vault opens its ``index.md`` or ``README.md``
(``notedesk.core.linkplaces``), else it is shown and selected in the file tree; a
link never creates a note for a folder, nor for a file or folder the vault leaves
out, nor inside a left-out folder (``notedesk.core.linkplaces.no_new_note``).
Other files open as ``notedesk.core.fileopen`` says: pictures, PDFs, sound and video
shown read-only in a tab, text read-only in a tab, anything else with the system only
after the user agreed. The file tree, the search panel, the preview and the editor all
open files through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from notedesk.app.systemopen import SystemOpener
from notedesk.core.appsettings import new_note_folder, read_app_settings
from notedesk.core.fileopen import open_way
from notedesk.core.linkplaces import folder_link, folder_note, leaves_vault, no_new_note
from notedesk.core.linkurls import PreviewLink, new_note_path, shown_link
from notedesk.core.vault import Vault, VaultError, is_note_path

if TYPE_CHECKING:
    from notedesk.app.mainwindow import MainWindow

MESSAGE_MS = 8000


def open_file(window: MainWindow, path: str, new_tab: bool = False, fragment: str = "") -> None:
    """Open the vault file ``path``: a note or a text file in a tab, others as above."""
    if is_note_path(path):
        window.open_note(path, new_tab, fragment)
        return
    way = open_way(window.vault, path)
    if way in ("text", "view"):
        window.open_note(path, new_tab)  # the tab says it is read-only
        return
    if way == "ask" and not confirm_system_open(window, path):
        window.statusBar().showMessage(f"Not opened: {path}", MESSAGE_MS)
        return
    open_with_system(window, path)


def confirm_system_open(window: MainWindow, path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    answer = QMessageBox.question(
        window,
        "Open with another application",
        f"Open “{name}” with the default application?\n\n"
        "notedesk cannot show this file. The application your system opens it with "
        "may run it if it is a program or a script.",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Open


def open_with_system(window: MainWindow, path: str) -> None:
    """Hand ``path`` to the system's default application; say so when none opened it."""
    try:
        full = window.vault.abspath(path)
    except VaultError as exc:
        window.statusBar().showMessage(f"Not opened: {exc}", MESSAGE_MS)
        return
    opener = window.findChild(SystemOpener, "systemOpener")
    if opener is None:
        opener = SystemOpener(window)
        opener.setObjectName("systemOpener")
        opener.failed.connect(lambda text: window.statusBar().showMessage(text, MESSAGE_MS))
    opener.open(full, path)


def follow_unresolved(window: MainWindow, target: str, source: str, new_tab: bool) -> None:
    """A link that names no file: a folder, a place outside the vault, or a new note."""
    folder = folder_link(window.vault, target, source)
    if folder is not None:
        follow_folder(window, folder.folder, new_tab)
        return
    if leaves_vault(target, source):
        window.statusBar().showMessage(
            f"Not opened: “{target}” points outside the vault folder", MESSAGE_MS
        )
        return
    path = new_note_path(target, source, new_note_folder_for(window.vault, source))
    refusal = no_new_note(window.vault, target, source, path)
    if refusal is not None:
        window.statusBar().showMessage(refusal, MESSAGE_MS)
        return
    window.create_note_requested.emit(path, new_tab)


def follow_folder(window: MainWindow, folder: str, new_tab: bool) -> None:
    """A folder of the vault ('' the top one): its index/README note, else the folder."""
    note = folder_note(window.vault, folder)
    if note is not None:
        window.open_note(note, new_tab)
    else:
        window.reveal_folder(folder)


def new_note_folder_for(vault: Vault, source: str) -> str:
    """The folder a note named without a path goes in, seen from note ``source``:
    beside it unless the vault's Obsidian settings (``newFileLocation``) say otherwise."""
    return new_note_folder(
        read_app_settings(vault.root),
        source.rpartition("/")[0],
        lambda folder: (vault.root / folder).is_dir(),
    )


def follow_link(window: MainWindow, link: PreviewLink, new_tab: bool) -> None:
    """Carry out a click on a link of the preview (or a link followed from the editor)."""
    if link.kind == "note":
        window.open_note(link.path, new_tab, link.fragment)
    elif link.kind == "anchor":
        tab = window.current_tab()
        if tab is not None:
            tab.scroll_to_fragment(link.fragment)
    elif link.kind == "tag":
        window.tag_requested.emit(link.path)
    elif link.kind == "asset":
        open_file(window, link.path, new_tab)
    elif link.kind == "external":
        QDesktopServices.openUrl(QUrl(link.url))
    elif link.kind == "folder":
        follow_folder(window, link.path, new_tab)
    elif link.kind == "new":
        follow_unresolved(window, link.path, link.source, new_tab)
    else:
        window.statusBar().showMessage(
            f"Not opened: {shown_link(link)} ({link.reason})", MESSAGE_MS
        )
