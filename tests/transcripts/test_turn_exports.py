"""Matrices by speaker and role, and span exports that name the turn each span starts in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.domain.models import Span
from annotator.exchange.matrix import span_matrix
from annotator.storage import Project
from tests.transcripts.test_readers import DATA


@pytest.fixture
def coded(run_cli, small_project: Path) -> Path:
    """The interview with three spans of one coder: one in each of Mira Lee's turns, one in a question."""
    assert run_cli("import", "--db", small_project, DATA / "interview.vtt").exit_code == 0
    with Project.open(small_project) as project:
        text = project.document("interview").text
        project.set_speaker_role("Mira Lee", "participant", coder="tester")
        spans = []
        for index, (word, code) in enumerate([("harbour", "wage-deduction"), ("twice", "wage-deduction"), ("paid", "bribery")]):
            start = text.index(word)
            spans.append(Span(id=f"s{index}", document_id="interview", code_id=code, coder="tester",
                              start=start, end=start + len(word), text=word))
        project.insert_spans(spans, coder="tester", source="test")
    return small_project


def test_matrix_by_speaker_and_role(coded: Path) -> None:
    with Project.open(coded) as project:
        by_speaker = span_matrix(project, rows="code", cols="speaker")
        by_role = span_matrix(project, rows="role", cols="code")
    assert by_speaker.columns == ["Interviewer", "Mira Lee", "(none)"]
    assert by_speaker.cell("wage-deduction", "Mira Lee") == 2 and by_speaker.cell("bribery", "Interviewer") == 1
    assert by_role.rows == ["participant", "(none)"]
    assert by_role.cell("participant", "wage-deduction") == 2 and by_role.cell("(none)", "bribery") == 1


def test_speaker_axis_needs_turns(small_project: Path) -> None:
    from annotator.domain.errors import InputError

    with Project.open(small_project) as project, pytest.raises(InputError, match="no speaker turns"):
        span_matrix(project, rows="code", cols="speaker")
