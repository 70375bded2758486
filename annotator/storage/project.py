"""A project: one SQLite file, handed out as one store per concern (documents, codes, spans, ...)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from annotator.storage.actions import HistoryStore
from annotator.storage.base import StorageFailure
from annotator.storage.changes import ChangeStore
from annotator.storage.coders import CoderStore
from annotator.storage.codes import CodeStore
from annotator.storage.corpus_reads import CorpusReadStore
from annotator.storage.corrections import ReviewStore, TextCorrections
from annotator.storage.counts import CountStore
from annotator.storage.database import (
    create_database,
    describe_database_error,
    is_fatal,
    now,
    open_database,
    write_transaction,
)
from annotator.storage.documents import DocumentStore
from annotator.storage.memos import MemoStore
from annotator.storage.pseudonyms import PseudonymStore
from annotator.storage.saved_queries import SavedQueryStore
from annotator.storage.spans import SpanStore
from annotator.storage.speakers import SpeakerStore
from annotator.storage.sqlite_library import sqlite_utils
from annotator.storage.suggestions import SuggestionStore
from annotator.storage.summary import count_contents


class Project:
    """The project database: its handle, settings and transactions, and one store per concern.

    One Project holds one SQLite connection; a thread worker must open its own Project.
    """

    def __init__(self, db: sqlite_utils.Database, path: Path, *, readonly: bool = False) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly
        # Set once a write failed because the file or the disk did: every later write is refused
        # with this message rather than tried again against a file that may be damaged.
        self.failure: str | None = None
        corrections = TextCorrections(self)
        self.documents = DocumentStore(self, corrections)
        self.reviews = ReviewStore(self)
        self.codes = CodeStore(self)
        self.coders = CoderStore(self)
        self.spans = SpanStore(self)
        self.counts = CountStore(self)
        self.speakers = SpeakerStore(self)
        # A text correction's undo and redo are planned afresh against the text as it is now.
        self.history = HistoryStore(self, replanned={"document-text": corrections.revert})
        self.changes = ChangeStore(self)
        self.corpus = CorpusReadStore(self)
        self.queries = SavedQueryStore(self)
        self.memos = MemoStore(self)
        self.pseudonyms = PseudonymStore(self)
        self.suggestions = SuggestionStore(self)

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

    def summary(self) -> dict[str, int]:
        """How many documents, codes, coders and spans the project holds."""
        return count_contents(self.db.conn).counts()
