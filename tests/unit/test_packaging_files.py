"""What the packages install besides the app: the desktop entry and the users' guide."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _desktop_entry() -> dict[str, str]:
    lines = (ROOT / "packaging" / "linux" / "notedesk.desktop").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_desktop_entry_opens_markdown_files_not_folders() -> None:
    entry = _desktop_entry()
    # inode/directory would make notedesk open every folder where no default is set
    assert [m for m in entry["MimeType"].split(";") if m] == ["text/markdown"]
    assert entry["Exec"] == "notedesk %f"

