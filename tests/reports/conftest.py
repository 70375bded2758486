"""The bundled corpus with the report's coding, a second coder's spans (one with a hostile memo), and memos."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.exchange.new_project import init_project
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import Project
from annotator.storage.spans import NewSpan
from tests.support.templates import ProjectTemplates

# A memo and a code memo that try to load something from outside when rendered.
HOSTILE = '<img src="http://example.org/x.png"> [link](http://example.org) <script>alert(1)</script> @import url(x)'


def _build(path: Path) -> None:
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead").close()
    with Project.open(path) as project:
        spans = [
            NewSpan("A", "bribery", 462, 503, memo=HOSTILE),
            NewSpan("A", "wage-deduction", 1373, 1492),
            NewSpan("D", "bribery", 161, 284),
        ]
        project.spans.add_many("ana", spans)
        project.memos.add("lead", "code", "Deductions cluster in Russia. " + HOSTILE, code_id="wage-deduction")
        project.memos.add("lead", "grid", "A pays the embassy first.", document_id="A", code_id="wage-deduction")
        project.memos.add("lead", "project", "Plan: wages first.")


@pytest.fixture(scope="session")
def report_templates(tmp_path_factory: pytest.TempPathFactory) -> ProjectTemplates:
    return ProjectTemplates(tmp_path_factory.mktemp("report-templates"))


@pytest.fixture
def bundled(report_templates: ProjectTemplates, tmp_path: Path) -> Path:
    """The bundled corpus (coder `report`'s coding), ana's three spans, a code memo, a grid memo, a project memo."""
    return report_templates.copy("bundled", _build, tmp_path / "bundled.db")
