"""Fixtures for exchange tests: the coded project, and a packet cho coded in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support.exchange import build_coded_project, coded_packet
from tests.support.templates import ProjectTemplates


@pytest.fixture
def coded_project(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """A closed project: three documents with attributes, a code tree, spans by two coders with memos."""
    return templates.copy("coded", build_coded_project, tmp_path / "coded.db")


@pytest.fixture
def packet(run_cli, coded_project: Path, tmp_path: Path) -> Path:
    """A packet for cho, coded: a span of A, an in-vivo code 'fear' used on B, a done mark."""
    path = coded_packet(run_cli, coded_project, tmp_path)
    with Project.open(path) as opened:
        opened.codes.create("Fear", coder="cho")
        opened.codes.edit("cho", "fear", name="Fear of reprisal")  # their own code: theirs to edit
        opened.spans.add("cho", "B", "fear", 0, 6)
        opened.coders.set_done("cho", "A")
    return path
