"""Fixed code suggestions for the screen tests: what a suggester might propose on the test testimonies."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.suggestions import Suggestion, suggestion_id
from annotator.storage import Project
from tests.support.tui import CODER, place, settle

# (document, quote, code, score, why): two codes on A's first paragraph, one on each other paragraph.
PROPOSED = (
    (
        "A",
        "They took eighty percent of the wage. We paid a bribe to be chosen for the work abroad.",
        "wage-deduction",
        0.81,
        "“wage”, “took”",
    ),
    (
        "A",
        "They took eighty percent of the wage. We paid a bribe to be chosen for the work abroad.",
        "bribery",
        0.64,
        "rule: “bribe”",
    ),
    (
        "A",
        "The manager watched us every day. Nobody could leave the site without a guard.",
        "surveillance",
        0.72,
        "“watched”, “guard”",
    ),
    ("A", "We sent money home through a broker. The broker kept a part of it.", "remittances", 0.55, "“money home”"),
    ("B", "We worked from dawn to midnight, every day of the month.", "wage-deduction", 0.4, "“worked”"),
)


def proposed(coder: str = CODER) -> list[Suggestion]:
    """The fixed suggestions, as a suggester would make them for `coder`."""
    found = []
    for document_id, quote, code_id, score, why in PROPOSED:
        start, end = place(document_id, quote)
        found.append(
            Suggestion(
                suggestion_id(coder, document_id, start, end, code_id),
                document_id,
                start,
                end,
                code_id,
                score,
                why,
                "paragraph",
                "test-1",
            )
        )
    return found


async def retrained(pilot) -> None:
    """Let the screen's retrain timer fire (the `suggester` fixture shortens it), then wait for its worker."""
    await pilot.pause(0.1)
    await settle(pilot)


class FixedSuggester:
    """Stands in for the screen's `SuggestionProcess`: stores the fixed suggestions, counts its runs."""

    def __init__(self) -> None:
        self.runs: list[str] = []
        self.db_path = Path()
        self.coder = CODER

    def __call__(self, db_path: Path, coder: str) -> FixedSuggester:
        """Made by the screen as its suggestion maker would be."""
        self.db_path, self.coder = db_path, coder
        return self

    def refresh(self, document_id: str) -> list[Suggestion]:
        """Make a testimony's suggestions again (the fixed ones), store them and read back the open ones."""
        self.runs.append(document_id)
        with Project.open(self.db_path) as project:
            project.suggestions.replace_for(
                self.coder, document_id, [s for s in proposed(self.coder) if s.document_id == document_id]
            )
            return project.suggestions.of(self.coder, document_id)

    def close(self) -> None:
        """Nothing to stop."""


class NoSuggester:
    """Stands in for the suggester in the screen tests about something else: it never suggests, so what they
    check (and their snapshots) does not hang on when a retrain's result arrives."""

    def __init__(self, db_path: Path, coder: str) -> None:
        self.db_path, self.coder = db_path, coder

    def refresh(self, document_id: str) -> list[Suggestion]:
        """No suggestions."""
        return []

    def close(self) -> None:
        """Nothing to stop."""
