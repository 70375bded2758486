"""`annotator import` and `init --corpus` bring transcripts in as documents with turn passages; bad ones change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.transcripts import DATA, SPEAKERS, STARTS, TEXT


@pytest.mark.parametrize(
    "name", ["interview.vtt", "interview.srt", "interview.json", "interview.txt", "interview.docx"]
)
def test_import_stores_turns_as_passages(run_cli, small_project: Path, name: str) -> None:
    result = run_cli("import", "--db", small_project, DATA / name)
    assert result.exit_code == 0, result.stderr
    with Project.open(small_project) as project:
        assert project.documents.get("interview").text == TEXT
        turns = [p for p in project.documents.passages("interview") if p.attributes.get("kind") == "turn"]
    assert [p.attributes["speaker"] for p in turns] == SPEAKERS
    assert [float(p.attributes["start"]) for p in turns] == STARTS
    assert [TEXT[p.start : p.end] for p in turns] == TEXT.split("\n\n")


def test_init_corpus_picks_up_transcripts(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(DATA / "interview.vtt", folder / "teams.vtt")
    shutil.copy(DATA / "interview-otter.txt", folder / "otter.txt")
    (folder / "plain.txt").write_text("We worked at night.\n", encoding="utf-8")
    result = run_cli("init", "--db", tmp_path / "p.db", "--corpus", folder)
    assert result.exit_code == 0, result.stderr
    with Project.open(tmp_path / "p.db") as project:
        assert sorted(project.documents.ids()) == ["otter", "plain", "teams"]
        assert project.documents.get("teams").text == project.documents.get("otter").text == TEXT
        assert project.documents.passages("plain") == []
        assert len(project.documents.passages("teams")) == 4


BAD = [
    ("no-header.vtt", "00:00.000 --> 00:01.000\nhi\n", (), "no-header.vtt:1: is not WebVTT"),
    ("broken.srt", "1\n00:00:00,000 --> 00:00:01,000\nhi\n\n2\n00:00:01 -> 00:00:02\nthere\n", (), "broken.srt:6:"),
    ("shape.json", '[{"start": 0, "end": 1}]', (), "shape.json: segments[0]: a segment needs a 'text' string"),
    (
        "nobody.txt",
        "just words\n",
        ("--speaker-pattern", "(?P<speaker>Q):"),
        "nobody.txt:1: no line matches the speaker pattern '(?P<speaker>Q):'",
    ),
]


@pytest.mark.parametrize(("name", "content", "options", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_transcript_is_one_line_and_writes_nothing(
    run_cli, small_project: Path, tmp_path: Path, name: str, content: str, options: tuple[str, ...], message: str
) -> None:
    good = tmp_path / "good.vtt"
    shutil.copy(DATA / "interview.vtt", good)
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    before = database_fingerprint(small_project)
    result = run_cli("import", "--db", small_project, *options, good, bad)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert database_fingerprint(small_project) == before
