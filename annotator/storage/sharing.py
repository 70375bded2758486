"""Sharing one project with a Unix group, so a team on one server codes in one file as their logins."""

from __future__ import annotations

import grp
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import AnnotatorError, shown
from annotator.storage.database import database_files, open_database

SHARED_FILE_MODE = 0o660  # owner and group read and write; nobody else
PRIVATE_FILE_MODE = 0o600
# The folder: the group may create SQLite's -wal and -shm files there, and the set-group-id bit
# makes those files belong to the group whoever creates them (SQLite gives them the database's mode).
SHARED_FOLDER_BITS = stat.S_IRWXG | stat.S_ISGID


class SharingError(AnnotatorError):
    """The project cannot be shared (or made private) as asked."""


@dataclass(frozen=True)
class Shared:
    """What `share_project` did: the group, the files it set, and the folder's new mode."""

    group: str
    files: tuple[Path, ...]
    folder: Path
    folder_mode: int


def share_project(path: Path, group: str) -> Shared:
    """Let `group` read and write the project: the database and its -wal/-shm files 0660 in the
    group, the folder group-writable with the set-group-id bit. Nothing is opened by hand: the
    file is checked through SQLite, then only its mode and group change (by path, no descriptor)."""
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise SharingError(f"no Unix group {shown(group)} on this machine (see `getent group`)") from None
    files = _project_files(path)
    folder = path.absolute().parent
    folder_mode = stat.S_IMODE(folder.stat().st_mode) | SHARED_FOLDER_BITS
    try:
        for file in files:
            os.chown(file, -1, gid, follow_symlinks=False)
            os.chmod(file, SHARED_FILE_MODE, follow_symlinks=False)
        os.chown(folder, -1, gid)
        os.chmod(folder, folder_mode)
    except OSError as error:
        raise SharingError(
            f"{path}: cannot be shared with group {group!r} ({error.strerror}); its owner (or root) must run "
            f"`annotator share {group}`, and belong to the group"
        ) from None
    return Shared(group, files, folder, folder_mode)


def make_private(path: Path) -> tuple[Path, ...]:
    """Make the project's files owner-only again (the folder is left as it is); the files changed."""
    files = _project_files(path)
    try:
        for file in files:
            os.chmod(file, PRIVATE_FILE_MODE, follow_symlinks=False)
    except OSError as error:
        raise SharingError(f"{path}: cannot be made private ({error.strerror}); its owner must run this") from None
    return files


def _project_files(path: Path) -> tuple[Path, ...]:
    """The database (checked to be a project, through SQLite) and its -wal and -shm files when present."""
    if path.is_symlink():
        raise SharingError(f"{path}: is a symbolic link; name the project file itself")
    open_database(path, readonly=True).close()
    return tuple(file for file in database_files(path) if file.exists() and not file.is_symlink())
