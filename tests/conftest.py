"""Fixtures shared by the whole suite: small projects built through the public storage API."""

from __future__ import annotations

import os
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
# Test projects go in memory when the machine has a tmpfs with room: every commit is still
# `synchronous = FULL` in WAL mode, but a tmpfs fsync returns at once (on disk, about 60 ms a
# project). Real power cuts are not what the suite can test, so nothing real is lost.
MEMORY_ROOT = Path("/dev/shm")
MEMORY_ROOM = 2 * 1024**3


def pytest_configure(config: pytest.Config) -> None:
    """Put pytest's temporary folders on MEMORY_ROOT, unless --basetemp or PYTEST_DEBUG_TEMPROOT chose a place."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    if MEMORY_ROOT.is_dir() and os.access(MEMORY_ROOT, os.W_OK):
        stats = os.statvfs(MEMORY_ROOT)
        if stats.f_bavail * stats.f_frsize >= MEMORY_ROOM:
            # pytest reads it lazily, when a test first asks for tmp_path (xdist workers are told their folder).
            os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY_ROOT)


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
