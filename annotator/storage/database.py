"""Open and create project databases: owner-only files, WAL, busy timeout, foreign keys, versions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from annotator.domain.errors import AnnotatorError
from annotator.domain.private_files import writable_by_mode

if TYPE_CHECKING:
    import sqlite_utils

# 'ANNO' in ASCII: lets us tell our databases from any other SQLite file.
APPLICATION_ID = 0x414E4E4F
BUSY_TIMEOUT_MS = 30_000
# How many migrations schema.py holds: raise with every one added (tests check they agree). Kept
# here so that opening a project to count its rows does not load the migrations.
SCHEMA_VERSION = 11
NOT_A_DATABASE = "is not an annotator project (not a SQLite database)"


class ProjectError(AnnotatorError):
    """A project database that cannot be opened or created as asked."""


def now() -> str:
    """UTC time stamp with milliseconds, ISO 8601, as stored in every time column."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only; fail if it exists."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)


def connect(path: Path, *, readonly: bool = False, immutable: bool = False) -> sqlite_utils.Database:
    """A sqlite-utils Database on `path` with our connection settings (the file must exist)."""
    from annotator.storage.sqlite_library import sqlite_utils

    return sqlite_utils.Database(connect_raw(path, readonly=readonly, immutable=immutable))


def connect_raw(path: Path, *, readonly: bool = False, immutable: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection on `path` with our connection settings (the file must exist).

    The file is opened by URI with `mode=rw` (or `ro`), so SQLite never creates a missing file,
    and it is only ever opened by SQLite: reading it by hand while a connection is open would drop
    the process's POSIX locks on it (see docs/storage.md).
    """
    uri = f"file:{quote(str(path.absolute()))}?mode={'ro' if readonly or immutable else 'rw'}"
    if immutable:
        uri += "&immutable=1"
    # timeout= sets SQLite's busy handler so a second coder waits instead of failing at once.
    # sqlite3's same-thread check stays on: a connection's transaction belongs to one thread, and
    # every thread worker opens its own (tests/storage/test_storage.py::test_a_project_is_one_threads_connection).
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # FULL syncs the WAL at every commit: a committed action survives a power cut, not only a
    # killed process. (It is the usual build default; set here so no build can weaken it.)
    conn.execute("PRAGMA synchronous = FULL")
    # 64 MiB of page cache (the default is 2 MiB): index pages of a million spans stay in memory,
    # which keeps bulk imports and sorted exports linear.
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def database_files(path: Path) -> tuple[Path, Path, Path]:
    """The database file and the -wal and -shm files SQLite keeps beside it."""
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


def remove_database(path: Path) -> None:
    """Delete a database this process created and has closed, with its -wal and -shm files."""
    for leftover in database_files(path):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def create_database(path: Path) -> sqlite_utils.Database:
    """Create a new project database at `path` (owner-only), with the current schema."""
    if path.exists():
        raise ProjectError(f"{path}: already exists; a project is never overwritten (use another --db path)")
    if not path.parent.exists():
        raise ProjectError(f"{path}: the folder {path.parent} does not exist")
    if not writable_by_mode(path.parent):  # the mode bits, as for every output: os.access says yes to root
        raise ProjectError(f"{path}: the folder {path.parent} is read-only; create the project elsewhere")
    try:
        # The empty file is created (and closed) before any connection to it exists.
        create_private_file(path)
    except OSError as error:
        raise ProjectError(f"{path}: cannot be created ({error.strerror})") from None
    db = None
    try:
        db = connect(path)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate(db)
    except BaseException:
        if db is not None:
            with contextlib.suppress(Exception):
                db.close()
        remove_database(path)
        raise
    return db


def open_database(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open an existing project database, refusing other files and newer schemas.

    `readonly` opens it for reading only (no migration, no journal change), which also works in a
    folder the user cannot write to. The file is recognised through SQLite itself, never by
    reading its header by hand.
    """
    from annotator.storage.sqlite_library import sqlite_utils

    return sqlite_utils.Database(open_connection(path, readonly=readonly))


def open_connection(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """`open_database` as a plain sqlite3 connection: for commands that only count (`status`),
    which then start without loading sqlite-utils."""
    if not path.exists():
        raise ProjectError(f"{path}: no project here; run `annotator init` first, or pass --db PATH")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project database")
    db = _connect_existing(path, readonly)
    try:
        version = _check_identity(db, path)
        if not readonly:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            if version < SCHEMA_VERSION:
                migrate(db)
        elif version < SCHEMA_VERSION:
            # An older project is upgraded once by a writing connection, then read as asked.
            db.close()
            if not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK):
                raise ProjectError(
                    f"{path}: was written by an older annotator (schema {version}) and cannot be upgraded "
                    "here (read-only); copy it to a folder you can write to"
                )
            open_database(path).close()
            return open_connection(path, readonly=True)
    except sqlite3.DatabaseError as error:
        db.close()
        raise ProjectError(f"{path}: {_describe_open_failure(path, error, readonly)}") from None
    except BaseException:
        db.close()
        raise
    return db


def _connect_existing(path: Path, readonly: bool) -> sqlite3.Connection:
    """A connection to an existing file; read-only in a read-only folder falls back to immutable."""
    try:
        return _probed(path, readonly=readonly)
    except sqlite3.DatabaseError as error:
        failure = error
    if error_family(failure) == "SQLITE_NOTADB":
        raise ProjectError(f"{path}: {NOT_A_DATABASE}") from None
    if (
        readonly
        and error_family(failure) in {"SQLITE_READONLY", "SQLITE_CANTOPEN"}
        and not Path(f"{path}-wal").exists()
    ):
        # SQLite cannot create the -shm file in a folder we cannot write to. Without a -wal file
        # nobody is writing the project (a writer needs one), so the file can be read as it is.
        try:
            return _probed(path, immutable=True)
        except sqlite3.DatabaseError as error:
            failure = error
    raise ProjectError(f"{path}: {_describe_open_failure(path, failure, readonly)}") from None


def _describe_open_failure(path: Path, error: sqlite3.DatabaseError, readonly: bool) -> str:
    """Why the project at `path` could not be opened; a read-only file system named as one (SQLite
    says only that it cannot open the file, which read as "missing")."""
    if error_family(error) in {"SQLITE_CANTOPEN", "SQLITE_READONLY"} and _on_read_only_file_system(path):
        if readonly:
            return "is on a read-only file system and has a -wal file it cannot use; copy the project elsewhere"
        return (
            "is on a read-only file system: it can be read (status, export, listings) but not changed here;"
            " copy it to a disk you can write to"
        )
    return describe_database_error(error, writing=not readonly)


def _on_read_only_file_system(path: Path) -> bool:
    """Whether the folder holding `path` is on a file system mounted read-only (asked of the system, the file untouched)."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _probed(path: Path, *, readonly: bool = False, immutable: bool = False) -> sqlite3.Connection:
    """`connect_raw`, then make SQLite open the file (connections are lazy), closing it on failure."""
    db = connect_raw(path, readonly=readonly, immutable=immutable)
    try:
        if readonly or immutable:
            db.execute("PRAGMA schema_version").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def _check_identity(db: sqlite3.Connection, path: Path) -> int:
    """The schema version of our project at `path`; ProjectError for any other file."""
    try:
        db.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") in {"SQLITE_NOTADB", "SQLITE_CORRUPT"}:
            raise ProjectError(f"{path}: {NOT_A_DATABASE}") from None
        raise
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if application_id != APPLICATION_ID:
        raise ProjectError(f"{path}: is a SQLite database but not an annotator project")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: was written by a newer annotator (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade annotator to open it"
        )
    return version


# SQLite result codes after which a connection must stop writing: the file or the disk failed.
FATAL_ERRORS = frozenset(
    {"SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_FULL", "SQLITE_NOTADB", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL"}
)


def error_family(error: BaseException) -> str:
    """SQLite's primary result code name of an error (`SQLITE_IOERR` for `SQLITE_IOERR_WRITE`), or ''."""
    name = getattr(error, "sqlite_errorname", None) or ""
    return "_".join(name.split("_")[:2])


def is_fatal(error: BaseException) -> bool:
    """Whether a database error means the file or disk failed (not a busy lock or a refused row)."""
    return isinstance(error, sqlite3.DatabaseError) and error_family(error) in FATAL_ERRORS


def describe_database_error(error: BaseException, *, writing: bool = True) -> str:
    """One line saying what a database error means for the user, without the traceback."""
    family = error_family(error)
    if family == "SQLITE_READONLY":
        if writing:
            return "cannot be written here (the file or its folder is read-only); nothing was changed"
        return "cannot be read here (the folder is read-only and a -wal file exists); copy the project elsewhere"
    if family == "SQLITE_FULL":
        return "the disk is full; free some space, then run `annotator check`"
    if family in {"SQLITE_IOERR", "SQLITE_PROTOCOL"}:
        return f"the disk reported an I/O error ({error}); stop, run `annotator check`, restore a backup if it fails"
    if family in {"SQLITE_CORRUPT", "SQLITE_NOTADB"}:
        return "the database file is damaged; run `annotator check`, and restore a backup (docs/storage.md)"
    if family == "SQLITE_CANTOPEN":
        return "cannot be opened (missing, or a folder that cannot be read); nothing was changed"
    if family in {"SQLITE_BUSY", "SQLITE_LOCKED"}:
        return "is busy: another process held the write lock for too long; try again"
    return f"the database could not be used ({error}); nothing was changed"


def describe_output_error(error: BaseException) -> str:
    """Why a new file the tool writes with SQLite (a packet, a backup) failed, in words about that
    file's disk: never advice about the project, which was only read."""
    family = error_family(error)
    if family == "SQLITE_FULL":
        return "the disk is full"
    if family in {"SQLITE_IOERR", "SQLITE_PROTOCOL"}:
        # A disk filling up mid-write often reaches SQLite as a failed write or sync, not SQLITE_FULL.
        return f"its disk is full or failed: {error}"
    return describe_database_error(error)


def migrate(db: sqlite_utils.Database | sqlite3.Connection) -> None:
    """Apply pending migrations and record the schema version in `PRAGMA user_version`."""
    from annotator.storage.schema import migrations
    from annotator.storage.sqlite_library import sqlite_utils

    if isinstance(db, sqlite3.Connection):
        db = sqlite_utils.Database(db)  # the migrations are written against sqlite-utils
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
