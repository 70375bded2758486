"""Fixtures for exchange tests: a coded project, the REFI-QDA reference files, and hand-made .qdpx files."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.models import Codebook, Document
from annotator.storage import Project
from tests.support.exchange import CODES, TEXTS
from tests.support.templates import ProjectTemplates


@pytest.fixture
def coded_project(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """A closed project: three documents with attributes, a code tree, spans by two coders with memos."""
    return templates.copy("coded", _build_coded_project, tmp_path / "coded.db")


def _build_coded_project(path: Path) -> None:
    with Project.create(path, name="Overseas workers") as project:
        project.add_documents(
            [
                Document(
                    id="A", title="Interviewee A", text=TEXTS["A"], attributes={"country": "Russia", "gender": "Male"}
                ),
                Document(id="B", title="B", text=TEXTS["B"], attributes={"country": "China"}),
                Document(
                    id="C", title="Interviewee C", text=TEXTS["C"], attributes={"country": "Russia", "gender": "Female"}
                ),
            ]
        )
        project.add_codebook(Codebook(name="small", codes=CODES))
        project.add_span("ann", "A", "wage-deduction", 0, 36, "state takes most")
        project.add_span("ann", "A", "bribery", 38, 67)
        project.add_span("ann", "A", "surveillance", 69, 104, "watched — daily")
        project.add_span("ann", "A", "informants", 73, 80)
        project.add_span("bob", "A", "wage-deduction", 5, 36)
        project.add_span("bob", "B", "restricted-movement", 0, 28)
        project.add_span("bob", "B", "surveillance", 0, 10)
        project.add_span("bob", "B", "wage-deduction", 30, 75, "long\nhours")
