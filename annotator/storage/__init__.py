"""Storage: the project's SQLite file, read and written through domain objects."""

from annotator.storage.base import StorageFailure
from annotator.storage.database import ProjectError
from annotator.storage.project import Project
from annotator.storage.spans import Action, HistoryError, NewSpan, new_span_ids

__all__ = ["Action", "HistoryError", "NewSpan", "Project", "ProjectError", "StorageFailure", "new_span_ids"]
