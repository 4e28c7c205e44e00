"""Turns the file tree's requests into file operations, asking the user where needed.

Create, trash and reveal run at once; rename and move are planned, confirmed
("Update 12 links in 5 files?") and applied with the slow part (reading and
rewriting the linking notes) on a worker thread. The index is only read on the
UI thread, while preparing the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from notedesk.app.background import run_in_background
from notedesk.app.reveal import reveal_in_file_manager
from notedesk.core.atomic import TextFormat
from notedesk.core.dailynote import plan_daily_note
from notedesk.core.events import FileEvent
from notedesk.core.filenames import check_name, moved_path, renamed_path
from notedesk.core.fileops import (
    LinkIndex,
    RenamePlan,
    RenameReport,
    SaveFn,
    apply_rename,
    check_target,
    plan_links,
    prepare_rename,
)
from notedesk.core.newfiles import create_folder, create_note
from notedesk.core.trash import Trash, TrashResult
from notedesk.core.vault import Vault, VaultError

Button = QMessageBox.StandardButton


class FileOpsController(QObject):
    """Signals:
    files_changed(events): files were created, rewritten, moved or trashed (list[FileEvent]).
    path_renamed(old, new): a file or folder moved; open tabs below ``old`` follow it.
        Emitted before the ``files_changed`` of the same operation.
    note_created(path): a new "Untitled" note exists (open it; the tree can start renaming
        it). Not emitted for the daily note: its name is fixed.
    folder_created(path): a new folder exists.
    operation_completed(message): a status-bar message ("Renamed …; updated 3 links in 2 files").
    operation_failed(message): an operation was refused or failed; the message says why.
    rename_failed(message): a rename typed in the file tree failed once its name box had
        closed (the keys are the note's again): to be said without a dialog.
    """

    files_changed = Signal(list)
    path_renamed = Signal(str, str)
    note_created = Signal(str)
    folder_created = Signal(str)
    operation_completed = Signal(str)
    operation_failed = Signal(str)
    rename_failed = Signal(str)

    def __init__(
        self,
        vault: Vault,
        index: Callable[[], LinkIndex | None],
        *,
        trash: Trash | None = None,
        save: SaveFn | None = None,
        unsaved_paths: Callable[[], Iterable[str]] = lambda: (),
        reveal: Callable[[Path], None] = reveal_in_file_manager,
        dialog_parent: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self._index = index
        self._trash = trash if trash is not None else Trash()
        self._save = save
        self._unsaved_paths = unsaved_paths
        self._reveal = reveal
        self._dialog_parent = dialog_parent
        self._busy = False
        self._inline = False  # the operation running is a rename typed in the tree

    @property
    def busy(self) -> bool:
        """A rename or move is being planned or applied; new requests are refused meanwhile."""
        return self._busy

    # -- create --------------------------------------------------------------

    def create_note(self, folder: str = "") -> str | None:
        try:
            path = create_note(self.vault, folder, save=self._save)
        except (VaultError, OSError) as exc:
            self.operation_failed.emit(f"Cannot create a note: {exc}")
            return None
        self.files_changed.emit([FileEvent("created", path)])
        self.note_created.emit(path)
        return path

    def create_folder(self, folder: str = "") -> str | None:
        try:
            path = create_folder(self.vault, folder)
        except (VaultError, OSError) as exc:
            self.operation_failed.emit(f"Cannot create a folder: {exc}")
            return None
        self.files_changed.emit([FileEvent("created", path, is_dir=True)])
        self.folder_created.emit(path)
        return path

    def daily_note(self, folder: str = "", day: date | None = None, fmt: str = "") -> str | None:
        """The path of the day's note, created if it does not exist (from the vault's
        daily template, if it has one; see ``core.dailynote``).

        ``folder``, ``fmt`` (``strftime``): the user's own choice, '' for the vault's.
        A setting or template that could not be used is said in ``operation_completed``.
        Its name is the day's: no ``note_created`` (which would start renaming it)."""
        now = datetime.now()
        if day is not None:
            now = datetime.combine(day, now.time())
        try:
            plan = plan_daily_note(self.vault.root, now, chosen_folder=folder, chosen_format=fmt)
            path = plan.path
            if not self.vault.abspath(path).exists():
                (self._save or self.vault.save)(path, plan.text, TextFormat())
                self.files_changed.emit([FileEvent("created", path)])
                if plan.problem:
                    self.operation_completed.emit(f"Daily note: {plan.problem}.")
        except (VaultError, OSError) as exc:
            self.operation_failed.emit(f"Cannot create the daily note: {exc}")
            return None
        return path

    # -- rename and move -----------------------------------------------------

    def rename(self, path: str, new_name: str, *, inline: bool = False) -> None:
        """Rename ``path`` in its folder; a note keeps its extension if none is typed.

        ``inline``: typed in the file tree's name box, which checked it with
        :meth:`rename_problem` first; what fails later goes to ``rename_failed``.
        """
        try:
            is_dir = self.vault.abspath(path).is_dir()
            new = renamed_path(path, new_name, is_dir)
        except VaultError as exc:
            self.operation_failed.emit(str(exc))
            return
        self._start_move(path, new, inline=inline)

    def rename_problem(self, path: str, new_name: str) -> str | None:
        """Why renaming ``path`` to ``new_name`` would be refused now (None: it would start).

        What the tree's name box asks before it closes: the name is checked, the
        folder looked at for a clash, the index asked whether it is ready. Reads no note.
        """
        if self._busy:
            return "Another rename or move is still running."
        if self._index() is None:
            return "The vault is still being indexed; try again in a moment."
        try:
            is_dir = self.vault.abspath(path).is_dir()
            new = renamed_path(path, new_name, is_dir)
            if new != path:
                check_target(self.vault, path, new)
        except (VaultError, OSError) as exc:
            return str(exc)
        return None

    def move(self, path: str, dest_folder: str) -> None:
        """Move ``path`` into ``dest_folder`` (``""``: the vault root)."""
        try:
            new = moved_path(path, dest_folder)
        except VaultError as exc:
            self.operation_failed.emit(str(exc))
            return
        self._start_move(path, new)

    def move_to_new_folder(self, path: str, dest_folder: str) -> None:
        """Create ``dest_folder`` (and the folders above it), then move ``path`` into it."""
        dest_folder = dest_folder.strip().strip("/")
        try:
            for part in dest_folder.split("/"):
                check_name(part)
            moved_path(path, dest_folder)
            target = self.vault.abspath(dest_folder)
            missing = [dest_folder]
            while (
                "/" in missing[-1]
                and not self.vault.abspath(missing[-1].rpartition("/")[0]).exists()
            ):
                missing.append(missing[-1].rpartition("/")[0])
            target.mkdir(parents=True, exist_ok=True)
        except (VaultError, OSError) as exc:
            self.operation_failed.emit(f"Cannot create the folder “{dest_folder}”: {exc}")
            return
        self.files_changed.emit([FileEvent("created", p, is_dir=True) for p in reversed(missing)])
        self.move(path, dest_folder)

    def _start_move(self, old: str, new: str, *, inline: bool = False) -> None:
        if new == old:
            return
        if self._busy:
            self.operation_failed.emit("Another rename or move is still running.")
            return
        index = self._index()
        if index is None:
            self.operation_failed.emit("The vault is still being indexed; try again in a moment.")
            return
        try:
            plan = prepare_rename(index, self.vault, old, new)
        except VaultError as exc:
            self.operation_failed.emit(str(exc))
            return
        self._busy = True
        self._inline = inline
        run_in_background(
            lambda: plan_links(self.vault, plan), self._on_plan_ready, self._on_failed
        )

    def _on_plan_ready(self, plan: object) -> None:
        assert isinstance(plan, RenamePlan)
        update = True
        if plan.link_count:
            unsaved = set(self._unsaved_paths())
            blocked = sorted(r.path for r in plan.rewrites if r.path in unsaved)
            if blocked:
                self._busy = False
                names = ", ".join(f"“{p}”" for p in blocked)
                self._fail(f"Save {names} first: links in it would change on disk.")
                return
            answer = self.ask_update_links(plan)
            if answer == Button.Cancel:
                self._busy = False
                return
            update = answer == Button.Yes
        save = self._save
        run_in_background(
            lambda: apply_rename(self.vault, plan, update, save), self._on_applied, self._on_failed
        )

    def ask_update_links(self, plan: RenamePlan) -> Button:
        """Yes: update the links; No: only rename; Cancel: do nothing."""
        box = QMessageBox(self._dialog_parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Update links")
        box.setText(f"Update {plan.summary}?")
        verb = (
            "Moving" if plan.old.rsplit("/", 1)[-1] == plan.new.rsplit("/", 1)[-1] else "Renaming"
        )
        box.setInformativeText(f"{verb} “{plan.old}” to “{plan.new}”.")
        details = [f"{r.path}: {len(r.edits)}" for r in plan.rewrites]
        details += [f"{path}: skipped, {reason}" for path, reason in plan.skipped]
        box.setDetailedText("\n".join(details))
        box.setStandardButtons(Button.Yes | Button.No | Button.Cancel)
        box.button(Button.Yes).setText("Update Links")
        box.button(Button.No).setText("Don't Update")
        box.setDefaultButton(Button.Yes)
        box.setEscapeButton(Button.Cancel)
        return Button(box.exec())

    def _on_applied(self, report: object) -> None:
        assert isinstance(report, RenameReport)
        self._busy = False
        self.path_renamed.emit(report.old, report.new)
        self.files_changed.emit(report.events)
        same_folder = report.old.rpartition("/")[0] == report.new.rpartition("/")[0]
        done = f"{'Renamed' if same_folder else 'Moved'} “{report.old}” to “{report.new}”"
        if report.links:
            done += f"; updated {report.summary}"
        self.operation_completed.emit(done)

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        self._fail(str(exc))

    def _fail(self, message: str) -> None:
        """A rename or move that had started failed."""
        if self._inline:
            self.rename_failed.emit(f"Not renamed: {message}")
        else:
            self.operation_failed.emit(message)

    # -- delete and reveal -----------------------------------------------------

    def delete(self, paths: list[str]) -> None:
        """Move ``paths`` to the trash after the user confirmed."""
        paths = [p for p in paths if p]
        if not paths or not self.confirm_delete(paths):
            return
        events: list[FileEvent] = []
        results: list[TrashResult] = []
        for path in paths:
            try:
                is_dir = self.vault.abspath(path).is_dir()
                results.append(self._trash.trash(self.vault, path))
            except VaultError as exc:
                self.operation_failed.emit(str(exc))
                continue
            events.append(FileEvent("deleted", path, is_dir=is_dir))
        if events:
            self.files_changed.emit(events)
            where = "the vault's .trash folder" if results[-1].kind == "vault" else "the trash"
            what = f"“{paths[0]}”" if len(events) == 1 else f"{len(events)} items"
            self.operation_completed.emit(f"Moved {what} to {where}")

    def confirm_delete(self, paths: list[str]) -> bool:
        box = QMessageBox(self._dialog_parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete")
        what = f"“{paths[0]}”" if len(paths) == 1 else f"{len(paths)} items"
        box.setText(f"Move {what} to the trash?")
        box.setInformativeText("You can restore it from the trash.")
        if len(paths) > 1:
            box.setDetailedText("\n".join(paths))
        delete = box.addButton("Move to Trash", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(Button.Cancel)
        box.setDefaultButton(delete)
        box.exec()
        return box.clickedButton() is delete

    def reveal(self, path: str) -> None:
        try:
            self._reveal(self.vault.abspath(path) if path else self.vault.root)
        except VaultError as exc:
            self.operation_failed.emit(str(exc))
