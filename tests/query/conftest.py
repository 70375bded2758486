"""The bundled corpus with a coder's spans placed by hand, and a short interview transcript with turns."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.models import Document, Passage
from annotator.exchange.new_project import init_project
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import Project
from annotator.storage.spans import NewSpan
from tests.support.templates import ProjectTemplates

CODER = "ana"
TRANSCRIPT_TURNS = (
    ("Interviewer", "Did they take your passport?"),
    ("Worker", "Yes, the manager kept all passports."),
    ("Interviewer", "Could you leave?"),
    ("Worker", "Never alone; the guards watched us."),
)
TRANSCRIPT = "\n".join(f"{speaker}: {words}" for speaker, words in TRANSCRIPT_TURNS)


def turn_bounds() -> list[tuple[int, int]]:
    """Each turn's (start, end) in TRANSCRIPT: its line, the speaker label included."""
    bounds, start = [], 0
    for line in TRANSCRIPT.split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    return bounds


# (document, code, start, end) of ana's spans: offsets read off the sentence and paragraph cuts of A.
A_SPANS = (
    ("A", "social-background", 0, 57),  # sentence 1 of paragraph 1
    ("A", "loyalty-screening", 58, 248),  # sentence 2
    ("A", "motives", 200, 300),  # across sentences 2 to 4
    ("A", "recruitment", 58, 503),  # sentences 2 to 6
    ("A", "bribery", 462, 503),  # sentence 6, the paragraph's last
    ("A", "wage-deduction", 839, 938),  # paragraph 2
    ("A", "bribery", 1206, 1334),  # paragraph 2's last sentence
    ("A", "wage-deduction", 1373, 1492),  # paragraph 3, sentence 2
    ("A", "remittances", 1523, 1631),  # paragraph 3, sentence 4
    ("A", "informants", 1632, 1684),  # sentence 5 (informants is a child of surveillance)
    ("A", "surveillance", 1685, 1748),  # sentence 6
    ("D", "bribery", 161, 284),  # country Russia
    ("N", "bribery", 2566, 2636),  # country "Russia, Yemen"
)


def _build(path: Path) -> None:
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead").close()
    with Project.open(path) as project:
        turns = [
            Passage(document_id="T", start=start, end=end, attributes={"kind": "turn", "speaker": speaker})
            for (start, end), (speaker, _) in zip(turn_bounds(), TRANSCRIPT_TURNS)
        ]
        project.documents.add([Document(id="T", title="Interview T", text=TRANSCRIPT)], turns)
        turn_codes = ("contracts", "restricted-movement", "contracts", "surveillance")
        spans = [NewSpan(doc, code, start, end) for doc, code, start, end in A_SPANS]
        spans += [NewSpan("T", code, start, end) for code, (start, end) in zip(turn_codes, turn_bounds())]
        project.spans.add_many(CODER, spans)


@pytest.fixture(scope="session")
def query_templates(tmp_path_factory: pytest.TempPathFactory) -> ProjectTemplates:
    return ProjectTemplates(tmp_path_factory.mktemp("query-templates"))


@pytest.fixture
def coded_corpus(query_templates: ProjectTemplates, tmp_path: Path) -> Path:
    """The bundled corpus, ana's spans of A_SPANS, and transcript T with four coded turns."""
    return query_templates.copy("coded-corpus", _build, tmp_path / "corpus.db")
