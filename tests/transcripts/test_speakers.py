"""Speakers: listed with turns and words; renames and roles are undoable actions of the event log."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.transcripts import DATA


@pytest.fixture
def interviews(run_cli, small_project: Path) -> Path:
    assert run_cli("import", "--db", small_project, DATA / "interview.vtt", DATA / "interview-otter.txt").exit_code == 0
    return small_project


def test_speakers_lists_turns_and_words(run_cli, interviews: Path) -> None:
    result = run_cli("speakers", "--db", interviews, "interview")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "document\tspeaker\trole\tturns\twords",
        "interview\tInterviewer\t\t2\t13",
        "interview\tMira Lee\t\t2\t22",
    ]


def test_rename_in_one_document_then_undo(run_cli, interviews: Path) -> None:
    before = database_fingerprint(interviews)
    result = run_cli("speakers", "--db", interviews, "rename", "Mira Lee", "Participant", "--document", "interview")
    assert result.exit_code == 0, result.stderr
    with Project.open(interviews) as project:
        assert [s.speaker for s in project.speakers.summaries("interview")] == ["Interviewer", "Participant"]
        assert [s.speaker for s in project.speakers.summaries("interview-otter")] == ["Interviewer", "Mira Lee"]
        assert project.history.undo("tester") is not None
        assert [s.speaker for s in project.speakers.summaries("interview")] == ["Interviewer", "Mira Lee"]
        assert project.history.redo("tester") is not None
        assert [s.speaker for s in project.speakers.summaries("interview")] == ["Interviewer", "Participant"]
    assert database_fingerprint(interviews) != before


def test_role_applies_to_the_speaker_in_every_document_and_undoes(interviews: Path) -> None:
    with Project.open(interviews) as project:
        project.speakers.set_role("Interviewer", "interviewer", coder="tester")
        roles = {(s.document_id, s.speaker): s.role for s in project.speakers.summaries()}
        assert roles[("interview", "Interviewer")] == roles[("interview-otter", "Interviewer")] == "interviewer"
        assert roles[("interview", "Mira Lee")] == ""
        project.history.undo("tester")
        assert {s.role for s in project.speakers.summaries()} == {""}


def test_unknown_speaker_is_refused_and_writes_nothing(run_cli, interviews: Path) -> None:
    before = database_fingerprint(interviews)
    result = run_cli("speakers", "--db", interviews, "rename", "Nobody", "X")
    assert result.exit_code != 0 and "no turn of speaker 'Nobody'" in result.stderr
    assert database_fingerprint(interviews) == before
    with Project.open(interviews) as project, pytest.raises(InputError):
        project.speakers.rename("Mira Lee", " ", coder="tester")


def test_a_document_named_like_a_sub_command_is_listed_with_list(run_cli, interviews: Path, tmp_path: Path) -> None:
    named_rename = tmp_path / "rename.vtt"
    named_rename.write_bytes((DATA / "interview.vtt").read_bytes())
    assert run_cli("import", "--db", interviews, named_rename).exit_code == 0
    listed = run_cli("speakers", "list", "rename", "--db", interviews)
    assert listed.exit_code == 0, listed.stderr
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()[1:]] == [
        ["rename", "Interviewer"],
        ["rename", "Mira Lee"],
    ]
    # `speakers rename` stays the rename command: with one value it is a usage error, nothing listed.
    misread = run_cli("speakers", "rename", "--db", interviews)
    assert misread.exit_code == 2 and "Missing argument" in misread.stderr and not misread.stdout


def test_speakers_alone_lists_every_document(run_cli, interviews: Path) -> None:
    result = run_cli("speakers", "--db", interviews)
    assert result.exit_code == 0, result.stderr
    assert {line.split("\t")[0] for line in result.stdout.splitlines()[1:]} == {"interview", "interview-otter"}
