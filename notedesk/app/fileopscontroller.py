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
from notedesk.app.movetexts import done_text, plan_text, refusal_text, stale_sentence
from notedesk.app.reveal import reveal_in_file_manager
from notedesk.core.atomic import TextFormat
from notedesk.core.dailynote import plan_daily_note
from notedesk.core.events import FileEvent
from notedesk.core.filenames import check_name
from notedesk.core.fileops import (
    LinkIndex,
    RenamePlan,
    RenameReport,
    SaveFn,
    check_target,
    plan_links,
    prepare_moves,
)
from notedesk.core.movetarget import check_moves, typed_path
from notedesk.core.newfiles import create_folder, create_note
from notedesk.core.renameapply import apply_rename
from notedesk.core.trash import Trash, TrashResult
from notedesk.core.vault import Vault, VaultError

Button = QMessageBox.StandardButton


class FileOpsController(QObject):
    """Signals:
    files_changed(events): files were created, rewritten, moved or trashed (list[FileEvent]).
    path_renamed(old, new): a file or folder moved; open tabs below ``old`` follow it.
        Emitted (once for each item moved) before the ``files_changed`` of the same operation.
    note_created(path): a new "Untitled" note exists (open it; the tree can start renaming
        it). Not emitted for the daily note: its name is fixed.
    folder_created(path): a new folder exists.
    trashing(paths): the user confirmed moving ``paths`` to the trash; it happens right
        after (save what is open of them now, so the trash keeps the latest text).
    trashed(paths): these went to the trash (before the ``files_changed`` saying so).
    operation_completed(message): a status-bar message ("Renamed …; updated 3 links in 2 files").
    operation_failed(message): an operation was refused or failed; the message says why.
    rename_failed(message): a rename typed in the file tree failed once its name box had
        closed (the keys are the note's again): to be said without a dialog.
    """

    files_changed = Signal(list)
    path_renamed = Signal(str, str)
    note_created = Signal(str)
    folder_created = Signal(str)
    trashing = Signal(list)
    trashed = Signal(list)
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
        always_update_links: Callable[[], bool] = lambda: False,
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
        self._always_update_links = always_update_links
        self._busy = False
        self._inline = False  # the operation running is a rename typed in the tree
        self._batch: str | None = None  # the folder a multi-selection is moving into
        self._refused: list[tuple[str, str]] = []  # its items that cannot move, and why
        self._stale_unsaid = False  # links it breaks (not UTF-8) were not in a question

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
        """Rename ``path``; a note keeps its extension if none is typed.

        A name with ``/`` (``Projects/Idea``) is a path from the vault's top folder:
        the note moves there, missing folders are made (only if the move goes ahead).
        ``inline``: typed in the file tree's name box, which checked it with
        :meth:`rename_problem` first; what fails later goes to ``rename_failed``.
        """
        try:
            is_dir = self.vault.abspath(path).is_dir()
            new = typed_path(self.vault, path, new_name, is_dir)
        except VaultError as exc:
            self.operation_failed.emit(str(exc))
            return
        self._start_move([(path, new)], inline=inline)

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
            new = typed_path(self.vault, path, new_name, is_dir)
            if new != path:
                check_target(self.vault, path, new)
        except (VaultError, OSError) as exc:
            return str(exc)
        return None

    def move(self, path: str, dest_folder: str) -> None:
        """Move ``path`` into ``dest_folder`` (``""``: the vault root)."""
        self.move_items([path], dest_folder)

    def move_items(self, paths: list[str], dest_folder: str, *, new_folder: bool = False) -> None:
        """Move ``paths`` (a multi-selection) into ``dest_folder`` (``""``: the vault root)
        as one operation: one question about links, one message.

        Items that cannot go (a name taken there, no permission, a folder into itself) are
        left where they are and named in the message; the others move. ``new_folder``:
        ``dest_folder`` was typed as a new folder (and the folders above it): it is made
        only if something moves into it.
        """
        dest_folder = dest_folder.strip().strip("/")
        try:
            if new_folder:
                for part in dest_folder.split("/"):
                    check_name(part)
            pairs, refused = check_moves(self.vault, paths, dest_folder)
        except (VaultError, OSError) as exc:
            self.operation_failed.emit(f"Cannot move to “{dest_folder}”: {exc}")
            return
        if not pairs:
            if refused:
                self.operation_failed.emit(refusal_text(refused, 0))
            return
        batch = dest_folder if len(paths) > 1 else None
        self._start_move(pairs, refused=refused, batch=batch)

    def _start_move(
        self,
        pairs: list[tuple[str, str]],
        *,
        inline: bool = False,
        refused: list[tuple[str, str]] | None = None,
        batch: str | None = None,
    ) -> None:
        pairs = [(old, new) for old, new in pairs if new != old]
        if not pairs:
            return
        if self._busy:
            self.operation_failed.emit("Another rename or move is still running.")
            return
        index = self._index()
        if index is None:
            self.operation_failed.emit("The vault is still being indexed; try again in a moment.")
            return
        try:
            plan = prepare_moves(index, self.vault, pairs)
        except VaultError as exc:
            self.operation_failed.emit(str(exc))
            return
        self._busy = True
        self._inline = inline
        self._batch = batch
        self._refused = list(refused or [])
        run_in_background(
            lambda: plan_links(self.vault, plan), self._on_plan_ready, self._on_failed
        )

    def _on_plan_ready(self, plan: object) -> None:
        assert isinstance(plan, RenamePlan)
        update = True
        # Links only in files that cannot be rewritten: nothing to ask; the move's message
        # says which links it broke, and a warning too when no question said it before.
        self._stale_unsaid = bool(plan.stale_links)
        if plan.link_count:
            unsaved = set(self._unsaved_paths())
            blocked = sorted(r.path for r in plan.rewrites if r.path in unsaved)
            if blocked:
                self._finish()
                names = ", ".join(f"“{p}”" for p in blocked)
                self._fail(f"Save {names} first: links in it would change on disk.")
                return
            if not self._always_update_links():  # Obsidian's "Always update internal links"
                answer = self.ask_update_links(plan)
                self._stale_unsaid = False
                if answer == Button.Cancel:
                    self._finish()
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
        info = plan_text(plan, self._batch)
        if plan.stale_links:
            info += "\n\n" + stale_sentence(plan.stale_links, done=False)
        box.setInformativeText(info)
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
        batch, refused, unsaid = self._batch, self._refused, self._stale_unsaid
        self._finish()
        for item in report.items:
            self.path_renamed.emit(item.old, item.new)
        self.files_changed.emit(report.events)
        self.operation_completed.emit(done_text(report, batch))
        if unsaid and report.stale_links:
            self.operation_failed.emit(stale_sentence(report.stale_links, done=True))
        if refused:
            self.operation_failed.emit(refusal_text(refused, len(report.items)))

    def _on_failed(self, exc: Exception) -> None:
        refused = self._refused
        self._finish()
        message = str(exc)
        if refused:
            message = f"{message.rstrip('.')}. {refusal_text(refused, 0)}"
        self._fail(message)

    def _finish(self) -> None:
        """The rename or move running is over (done, failed or cancelled)."""
        self._busy = False
        self._batch = None
        self._refused = []
        self._stale_unsaid = False

    def _fail(self, message: str) -> None:
        """A rename or move that had started failed."""
        if self._inline:
            self.rename_failed.emit(f"Not renamed: {message}")
        else:
            self.operation_failed.emit(message)

    # -- delete and reveal -----------------------------------------------------

    def delete(self, paths: list[str]) -> None:
        """Move ``paths`` to the trash after the user confirmed (once for all of them).

        What cannot be trashed stays and is named in one message after the rest went."""
        unique = list(dict.fromkeys(p.strip("/") for p in paths if p.strip("/")))
        # A folder takes what is in it: its items selected too are not trashed twice.
        paths = [p for p in unique if not any(p.startswith(q + "/") for q in unique)]
        if not paths or not self.confirm_delete(paths):
            return
        self.trashing.emit(paths)
        events: list[FileEvent] = []
        results: list[TrashResult] = []
        failed: list[str] = []
        for path in paths:
            try:
                is_dir = self.vault.abspath(path).is_dir()
                results.append(self._trash.trash(self.vault, path))
            except VaultError as exc:
                failed.append(str(exc))
                continue
            events.append(FileEvent("deleted", path, is_dir=is_dir))
        if events:
            self.trashed.emit([e.path for e in events])
            self.files_changed.emit(events)
            kinds = {r.kind for r in results}
            where = "the vault's .trash folder" if kinds == {"vault"} else "the trash"
            what = f"“{events[0].path}”" if len(events) == 1 else f"{len(events)} items"
            self.operation_completed.emit(f"Moved {what} to {where}")
        if failed:
            head = "Not deleted" if events else "Nothing was deleted"
            self.operation_failed.emit(f"{head}: " + " ".join(failed))

    def confirm_delete(self, paths: list[str]) -> bool:
        box = QMessageBox(self._dialog_parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete")
        what = f"“{paths[0]}”" if len(paths) == 1 else f"{len(paths)} items"
        box.setText(f"Move {what} to the trash?")
        them = "it" if len(paths) == 1 else "them"
        box.setInformativeText(f"You can restore {them} from the trash.")
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
