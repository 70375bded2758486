"""Storage: the project's SQLite file, read and written through domain objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from annotator.storage.base import StorageFailure
    from annotator.storage.database import ProjectError
    from annotator.storage.project import Project
    from annotator.storage.spans import Action, HistoryError, NewSpan, new_span_ids

# Loaded when first used, so a command that only counts rows (`status`) needs no sqlite-utils.
_EXPORTS = {
    "Action": "annotator.storage.spans",
    "HistoryError": "annotator.storage.spans",
    "NewSpan": "annotator.storage.spans",
    "new_span_ids": "annotator.storage.spans",
    "Project": "annotator.storage.project",
    "ProjectError": "annotator.storage.database",
    "StorageFailure": "annotator.storage.base",
}
__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = ["Action", "HistoryError", "NewSpan", "Project", "ProjectError", "StorageFailure", "new_span_ids"]
