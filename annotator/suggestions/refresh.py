"""What the coding screen's worker runs: a testimony's suggestions for a coder made again, stored and read back."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.suggestions import Suggestion
from annotator.storage import Project


def refresh_suggestions(db_path: Path, coder: str, document_id: str) -> list[Suggestion]:
    """A testimony's open suggestions for a coder, on a connection of its own (for a thread worker)."""
    # TODO(suggest branch): make them again with the suggester before reading them back.
    with Project.open(db_path) as project:
        return project.suggestions.of(coder, document_id)
