"""What the coding screen's worker runs: one coder's suggester kept between runs, retrained from the project
after each coding action, and a testimony's suggestions made, stored and read back."""

from __future__ import annotations

from pathlib import Path
from threading import Lock

from annotator.domain.models import Code
from annotator.domain.suggestions import Suggestion
from annotator.storage import Project
from annotator.suggestions.from_project import CoderSuggester


class SuggestionMaker:
    """The coder's suggester for the screen's worker: built on first use (every testimony cut into units),
    then only retrained (the spans and rejections read again); built again when the texts or codes changed.

    Each run opens a connection of its own (a Project is one connection, one thread); a lock keeps two runs
    (one cancelled but still finishing, and the next) from training the same models at once.
    """

    def __init__(self, db_path: Path, coder: str) -> None:
        self.db_path = db_path
        self.coder = coder
        self._lock = Lock()
        self._suggester: CoderSuggester | None = None
        self._built_on: tuple[dict[str, str], list[Code]] | None = None  # the texts' hashes and the codes

    def refresh(self, document_id: str) -> list[Suggestion]:
        """A testimony's open suggestions for the coder, made again from their coding now and stored."""
        with self._lock, Project.open(self.db_path) as project:
            suggester = self._retrained(project)
            made = suggester.suggest(document_id)
            project.suggestions.replace_for(self.coder, document_id, made)
            return project.suggestions.of(self.coder, document_id)

    def _retrained(self, project: Project) -> CoderSuggester:
        basis = (project.documents.hashes(), project.codes.visible_to(self.coder))
        if self._suggester is None or basis != self._built_on:
            # Cutting the texts into units is the costly part: done again only when a text or a code changed.
            self._suggester, self._built_on = CoderSuggester(project, self.coder), basis
        else:
            self._suggester.retrain(project)
        return self._suggester
