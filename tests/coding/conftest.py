"""Fixtures for the coding core: a small open project (non-ASCII text included) and a session on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.coding.session import CodingSession
from annotator.domain.models import Codebook, Document
from annotator.storage import Project
from tests.support.coding import CODER, CODES, TEXT_A, TEXT_U
from tests.support.templates import ProjectTemplates


def _build_core_project(path: Path) -> None:
    with Project.create(path, name="core") as project:
        project.documents.add([Document(id="A", title="A", text=TEXT_A), Document(id="U", title="U", text=TEXT_U)])
        project.codes.add_codebook(Codebook(name="core", codes=CODES))


@pytest.fixture
def project(templates: ProjectTemplates, tmp_path: Path) -> Iterator[Project]:
    """An open project: testimonies A and U, three codes, no spans."""
    with Project.open(templates.copy("core", _build_core_project, tmp_path / "core.db")) as project:
        yield project


@pytest.fixture
def session(project: Project) -> CodingSession:
    """The test coder's session."""
    return CodingSession(project, CODER)
