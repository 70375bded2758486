"""Fixtures of the suggestion tests: the bundled corpus as a project (with coder `report`'s coding)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.exchange.new_project import init_project
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from tests.support.templates import ProjectTemplates


def _build_bundled(path: Path) -> None:
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead").close()


@pytest.fixture
def bundled(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """A closed copy of the bundled corpus's project: eighteen testimonies, the codebook, the report's coding."""
    return templates.copy("suggest-bundled", _build_bundled, tmp_path / "bundled.db")
