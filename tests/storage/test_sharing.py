"""`annotator share`: a team on one server opens one project as their own logins."""

from __future__ import annotations

import grp
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from annotator.storage import Project


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _any_group() -> str:
    """A group this process may give files to: its own (root may give any)."""
    return grp.getgrgid(os.getegid()).gr_name


def test_share_gives_the_group_the_project_and_the_files_sqlite_makes_later(
    small_project: Path, tmp_path: Path, run_cli
) -> None:
    folder = tmp_path / "study"
    folder.mkdir(mode=0o700)
    db = folder / "study.db"
    shutil.copy(small_project, db)  # closed: no -wal or -shm beside it
    group = _any_group()
    result = run_cli("--db", db, "share", group)
    assert result.exit_code == 0, result.stderr
    gid = grp.getgrnam(group).gr_gid
    assert _mode(db) == 0o660 and db.stat().st_gid == gid
    assert folder.stat().st_mode & stat.S_ISGID and _mode(folder) & 0o070 == 0o070
    # A later process makes the -wal and -shm files: they take the database's mode and the group.
    written = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), "--coder", "ann", "documents", "set", "A", "x=1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert written.returncode == 0, written.stderr
    with Project.open(db) as project:  # holds the -wal open while its files are looked at
        assert project.documents.get("A").attributes["x"] == "1"
        for extra in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert _mode(extra) == 0o660 and extra.stat().st_gid == gid, extra


def test_private_takes_the_group_away_again(small_project: Path, run_cli) -> None:
    assert run_cli("--db", small_project, "share", _any_group()).exit_code == 0
    result = run_cli("--db", small_project, "share", "--private")
    assert result.exit_code == 0, result.stderr
    assert _mode(small_project) == 0o600


def test_share_refuses_unknown_groups_links_and_other_files_in_one_line(
    small_project: Path, tmp_path: Path, run_cli
) -> None:
    assert run_cli("--db", small_project, "share", "no-such-group-x").stderr == (
        "annotator: no Unix group 'no-such-group-x' on this machine (see `getent group`)\n"
    )
    link = tmp_path / "link.db"
    link.symlink_to(small_project)
    assert "is a symbolic link" in run_cli("--db", link, "share", _any_group()).stderr
    other = tmp_path / "notes.txt"
    other.write_text("not a project", encoding="utf-8")
    refused = run_cli("--db", other, "share", _any_group())
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert _mode(other) != 0o660
    assert run_cli("--db", small_project, "share").stderr.startswith("annotator: name a Unix group")
