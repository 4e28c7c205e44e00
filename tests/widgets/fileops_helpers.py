"""The file-operations controller wired to a real tree and index, as the window does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from notedesk.app.fileopscontroller import FileOpsController
from notedesk.app.widgets.filetree import FileTree
from notedesk.core.events import FileEvent
from notedesk.core.index import VaultIndex
from notedesk.core.trash import Trash
from notedesk.core.vault import Vault


class Harness:
    """A vault, its index, the tree and the controller, wired as the main window does."""

    def __init__(self, qtbot, root: Path, trash_dir: Path) -> None:
        self.vault = Vault(root)
        self.index = VaultIndex(self.vault, workers=1)
        self.index.build()
        self.unsaved: list[str] = []
        self.revealed: list[Path] = []
        self.tree = FileTree()
        qtbot.addWidget(self.tree)
        self.tree.set_paths([f.path for f in self.vault.iter_files()], self.vault.iter_folders())
        self.tree.expandAll()
        self.tree.show()
        self.controller = FileOpsController(
            self.vault,
            lambda: self.index,
            trash=Trash(trash_dir, platform="linux"),
            unsaved_paths=lambda: self.unsaved,
            reveal=self.revealed.append,
            dialog_parent=self.tree,
        )
        c = self.controller
        self.tree.new_note_requested.connect(c.create_note)
        self.tree.new_folder_requested.connect(c.create_folder)
        self.tree.rename_requested.connect(c.rename)
        self.tree.move_requested.connect(c.move_items)
        self.tree.delete_requested.connect(c.delete)
        self.tree.reveal_requested.connect(c.reveal)
        c.files_changed.connect(self._on_files_changed)
        c.note_created.connect(self.tree.edit_path)
        self.failures: list[str] = []
        self.messages: list[str] = []
        c.operation_failed.connect(self.failures.append)
        c.operation_completed.connect(self.messages.append)

    def _on_files_changed(self, events: list[FileEvent]) -> None:
        self.index.apply_all(events)
        self.tree.apply_events(events)

    def text(self, rel: str) -> str:
        return (self.vault.root / rel).read_text(encoding="utf-8")


def answer(button: str, seen: list[str]) -> None:
    """Click ``button`` in the next message box once it is shown (its text goes to ``seen``)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        target = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        target.click()

    QTimer.singleShot(0, click)


def rename_in_place(qtbot, tree: FileTree, path: str, new_name: str) -> None:
    tree.edit_path(path)
    # The box of an earlier rename may be closed but not deleted yet: take the open one.
    editor = next((e for e in tree.findChildren(QLineEdit) if e.isVisible()), None)
    assert editor is not None
    editor.clear()
    qtbot.keyClicks(editor, new_name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def make_harness(qtbot, tmp_path: Path) -> Harness:
    """The harness on a small vault: a note linked in four ways, a folder, a stranger."""
    root = tmp_path / "vault"
    files = {
        "Target.md": "# Target\n\ntext ^blk\n",
        "Linker.md": "[[Target]] [[Target|alias]] ![[Target#^blk]] [t](Target.md)\n",
        "Folder/Inner.md": "[[Target#Target]] and [[Folder/Deep/Leaf]]\n",
        "Folder/Deep/Leaf.md": "leaf\n",
        "Unrelated.md": "[[Other]]\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return Harness(qtbot, root, tmp_path / "Trash")
