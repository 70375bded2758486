"""What every part of the Project shares: the database handle, transactions, metadata, the event log."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.names import CODER_NAME, check_name
from annotator.storage.database import describe_database_error, is_fatal, now, write_transaction
from annotator.storage.rows import dump_detail, dump_state, insert_event_rows
from annotator.storage.sqlite_library import sqlite_utils


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


class Store:
    """Base of the Project's parts; holds the sqlite-utils Database."""

    db: sqlite_utils.Database
    # Set once a write failed because the file or the disk did: every later write is refused
    # with this message rather than tried again against a file that may be damaged.
    failure: str | None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing write; nested calls become savepoints. After a disk or file failure,
        StorageFailure, now and for every later write of this handle."""
        if self.failure is not None:
            raise StorageFailure(self.failure)
        try:
            with write_transaction(self.db):
                yield
        except sqlite3.DatabaseError as error:
            if not is_fatal(error):
                raise
            self.failure = (
                f"nothing more is saved: {describe_database_error(error)}. What was shown as saved before "
                "this is in the project; quit, then run `annotator check`"
            )
            raise StorageFailure(self.failure) from None

    def meta(self, key: str) -> str | None:
        """A project setting (name, codebook name, ...), or None."""
        row = self.db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a project setting."""
        self.db.execute(
            "INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def log_event(
        self,
        kind: str,
        *,
        coder: str,
        span_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        batch: str | None = None,
        reverts: str | None = None,
        detail: dict[str, Any] | None = None,
        entity: str = "span",
        entity_id: str | None = None,
    ) -> str:
        """Append one event to the log; returns its batch id. `entity`/`entity_id` name the row it
        changed (spans also fill `span_id`); an event of no row has neither."""
        batch = batch or new_batch_id()
        values = (
            batch,
            now(),
            coder,
            kind,
            span_id,
            dump_state(before),
            dump_state(after),
            reverts,
            dump_detail(detail),
            entity,
            entity_id if entity_id is not None else span_id,
        )
        insert_event_rows(self.db.conn, [values])
        return batch

    def ensure_coder(self, name: str) -> str:
        """Register a coder if new; return the checked name."""
        name = check_coder_name(name)
        self.db.execute(
            "INSERT OR IGNORE INTO coders (name, guid, created_at) VALUES (?, ?, ?)",
            [name, str(uuid.uuid4()).upper(), now()],
        )
        return name

    def require_document(self, document_id: str) -> int:
        """The document's length in code points; InputError when there is no such document."""
        row = self.db.execute("SELECT length(text) FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise InputError(f"no document {document_id!r} in the project")
        return int(row[0])

    def _next_position(self, table: str) -> int:
        row = self.db.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {table}").fetchone()
        return int(row[0])
