"""Fixtures shared by the whole suite: small projects built through the public storage API."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.models import Codebook, Document
from annotator.storage import Project
from tests.support import SMALL_CODES, SMALL_TEXTS
from tests.support.cli import init_small_project, write_corpus
from tests.support.hypothesis_profiles import load_profile
from tests.support.templates import ProjectTemplates

load_profile()  # before the test modules are imported: their settings inherit from the profile

TESTS = Path(__file__).parent
SLOW_FIRST = {TESTS / "processes" / "test_processes.py", TESTS / "processes" / "test_stress.py"}
# The suite's temporary files go in memory when the machine has a tmpfs with room: every commit
# is still `synchronous = FULL` in WAL mode, but a tmpfs fsync returns at once (on disk, about
# 60 ms for each project a test builds). Power cuts are not what the suite can test.
MEMORY_ROOT = Path("/dev/shm")
MEMORY_ROOM = 2 * 1024**3


def pytest_configure(config: pytest.Config) -> None:
    """Point TMPDIR at MEMORY_ROOT unless TMPDIR, --basetemp or PYTEST_DEBUG_TEMPROOT chose a place.

    pytest's tmp_path folders, `tempfile` in tests, the processes they start and xdist's workers
    (which inherit it) all follow TMPDIR.
    """
    if config.option.basetemp or any(os.environ.get(name) for name in ("TMPDIR", "PYTEST_DEBUG_TEMPROOT")):
        return
    if MEMORY_ROOT.is_dir() and os.access(MEMORY_ROOT, os.W_OK):
        stats = os.statvfs(MEMORY_ROOT)
        if stats.f_bavail * stats.f_frsize >= MEMORY_ROOM:
            os.environ["TMPDIR"] = str(MEMORY_ROOT)
            tempfile.tempdir = None  # forget the folder tempfile may have chosen already


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (in addopts) parallelises only a run of the suite from its test paths: a run of
    named files or tests stays in one process, which starts faster and prints in order."""
    if config.args_source is not pytest.Config.ArgsSource.TESTPATHS:
        return 0
    return None  # xdist's own count: one worker per core


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m "not tui"` the screen tests are not even imported (nor Textual with them): every
    test in tests/tui would be deselected anyway."""
    if collection_path == TESTS / "tui" and config.getoption("markexpr").split() == ["not", "tui"]:
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/tui drives the screen: mark it `tui`, so `-m "not tui"` is the fast part.

    The real-process tests (seconds each) run first: started last, they left one xdist worker
    running them alone for the final ten seconds while the other had nothing left to take.
    """
    for item in items:
        if (TESTS / "tui") in item.path.parents:
            item.add_marker(pytest.mark.tui)
    items.sort(key=lambda item: item.path not in SLOW_FIRST)  # stable: the rest keep their order


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> ProjectTemplates:
    """The session's fixture projects, each built once; tests get copies."""
    return ProjectTemplates(tmp_path_factory.mktemp("templates"))


def _build_small_project(path: Path) -> None:
    """Documents A and B and four codes, no spans."""
    with Project.create(path) as project:
        project.documents.add([Document(id=doc_id, title=doc_id, text=text) for doc_id, text in SMALL_TEXTS.items()])
        project.codes.add_codebook(Codebook(name="small", codes=SMALL_CODES))


@pytest.fixture
def small_project(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """A closed project file with documents A and B and four codes, no spans."""
    return templates.copy("small", _build_small_project, tmp_path / "small.db")


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


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The small corpus as files (and codebook.yaml beside it), as `annotator init` reads them."""
    return write_corpus(tmp_path)


@pytest.fixture
def project_db(templates: ProjectTemplates, corpus: Path, tmp_path: Path) -> Path:
    """What `annotator init` makes of `corpus` (made once by the CLI in-process, then copied)."""
    return templates.copy("init", init_small_project, tmp_path / "p.db")
