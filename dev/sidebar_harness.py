"""A window with the file tree and the tag panel on a copy of a vault, for screenshots.

    DISPLAY=:99 python dev/sidebar_harness.py [VAULT] --menu "Books.md" --tag inbox --seconds 8
    import -display :99 -window root /tmp/sidebar.png

The vault is copied to a temporary folder first, so operations tried in the
window never touch the original. Runs for ``--seconds`` and quits.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from notedesk.app.fileopscontroller import FileOpsController
from notedesk.app.widgets.filetree import FileTree
from notedesk.app.widgets.tagpanel import TagPanel
from notedesk.core.index import VaultIndex
from notedesk.core.trash import Trash
from notedesk.core.vault import Vault
from notedesk.resources import resource


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", nargs="?", default=str(resource("sample-vault")))
    parser.add_argument("--menu", help="open the context menu on this path")
    parser.add_argument("--tag", help="pick this tag")
    parser.add_argument("--filter", default="", help="text for the tag filter box")
    parser.add_argument("--rename", help="OLD=NEW: ask to rename (shows the link dialog)")
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp()) / Path(args.vault).name
    shutil.copytree(args.vault, work)
    app = QApplication(sys.argv[:1])
    vault = Vault(work)
    index = VaultIndex(vault, workers=1)
    index.build()

    window = QWidget()
    window.setWindowTitle(f"notedesk sidebar harness — {work.name}")
    tree = FileTree(root=work)
    tree.set_paths([f.path for f in vault.iter_files()], vault.iter_folders())
    tags = TagPanel(index.tag_tree, index.notes_with_tag)
    tags.refresh()
    status = QLabel("ready")
    controller = FileOpsController(
        vault, lambda: index, trash=Trash(work.parent / "Trash"), dialog_parent=window
    )
    tree.new_note_requested.connect(controller.create_note)
    tree.new_folder_requested.connect(controller.create_folder)
    tree.rename_requested.connect(controller.rename)
    tree.move_requested.connect(controller.move)
    tree.delete_requested.connect(controller.delete)
    tree.reveal_requested.connect(controller.reveal)
    tree.open_requested.connect(lambda p, n: status.setText(f"open {p} new_tab={n}"))
    tags.open_requested.connect(lambda p, n: status.setText(f"open {p} new_tab={n}"))
    controller.files_changed.connect(index.apply_all)
    controller.files_changed.connect(tree.apply_events)
    controller.files_changed.connect(lambda _e: tags.refresh())
    controller.operation_completed.connect(status.setText)
    controller.operation_failed.connect(status.setText)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    for title, widget in (("Files", tree), ("Tags", tags)):
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(widget)
        splitter.addWidget(pane)
    outer = QHBoxLayout(window)
    column = QVBoxLayout()
    column.addWidget(splitter)
    column.addWidget(status)
    outer.addLayout(column)
    window.resize(760, 620)
    window.move(20, 20)
    window.show()
    tree.expandAll()

    def stage() -> None:
        if args.filter:
            tags.filter_edit.setText(args.filter)
        if args.tag:
            tags.tree.expandAll()
            tags.select_tag(args.tag)
        if args.rename:
            old, _, new = args.rename.partition("=")
            tree.select_path(old)
            tree.rename_requested.emit(old, new)
        if args.menu:
            tree.select_path(args.menu)
            rect = tree.visualRect(tree.currentIndex())
            pos = rect.center()
            QApplication.sendEvent(
                tree.viewport(),
                QContextMenuEvent(
                    QContextMenuEvent.Reason.Mouse, pos, tree.viewport().mapToGlobal(pos)
                ),
            )

    QTimer.singleShot(500, stage)
    QTimer.singleShot(int(args.seconds * 1000), app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
