"""Data and helpers of the screen tests: the test project's coders, texts and codes, app builders and waits."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from annotator.domain.models import Code, Document
from annotator.storage import Project
from annotator.tui import AnnotatorApp
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.widgets.status_line import StatusLine
from annotator.tui.widgets.transcript import Transcript

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
    Document(
        id="A",
        title="A",
        text=TEXT_A,
        attributes={"gender": "Male", "country": "Arab Emirates", "occupation": "Construction"},
    ),
    Document(
        id="B", title="B", text=TEXT_B, attributes={"gender": "Male", "country": "Russia", "occupation": "Logging"}
    ),
    Document(id="K", title="K", text="", attributes={"gender": "Male", "country": "China", "occupation": "Factory"}),
    Document(
        id="C", title="C", text=TEXT_C, attributes={"gender": "Female", "country": "China", "occupation": "Restaurant"}
    ),
)


CODES = (
    Code(id="wage-deduction", name="Wage deduction", key="1", colour="#d62728"),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e"),
    Code(id="surveillance", name="Surveillance", key="3", colour="#1f77b4"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf"),
    Code(id="remittances", name="Remittances", colour="#2ca02c"),
)


class Notice(NamedTuple):
    """One notification the app was asked to show."""

    message: str
    severity: str


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
        return project.spans.select(**filters)


THIRD_CODER = "bob"


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


# Wage deduction's definition in the codebook screen's tests (the `defined_path` fixture).
DEFINITION = "Money taken from the wage before it is paid."


def coding_screen(app: AnnotatorApp) -> CodingScreen:
    """The coding screen the app shows (fails when another screen is on top)."""
    assert isinstance(app.screen, CodingScreen)
    return app.screen


def transcript_of(app: AnnotatorApp) -> Transcript:
    """The transcript of the screen on top."""
    return app.screen.query_one(Transcript)


def status_text(app: AnnotatorApp) -> str:
    """What the status line of the screen on top says."""
    return str(app.screen.query_one(StatusLine).render())


async def select(pilot, start: int, end: int) -> None:
    """Select [start, end) in the transcript, as a drag would, and let the screen take it in."""
    transcript_of(pilot.app).select_range(start, end)
    await pilot.pause()
