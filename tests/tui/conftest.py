"""Fixtures for the coding screen: a small project built through the storage API, and app helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from annotator.domain.models import Codebook
from annotator.domain.pseudonyms import Candidate
from annotator.exchange.transcripts import read_transcript, transcript_document
from annotator.storage import Project
from annotator.tui import AnnotatorApp
from tests.support.suggestions import FixedSuggester, NoSuggester
from tests.support.transcripts import SAMPLE
from tests.support.tui import AGREEMENT_SPANS, CODER, CODES, DEFINITION, DOCUMENTS, OTHER_CODER, TEXT_A, Notice, place


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A closed project: testimonies A, B, K (empty) and C, five codes, one span by another coder."""
    path = tmp_path / "tui.db"
    with Project.create(path, name="interviews") as project:
        project.documents.add(DOCUMENTS)
        project.codes.add_codebook(Codebook(name="test", codes=CODES))
        start = TEXT_A.index("The manager")
        project.spans.add(OTHER_CODER, "A", "surveillance", start, start + len("The manager watched us every day."))
        project.coders.ensure(CODER)
    return path


@pytest.fixture
def empty_codebook_path(tmp_path: Path) -> Path:
    """A project with testimonies but no codes at all."""
    path = tmp_path / "nocodes.db"
    with Project.create(path, name="no codes") as project:
        project.documents.add(DOCUMENTS[:2])
    return path


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


@pytest.fixture
def agreement_path(project_path: Path) -> Path:
    """The test project coded by tester, alice and bob (AGREEMENT_SPANS): agreements and disagreements."""
    with Project.open(project_path) as project:
        for coder, document_id, code_id, quote in AGREEMENT_SPANS:
            project.spans.add(coder, document_id, code_id, *place(document_id, quote))
    return project_path


@pytest.fixture
def interview_path(tmp_path: Path) -> Path:
    """A project holding the sample interview (four turns, two speakers, times) and the test codes."""
    transcript = read_transcript(SAMPLE)
    assert transcript is not None
    document, passages = transcript_document(SAMPLE, transcript)
    path = tmp_path / "interview.db"
    with Project.create(path, name="interviews") as project:
        project.documents.add([document], passages)
        project.codes.add_codebook(Codebook(name="test", codes=CODES))
    return path


@pytest.fixture
def defined_path(project_path: Path) -> Path:
    """The test project with a definition, rules and an example on Wage deduction, and tester's spans."""
    with Project.open(project_path) as project:
        project.codes.edit(
            CODER,
            "wage-deduction",
            definition=DEFINITION,
            include="Fees and fines.",
            exclude="Unpaid overtime.",
            examples=[{"quote": "They took eighty percent"}],
        )
        project.spans.add(CODER, "A", "wage-deduction", 0, 37)
        project.spans.add(CODER, "A", "bribery", 38, 87)
    return project_path


@pytest.fixture
def candidates_path(project_path: Path) -> Path:
    """Testimony A with four candidates: a broker (twice: one decision takes both), a guard close to a
    register entry, and the site."""
    with Project.open(project_path) as project:
        project.pseudonyms.add("lead", "guards", kind="person")
        broker = TEXT_A.index("broker")
        second = TEXT_A.index("broker", broker + 1)
        project.pseudonyms.propose(
            "lead",
            lambda register: [
                Candidate("A", broker, broker + 6, "broker", "proper-noun"),
                Candidate("A", second, second + 6, "broker", "proper-noun"),
                Candidate("A", *place("A", "guard"), "guard", "fuzzy:1"),
                Candidate("A", *place("A", "site"), "site", "proper-noun"),
            ],
        )
    return project_path


@pytest.fixture(autouse=True)
def quiet_suggester(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen's suggestion worker suggests nothing, unless a test asks for `suggester` (fixed
    suggestions) or `real_suggester`: a retrain's result arriving late must not change what other tests see."""
    if "real_suggester" in request.fixturenames:
        return
    from annotator.tui.screens.coding import suggest

    monkeypatch.setattr(suggest, "SuggestionProcess", NoSuggester)


@pytest.fixture
def real_suggester() -> None:
    """The screen runs the real suggester (see `quiet_suggester`)."""


@pytest.fixture
def suggester(monkeypatch: pytest.MonkeyPatch) -> FixedSuggester:
    """The screen's suggestion worker runs a fixed suggester (and retrains right after an action: `retrained` waits for it)."""
    from annotator.tui.screens.coding import suggest

    fixed = FixedSuggester()
    monkeypatch.setattr(suggest, "SuggestionProcess", fixed)
    monkeypatch.setattr(suggest, "RETRAIN_AFTER", 0.01)
    return fixed
