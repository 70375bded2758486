"""Open and create project databases: owner-only files, WAL, busy timeout, foreign keys, versions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from annotator.domain.errors import AnnotatorError
from annotator.storage.schema import SCHEMA_VERSION, migrations

# 'ANNO' in ASCII: lets us tell our databases from any other SQLite file.
APPLICATION_ID = 0x414E4E4F
BUSY_TIMEOUT_MS = 30_000


class ProjectError(AnnotatorError):
    """A project database that cannot be opened or created as asked."""


def now() -> str:
    """UTC time stamp with milliseconds, ISO 8601, as stored in every time column."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only; fail if it exists."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)


def connect(path: Path) -> sqlite_utils.Database:
    """A sqlite-utils Database on `path` with our connection settings (the file must exist)."""
    # timeout= sets SQLite's busy handler so a second coder waits instead of failing at once.
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # 64 MiB of page cache (the default is 2 MiB): index pages of a million spans stay in memory,
    # which keeps bulk imports and sorted exports linear.
    db.execute("PRAGMA cache_size = -65536")
    return db


def create_database(path: Path) -> sqlite_utils.Database:
    """Create a new project database at `path` (owner-only), with the current schema."""
    if path.exists():
        raise ProjectError(f"{path}: already exists; a project is never overwritten (use another --db path)")
    if not path.parent.exists():
        raise ProjectError(f"{path}: the folder {path.parent} does not exist")
    create_private_file(path)
    try:
        db = connect(path)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate(db)
    except BaseException:
        with contextlib.suppress(Exception):
            db.close()  # type: ignore[possibly-undefined]
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    return db


def open_database(path: Path) -> sqlite_utils.Database:
    """Open an existing project database, refusing other files and newer schemas."""
    if not path.exists():
        raise ProjectError(f"{path}: no project here; run `annotator init` first, or pass --db PATH")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project database")
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise ProjectError(f"{path}: is not an annotator project (not a SQLite database)")
    db = connect(path)
    try:
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise ProjectError(f"{path}: is a SQLite database but not an annotator project")
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{path}: was written by a newer annotator (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); upgrade annotator to open it"
            )
        db.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            migrate(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise ProjectError(f"{path}: cannot be read as a project ({error})") from None
    except BaseException:
        db.close()
        raise
    return db


def migrate(db: sqlite_utils.Database) -> None:
    """Apply pending migrations and record the schema version in `PRAGMA user_version`."""
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One all-or-nothing write: BEGIN IMMEDIATE takes the write lock up front, so two
    processes queue on the busy timeout instead of failing on a lock upgrade mid-way."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
