"""A project: one SQLite file holding documents, codes, coders, spans and the event log."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from annotator.domain.models import Code, Span
from annotator.storage.codebook_ops import CodebookStore
from annotator.storage.coders import CoderStore
from annotator.storage.database import ProjectError, create_database, now, open_database
from annotator.storage.document_ops import DocumentOps
from annotator.storage.documents import DocumentStore
from annotator.storage.rows import insert_span_rows
from annotator.storage.spans import SpanStore
from annotator.storage.speakers import SpeakerStore
from annotator.storage.sqlite_library import sqlite_utils
from annotator.storage.summary import count_contents


class Project(DocumentStore, DocumentOps, CodebookStore, CoderStore, SpanStore, SpeakerStore):
    """The project database, read and written through domain objects.

    One Project holds one SQLite connection; a thread worker must open its own Project.
    """

    def __init__(self, db: sqlite_utils.Database, path: Path, *, readonly: bool = False) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly
        self.failure = None
        self._histories = {}

    @classmethod
    def create(cls, path: str | Path, name: str | None = None) -> Project:
        """Create a new, empty project file (owner-only); never overwrites an existing file."""
        path = Path(path)
        project = cls(create_database(path), path)
        with project.transaction():
            project.set_meta("name", name or path.stem)
            project.set_meta("created_at", now())
        return project

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Project:
        """Open an existing project; ProjectError when it is missing, foreign or newer.

        `readonly` for commands that only read: they work in a read-only folder too, and a write
        through such a handle fails with SQLite's "readonly database". A read-only handle reads
        one snapshot from its first query to its close: a report, export or check made while
        coders write counts every table as of one moment, never half of a write.
        """
        path = Path(path)
        db = open_database(path, readonly=readonly)
        if readonly:
            db.execute("BEGIN")
        return cls(db, path, readonly=readonly)

    @property
    def name(self) -> str:
        """The project's name (the database file stem unless set otherwise)."""
        return self.meta("name") or self.path.stem

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def insert_spans(
        self,
        spans: Sequence[Span],
        *,
        coder: str,
        source: str,
        new_codes: Sequence[Code] = (),
        references: Iterable[str] = (),
    ) -> int:
        """Bulk-insert spans already checked against the project (imports), logged as one event,
        after adding the `new_codes` they use, all in one transaction; `references` names coders
        to record as reference codings with them (`import-spans --reference`).

        The caller has validated documents, codes and offsets. The documents and codes the spans
        name are checked again inside the transaction (the write lock is held, so none can vanish
        before the commit), once per distinct value (the coders are made here); SQLite's per-row foreign-key
        lookups, the same check a million times over, are off for the insert alone.
        """
        with self._references_checked_once():
            with self.transaction():
                if new_codes:
                    self.add_codes(new_codes, origin="import")
                for name in sorted({span.coder for span in spans} | {coder}):
                    self.ensure_coder(name)
                self._check_references(spans)
                insert_span_rows(self.db.conn, spans)
                if references:
                    self.mark_reference(references)
                self.log_event("import", coder=coder, detail={"source": source, "spans": len(spans)})
        return len(spans)

    @contextmanager
    def _references_checked_once(self) -> Iterator[None]:
        """Foreign keys off for one bulk write that checks its references itself, on again after.

        Only outside a transaction: SQLite ignores the switch inside one, so a bulk insert nested
        in a caller's transaction runs with the keys on (slower, never less safe).
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            conn.execute("PRAGMA foreign_keys = ON")

    def _check_references(self, spans: Sequence[Span]) -> None:
        """ProjectError unless every document and code the spans name is in the project."""
        for label, table, column, values in (
            ("document", "documents", "id", {span.document_id for span in spans}),
            ("code", "codes", "id", {span.code_id for span in spans}),
        ):
            found = {
                row[0]
                for row in self.db.conn.execute(
                    f"SELECT {column} FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
                    [json.dumps(sorted(values))],
                )
            }
            if found != values:
                missing = min(values - found)
                raise ProjectError(
                    f"{label} {missing!r} is no longer in the project (changed meanwhile); nothing written"
                )

    def summary(self) -> dict[str, int]:
        """How many documents, codes, coders and spans the project holds."""
        return count_contents(self.db.conn).counts()
