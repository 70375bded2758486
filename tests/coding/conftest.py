"""Fixtures for the coding core: a small open project (non-ASCII text included) and a session on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.coding.session import CodingSession, read_document
from annotator.coding.testimony import OpenTestimony
from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project
from tests.support.templates import ProjectTemplates

CODER = "tester"
OTHER = "alice"
TEXT_A = "They took the wage. We paid a bribe.\n\nThe manager watched us."
# Cyrillic, Korean and a combining accent: offsets are code points, never bytes.
TEXT_U = "Мы заплатили взятку. 한국어 텍스트 둘째.\n\nCafe\u0301 é fin."
CODES = (
    Code(id="wage", name="Wage", key="1", colour="#d62728"),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e"),
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
)


def _build_core_project(path: Path) -> None:
    with Project.create(path, name="core") as project:
        project.add_documents([Document(id="A", title="A", text=TEXT_A), Document(id="U", title="U", text=TEXT_U)])
        project.add_codebook(Codebook(name="core", codes=CODES))


@pytest.fixture
def project(templates: ProjectTemplates, tmp_path: Path) -> Iterator[Project]:
    """An open project: testimonies A and U, three codes, no spans."""
    with Project.open(templates.copy("core", _build_core_project, tmp_path / "core.db")) as project:
        yield project


@pytest.fixture
def session(project: Project) -> CodingSession:
    """The test coder's session."""
    return CodingSession(project, CODER)


def open_testimony(session: CodingSession, document_id: str = "A") -> OpenTestimony:
    """A testimony as the coding screen holds it, read on the session's connection."""
    return OpenTestimony(read_document(session.project, session.coder, document_id, False), session.coder)
