"""Errors a user can act on, shown as a notification instead of a traceback."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from textual.widget import Widget

from annotator.domain.errors import AnnotatorError
from annotator.storage import StorageFailure
from annotator.storage.database import describe_database_error, error_family, is_fatal

WHAT_TO_DO = (
    "Everything shown as saved before this is in the project. Quit (ctrl+q), run `annotator check`; "
    "if it reports damage, restore the newest copy from backups/ (docs/storage.md)."
)


@contextlib.contextmanager
def notify_errors(node: Widget) -> Iterator[None]:
    """Run a change; our errors and the database's refusals become a notification on `node`."""
    try:
        yield
    except StorageFailure as error:
        report_storage_failure(node, str(error))
    except AnnotatorError as error:
        node.notify(str(error), title="Not done", severity="error")
    except sqlite3.Error as error:
        if is_fatal(error):
            report_storage_failure(node, describe_database_error(error))
        elif is_busy(error):  # a change not sent through the write queue met another process's lock
            node.notify(
                "Not saved: another process is writing to the project; try again in a moment.",
                title="Not done",
                severity="warning",
            )
        else:
            node.notify(f"The project database refused the change: {error}", title="Not done", severity="error")


def is_busy(error: BaseException) -> bool:
    """Whether a database error means another connection holds the lock (try again later)."""
    return isinstance(error, sqlite3.OperationalError) and error_family(error) in {"SQLITE_BUSY", "SQLITE_LOCKED"}


def describe_failure(error: BaseException | None) -> str:
    """A worker's failure as one line: our message, the database's meaning, or the exception's name."""
    if isinstance(error, AnnotatorError):
        return str(error)
    if isinstance(error, sqlite3.Error):
        return describe_database_error(error)
    return f"{type(error).__name__}: {error}"


def report_storage_failure(node: Widget, message: str) -> None:
    """The project file or disk failed: stop every write of the app's project and say what to do."""
    app = node.app
    project = getattr(app, "project", None)
    if project is not None and project.failure is None:
        project.failure = message
    app.sub_title = "NOT SAVING: the project file failed"
    node.notify(f"{message}\n{WHAT_TO_DO}", title="The project file failed", severity="error", timeout=600)


def report_worker_failure(node: Widget, what: str, error: BaseException | None) -> None:
    """A thread worker failed: a failed file or disk stops writing; anything else is one notification."""
    if isinstance(error, StorageFailure) or (error is not None and is_fatal(error)):
        report_storage_failure(node, describe_failure(error))
    else:
        node.notify(f"{what} failed: {describe_failure(error)}", title="Not done", severity="error")
