"""Fixtures shared by the whole suite: small projects built through the public storage API."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis_profiles import load_profile

from annotator.cli import cli
from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project

load_profile()  # before the test modules are imported: their settings inherit from the profile

SMALL_TEXTS = {
    "A": "They took eighty percent of the wage. We paid a bribe to be chosen.\n\nThe manager watched us.",
    "B": "Nobody could leave the site.\n\nWe worked from dawn to midnight.",
}
SMALL_CODES = (
    Code(id="wage-deduction", name="Wage deduction", key="1", colour="#d62728"),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e"),
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf"),
)


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


def database_fingerprint(path: Path) -> str:
    """A hash of every row of every table: equal before and after means nothing was written."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()
