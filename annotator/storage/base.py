"""What every store of the Project shares: the project it belongs to, the errors of writing, ids of a batch."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from annotator.domain.errors import AnnotatorError
from annotator.domain.names import CODER_NAME, check_name
from annotator.storage.sqlite_library import sqlite_utils

if TYPE_CHECKING:
    from annotator.storage.project import Project


def check_coder_name(name: str) -> str:
    """The name trimmed, or InputError when it breaks the rule for names (annotator.domain.names) or holds a comma."""
    return check_name(CODER_NAME, name)


def new_batch_id() -> str:
    """A fresh id grouping the events of one user action."""
    return uuid.uuid4().hex


class ConflictError(AnnotatorError):
    """What an action would change is no longer what it read: another window or process changed it
    first. Nothing of the action was written; the message names the row and who changed it."""


class StorageFailure(AnnotatorError):
    """The project file or its disk failed; this handle writes nothing more (see docs/storage.md)."""


class ProjectStore:
    """What every store of a Project holds: the project, through which it reaches the handle and
    the other stores (`self._project.codes`), never by inheritance."""

    def __init__(self, project: Project) -> None:
        self._project = project

    @property
    def _db(self) -> sqlite_utils.Database:
        """The project's sqlite-utils handle."""
        return self._project.db


def next_position(db: sqlite_utils.Database, table: str) -> int:
    """The position after the last row of `documents` or `codes` (a name from code, never from data)."""
    row = db.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {table}").fetchone()
    return int(row[0])
