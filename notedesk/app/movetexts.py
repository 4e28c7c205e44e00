"""What the user is told about a rename or move: the question before it, the message after."""

from __future__ import annotations

from notedesk.core.moveplan import RenamePlan, RenameReport, link_summary
from notedesk.core.wordcount import counted


def _folder(folder: str) -> str:
    return f"“{folder}”" if folder else "the vault's top folder"


def _same_name(old: str, new: str) -> bool:
    return old.rsplit("/", 1)[-1] == new.rsplit("/", 1)[-1]


def _made(folders: list[str]) -> str:
    if not folders:
        return ""
    names = ", ".join(f"“{f}”" for f in folders)
    return f"; created the folder{'s' if len(folders) > 1 else ''} {names}"


def plan_text(plan: RenamePlan, batch: str | None) -> str:
    """The line under "Update 5 links in 2 files?": what is being moved where.

    ``batch``: the folder a multi-selection goes into (None: one item renamed or moved)."""
    if batch is not None:
        return f"Moving {counted(len(plan.items), 'item')} to {_folder(batch)}."
    verb = "Moving" if _same_name(plan.old, plan.new) else "Renaming"
    return f"{verb} “{plan.old}” to “{plan.new}”."


def stale_text(stale: dict[str, int]) -> str:
    """The links a move breaks because their files are not rewritten: "2 links in
    1 file not updated: not valid UTF-8 (“old.md”)"; '' if none."""
    if not stale:
        return ""
    names = ", ".join(f"“{path}”" for path in sorted(stale))
    summary = link_summary(sum(stale.values()), len(stale))
    return f"{summary} not updated: not valid UTF-8 ({names})"


def stale_sentence(stale: dict[str, int], *, done: bool) -> str:
    """``stale_text`` as a sentence of its own, with what it means before the move
    ("That link will break.") or after it ("Those links are now broken.")."""
    text = stale_text(stale)
    those = "That link" if sum(stale.values()) == 1 else "Those links"
    what = "is now broken" if done and those == "That link" else "are now broken"
    return f"{text[0].upper()}{text[1:]}. {those} {what if done else 'will break'}."


def done_text(report: RenameReport, batch: str | None) -> str:
    """The status message once moved: "Moved 3 items to “Projects”; updated 4 links in 2 files"."""
    if batch is not None:
        done = f"Moved {counted(len(report.items), 'item')} to {_folder(batch)}"
    else:
        same_folder = report.old.rpartition("/")[0] == report.new.rpartition("/")[0]
        done = f"{'Renamed' if same_folder else 'Moved'} “{report.old}” to “{report.new}”"
    if report.links:
        done += f"; updated {report.summary}"
    done += _made(report.created)
    stale = stale_text(report.stale_links)
    return f"{done}. {stale[0].upper()}{stale[1:]}." if stale else done


def refusal_text(refused: list[tuple[str, str]], moved: int) -> str:
    """What could not be moved and why; ``moved``: how many of the others did move."""
    if moved == 0 and len(refused) == 1:
        path, why = refused[0]
        return f"Cannot move “{path}”: {why}."
    reasons = "; ".join(f"“{path}” ({why})" for path, why in refused)
    if moved == 0:
        return f"Nothing was moved: {reasons}."
    total = moved + len(refused)
    where = "it is" if len(refused) == 1 else "they are"
    return f"Moved {moved} of {counted(total, 'item')}. Not moved, left where {where}: {reasons}."
