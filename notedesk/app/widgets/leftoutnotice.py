"""Status-bar line: what the vault's ignore rules leave out ("3 folders left out by .gitignore")."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from notedesk.core.ignore import IgnoreRules, LeftOut, count_text


class LeftOutNotice(QLabel):
    """Quiet (placeholder-coloured) text; hidden when nothing is left out and every rule
    could be read. The tooltip lists the rules in effect and those not used."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hide()

    def show_tally(self, rules: IgnoreRules, tally: LeftOut) -> None:
        notes = rules.notes()
        parts = [tally.summary()] if tally.total else []
        # A rule that could not be read (a malformed settings.json) is said in short here.
        parts.extend(rules.problems)
        self.setText(" · ".join(parts))
        tip = ["Not part of the vault: not listed, indexed, searched or exported."]
        tip.extend(
            f"{source}: {count_text(n['files'], n['folders'])}"
            for source, n in tally.by_source().items()
        )
        tip.append("Rules: " + "; ".join(rules.sources()) + ", and dot-folders.")
        tip.extend(notes)
        tip.append("Rules are read when the vault is opened; `notedesk info` lists them.")
        self.setToolTip("\n".join(tip))
        self.setVisible(bool(parts))
