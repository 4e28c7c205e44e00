"""What the ignore rules left out of a vault, as ``info`` and ``check`` say it."""

from __future__ import annotations

from typing import Any

from notedesk.core.ignore import IgnoreRules, LeftOut, count_text
from notedesk.core.vault import Vault


def left_out(vault: Vault, unlisted: dict[str, str] | None = None) -> LeftOut:
    """A listing of ``vault`` made to count what its ignore rules leave out."""
    tally = LeftOut()
    for _file in vault.iter_files(unlisted=unlisted, ignored=tally):
        pass
    return tally


def ignored_record(rules: IgnoreRules, tally: LeftOut) -> dict[str, Any]:
    """The ``ignored`` object of the JSON output (docs/cli.md)."""
    return {
        "files": tally.files,
        "folders": tally.folders,
        "by_source": tally.by_source(),
        "rules": rules.sources(),
        "not_used": rules.notes(),
    }


def ignored_lines(rules: IgnoreRules, tally: LeftOut) -> list[str]:
    """The text output: what was left out, by which rule, and the rules not used."""
    per_source = "; ".join(
        f"{source}: {count_text(n['files'], n['folders'])}"
        for source, n in tally.by_source().items()
    )
    lines = [count_text(tally.files, tally.folders) + (f" ({per_source})" if per_source else "")]
    lines.append("  rules: " + "; ".join(rules.sources()))
    lines.extend(f"  not used: {note}" for note in rules.notes())
    return lines
