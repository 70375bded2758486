"""`annotator play DOC [--turn N]`, and a recording found beside a transcript at import."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.programs import argument_recorder, recorded_arguments

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "transcripts"


def test_import_records_the_recording_beside_and_play_starts_mpv_at_the_turn(
    run_cli, project_db: Path, tmp_path: Path, monkeypatch
) -> None:
    shutil.copy(TRANSCRIPTS / "interview.vtt", tmp_path / "interview.vtt")
    (tmp_path / "interview.mp3").write_bytes(b"not really audio")
    assert run_cli("import", "interview.vtt", "--db", project_db).exit_code == 0
    listed = run_cli("documents", "list", "--db", project_db).stdout
    assert f"media={tmp_path / 'interview.mp3'}" in listed
    record = argument_recorder(tmp_path, "mpv")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    played = run_cli("play", "interview", "--turn", "3", "--db", project_db)
    assert played.exit_code == 0, played.stderr
    assert played.stdout == "Playing interview.mp3 from 00:00:18 with mpv. (turn 3 of 4, Interviewer)\n"
    assert recorded_arguments(record)[0] == "--start=18.000"


def test_play_says_what_is_missing(run_cli, project_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert run_cli("play", "A", "--db", project_db).stderr == (
        "annotator: document 'A' has no media file recorded; record one with `annotator documents set A media=PATH`\n"
    )
    (tmp_path / "a.mp3").write_bytes(b"x")
    assert run_cli("documents", "set", "A", f"media={tmp_path / 'a.mp3'}", "--db", project_db).exit_code == 0
    assert run_cli("play", "A", "--db", project_db).stderr == (
        "annotator: document 'A' has no transcript turns to start from; it was not imported as a transcript\n"
    )
