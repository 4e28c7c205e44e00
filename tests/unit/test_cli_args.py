import subprocess
import sys


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "notedesk", *args], capture_output=True, text=True, timeout=60
    )


def test_missing_path_is_one_line_exit_2(tmp_path):
    result = run(str(tmp_path / "no" / "such"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_not_a_note_or_folder_exit_2(tmp_path):
    other = tmp_path / "x.txt"
    other.write_text("x")
    result = run(str(other))
    assert result.returncode == 2
    assert "not a vault folder or a .md file" in result.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("notedesk ")


def test_note_in_a_folder_that_cannot_be_searched_exit_2(tmp_path, make_unreadable, capsys):
    from notedesk.cli import main

    locked = tmp_path / "noperm"
    locked.mkdir()
    make_unreadable(locked)
    assert main([str(locked / "Note.md")]) == 2
    err = capsys.readouterr().err
    assert err == f"notedesk: {locked / 'Note.md'}: Permission denied\n"
