"""Consistent, owner-only copies of a project with SQLite's backup API, safe while coders work."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import date
from pathlib import Path

from annotator.domain.private_files import make_private_folder, private_file, writable_by_mode
from annotator.storage.database import ProjectError, create_private_file, describe_output_error
from annotator.storage.project import Project

# The coding screen keeps one copy a day of the project it opens, the newest KEEP_BACKUPS.
BACKUP_FOLDER = "backups"
KEEP_BACKUPS = 7


def backup_project(project: Project, target: Path) -> Path:
    """Copy `project` to a new file `target` (owner-only, never overwritten) and return it.

    The copy is one read transaction of SQLite's backup API, so it is the project as it stood at
    one moment, even while other processes write; it is written beside `target` under a temporary
    name, made a single self-contained file (rollback journal), and renamed into place only when
    complete (see `private_file`: the same refusals as every other output).
    """
    with private_file(target, replace=False, kind="backup") as partial:
        try:
            create_private_file(partial)
            copy = sqlite3.connect(partial)
            try:
                project.db.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                copy.close()
        except sqlite3.DatabaseError as error:
            # The copy's disk, not the project's: name the copy (the project was only read).
            raise ProjectError(
                f"{target}: cannot be written ({describe_output_error(error)}); nothing was written"
            ) from None
        if verdict != "ok":
            raise ProjectError(
                f"{project.path}: the copy failed SQLite's quick check ({verdict}); run `annotator check`"
            )
    return target


def rolling_backup(db_path: Path, *, keep: int = KEEP_BACKUPS, today: date | None = None) -> Path | None:
    """Today's copy of the project in `backups/` beside it, unless there is one; keeps the newest `keep`.

    Returns the new copy, or None when today's exists, `keep` is 0, or the folder cannot be written.
    Opens a read-only connection of its own, so it can run in a thread worker.
    """
    if keep <= 0:
        return None
    folder = db_path.parent / BACKUP_FOLDER
    stamp = (today or date.today()).isoformat()
    target = folder / f"{db_path.stem}-{stamp}.db"
    if target.exists():
        return None
    try:
        make_private_folder(folder)
    except OSError:
        return None
    if not writable_by_mode(folder):
        return None
    with Project.open(db_path, readonly=True) as project:
        backup_project(project, target)
    prune_backups(folder, db_path.stem, keep)
    return target


def backups_of(folder: Path, stem: str) -> list[Path]:
    """The rolling backups of project `stem` in `folder`, oldest first."""
    pattern = re.compile(rf"^{re.escape(stem)}-\d{{4}}-\d{{2}}-\d{{2}}\.db$")
    return sorted(path for path in folder.glob(f"{stem}-*.db") if pattern.match(path.name))


def prune_backups(folder: Path, stem: str, keep: int) -> None:
    """Delete all but the newest `keep` rolling backups of project `stem` (files no one has open)."""
    for old in backups_of(folder, stem)[:-keep]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
