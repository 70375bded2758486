"""Fixtures for the coding screen: a small project built through the storage API, and app helpers."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from textual.app import App

from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project
from annotator.tui import AnnotatorApp

CODER = "tester"
OTHER_CODER = "alice"

TEXT_A = (
    "They took eighty percent of the wage. We paid a bribe to be chosen for the work abroad.\n"
    "\n"
    "The manager watched us every day. Nobody could leave the site without a guard.\n"
    "\n"
    "We sent money home through a broker. The broker kept a part of it."
)
TEXT_B = "Nobody could leave the site.\n\nWe worked from dawn to midnight, every day of the month."
TEXT_C = "My family stayed behind as a guarantee. If I ran, they would suffer."

DOCUMENTS = (
    Document(id="A", title="A", text=TEXT_A, attributes={"gender": "Male", "country": "Arab Emirates", "occupation": "Construction"}),
    Document(id="B", title="B", text=TEXT_B, attributes={"gender": "Male", "country": "Russia", "occupation": "Logging"}),
    Document(id="K", title="K", text="", attributes={"gender": "Male", "country": "China", "occupation": "Factory"}),
    Document(id="C", title="C", text=TEXT_C, attributes={"gender": "Female", "country": "China", "occupation": "Restaurant"}),
)
CODES = (
    Code(id="wage-deduction", name="Wage deduction", key="1", colour="#d62728"),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e"),
    Code(id="surveillance", name="Surveillance", key="3", colour="#1f77b4"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf"),
    Code(id="remittances", name="Remittances", colour="#2ca02c"),
)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A closed project: testimonies A, B, K (empty) and C, five codes, one span by another coder."""
    path = tmp_path / "tui.db"
    with Project.create(path, name="interviews") as project:
        project.add_documents(DOCUMENTS)
        project.add_codebook(Codebook(name="test", codes=CODES))
        start = TEXT_A.index("The manager")
        project.add_span(OTHER_CODER, "A", "surveillance", start, start + len("The manager watched us every day."))
        project.ensure_coder(CODER)
    return path


@pytest.fixture
def empty_codebook_path(tmp_path: Path) -> Path:
    """A project with testimonies but no codes at all."""
    path = tmp_path / "nocodes.db"
    with Project.create(path, name="no codes") as project:
        project.add_documents(DOCUMENTS[:2])
    return path


class Notice(NamedTuple):
    """One notification the app was asked to show."""

    message: str
    severity: str


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[Notice]:
    """Every notification the app shows, in order, recorded through the public `App.notify`."""
    seen: list[Notice] = []
    original = App.notify

    def notify(self: App, message: str, *, severity: str = "information", **options) -> None:
        seen.append(Notice(str(message), severity))
        original(self, message, severity=severity, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(AnnotatorApp, "notify", notify)
    return seen


def make_app(path: Path, **options) -> AnnotatorApp:
    """The app on a project as the test coder."""
    return AnnotatorApp(path, CODER, **options)


async def settle(pilot) -> None:
    """Wait for workers (loading, coding hits) and the messages they post."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def stored(path: Path, **filters):
    """Spans as a fresh connection reads them (what survives a kill)."""
    with Project.open(path) as project:
        return project.spans(**filters)


THIRD_CODER = "bob"

# (coder, document, code, quoted text) on top of `project_path` (where alice already coded
# "The manager watched us every day." as surveillance). Between tester (A) and alice (B) that
# makes 7 adjudication items, 3 agreed and 4 disagreements:
#   A 0–37     agreed          wage-deduction
#   A 38–87    differs         bribery 38–87 | bribery 41–53 ("paid a bribe")
#   A 89–122   agreed          surveillance
#   A 123–167  differs         surveillance | nothing
#   A 169–235  differs         remittances 169–235 | wage-deduction 206–235
#   B 0–28     agreed          surveillance
#   B 30–86    differs         wage-deduction | surveillance
# bob codes two stretches of A, so that there are three pairs of coders.
AGREEMENT_SPANS = (
    (CODER, "A", "wage-deduction", "They took eighty percent of the wage."),
    (CODER, "A", "bribery", "We paid a bribe to be chosen for the work abroad."),
    (CODER, "A", "surveillance", "The manager watched us every day."),
    (CODER, "A", "surveillance", "Nobody could leave the site without a guard."),
    (CODER, "A", "remittances", "We sent money home through a broker. The broker kept a part of it."),
    (CODER, "B", "surveillance", "Nobody could leave the site."),
    (CODER, "B", "wage-deduction", "We worked from dawn to midnight, every day of the month."),
    (OTHER_CODER, "A", "wage-deduction", "They took eighty percent of the wage."),
    (OTHER_CODER, "A", "bribery", "paid a bribe"),
    (OTHER_CODER, "A", "wage-deduction", "The broker kept a part of it."),
    (OTHER_CODER, "B", "surveillance", "Nobody could leave the site."),
    (OTHER_CODER, "B", "surveillance", "We worked from dawn to midnight, every day of the month."),
    (THIRD_CODER, "A", "bribery", "We paid a bribe to be chosen for the work abroad."),
    (THIRD_CODER, "A", "informants", "Nobody could leave the site without a guard."),
)


def place(document_id: str, quote: str) -> tuple[int, int]:
    """Offsets `(start, end)` of a quote in one of the test testimonies."""
    text = {"A": TEXT_A, "B": TEXT_B, "C": TEXT_C}[document_id]
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def agreement_path(project_path: Path) -> Path:
    """The test project coded by tester, alice and bob (AGREEMENT_SPANS): agreements and disagreements."""
    with Project.open(project_path) as project:
        for coder, document_id, code_id, quote in AGREEMENT_SPANS:
            project.add_span(coder, document_id, code_id, *place(document_id, quote))
    return project_path
