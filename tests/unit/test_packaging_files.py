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


def test_users_guide_is_the_readme_users_section() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## For users\n")
    section = readme[start : readme.index("\n## ", start + 1)].rstrip() + "\n"
    assert (ROOT / "packaging" / "README-users.md").read_text() == section


def test_download_table_claims_no_system_older_than_debian_12() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| Your computer |") : readme.index("### Install")]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert not any("22.04" in row or "Mint 21" in row for row in rows)
    assert "Ubuntu 22.04" in table  # named, with what to do instead
