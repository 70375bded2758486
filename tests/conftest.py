"""Fixtures shared by the whole suite: small projects built through the public storage API."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.models import Codebook, Document
from annotator.storage import Project
from tests.hypothesis_profiles import load_profile
from tests.support import SMALL_CODES, SMALL_TEXTS

load_profile()  # before the test modules are imported: their settings inherit from the profile

TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/tui drives the screen: mark it `tui`, so `-m "not tui"` is the fast part."""
    for item in items:
        if (TESTS / "tui") in item.path.parents:
            item.add_marker(pytest.mark.tui)


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A closed project file with documents A and B and four codes, no spans."""
    path = tmp_path / "small.db"
    with Project.create(path) as project:
        project.add_documents([Document(id=doc_id, title=doc_id, text=text) for doc_id, text in SMALL_TEXTS.items()])
        project.add_codebook(Codebook(name="small", codes=SMALL_CODES))
    return path


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run `annotator ARGS...` in-process from tmp_path; returns click's Result (stdout and stderr apart)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CODER", "tester")
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, [str(arg) for arg in args], catch_exceptions=False)

    return run
