"""Fixtures of the real-process tests: the bundled project as an `annotator init` process makes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from tests.support.processes import annotator
from tests.support.templates import ProjectTemplates


def _init_bundled(path: Path) -> None:
    annotator("init", "--corpus", BUNDLED_CORPUS, "--codebook", BUNDLED_CODEBOOK, "--db", path.name, cwd=path.parent)


@pytest.fixture
def bundled(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """A folder holding annotator.db, made from the bundled corpus and codebook by an `annotator init`
    process (once; each test works on a copy)."""
    templates.copy("bundled-by-init", _init_bundled, tmp_path / "annotator.db")
    return tmp_path
