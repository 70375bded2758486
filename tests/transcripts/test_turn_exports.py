"""Matrices by speaker and role, and span exports that name the turn each span starts in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.domain.models import Span
from annotator.exchange.matrix import span_matrix
from annotator.storage import Project
from tests.support.transcripts import DATA


@pytest.fixture
def coded(run_cli, small_project: Path) -> Path:
    """The interview with three spans of one coder: one in each of Mira Lee's turns, one in a question."""
    assert run_cli("import", "--db", small_project, DATA / "interview.vtt").exit_code == 0
    with Project.open(small_project) as project:
        text = project.documents.get("interview").text
        project.speakers.set_role("Mira Lee", "participant", coder="tester")
        spans = []
        for index, (word, code) in enumerate(
            [("harbour", "wage-deduction"), ("twice", "wage-deduction"), ("paid", "bribery")]
        ):
            start = text.index(word)
            spans.append(
                Span(
                    id=f"s{index}",
                    document_id="interview",
                    code_id=code,
                    coder="tester",
                    start=start,
                    end=start + len(word),
                    text=word,
                )
            )
        project.spans.insert(spans, coder="tester", source="test")
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


def test_csv_and_jsonl_name_the_turn_each_span_starts_in(run_cli, coded: Path, tmp_path: Path) -> None:
    from annotator.exchange.jsonl import write_spans_jsonl
    from annotator.exchange.spans_csv import EXTRA_COLUMNS, SPAN_COLUMNS, write_spans_csv

    with Project.open(coded) as project:
        write_spans_csv(project, tmp_path / "spans.csv")
        write_spans_jsonl(project, tmp_path / "spans.jsonl")
    with open(tmp_path / "spans.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*SPAN_COLUMNS, *EXTRA_COLUMNS, "turn_speaker", "turn_role", "turn_start"]
    turn_cells = {row[5]: row[-3:] for row in rows[1:]}
    assert turn_cells == {
        "harbour": ["Mira Lee", "participant", "0:00:04"],
        "twice": ["Mira Lee", "participant", "0:00:21"],
        "paid": ["Interviewer", "", "0:00:18"],
    }
    objects = [json.loads(line) for line in (tmp_path / "spans.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {o["text"]: o["turn_speaker"] for o in objects} == {
        "harbour": "Mira Lee",
        "twice": "Mira Lee",
        "paid": "Interviewer",
    }
    # the new columns do not stop import-spans from reading the file back
    fresh = tmp_path / "fresh.db"
    with Project.open(coded) as source:
        codebook = source.codes.codebook()
    with Project.create(fresh) as project:
        project.codes.add_codebook(codebook)
    assert run_cli("import", "--db", fresh, DATA / "interview.srt").exit_code == 0
    result = run_cli("import-spans", "--db", fresh, tmp_path / "spans.csv")
    assert result.exit_code == 0, result.stderr
    with Project.open(fresh) as project:
        assert len(project.spans.select()) == 3


def test_exports_without_transcripts_keep_their_columns(small_project: Path, tmp_path: Path) -> None:
    from annotator.exchange.spans_csv import span_rows

    with Project.open(small_project) as project:
        header, _ = span_rows(project)
    assert "turn_speaker" not in header
