"""Errors a user can act on, shown as a notification instead of a traceback."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from textual.dom import DOMNode

from annotator.domain.errors import AnnotatorError


@contextlib.contextmanager
def notify_errors(node: DOMNode) -> Iterator[None]:
    """Run a change; our errors and the database's refusals become a notification on `node`."""
    try:
        yield
    except AnnotatorError as error:
        node.notify(str(error), title="Not done", severity="error")
    except sqlite3.Error as error:
        node.notify(f"The project database refused the change: {error}", title="Not done", severity="error")
