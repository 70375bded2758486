"""Pilot tests of playing a turn: a fake `mpv` on PATH records the arguments it was started with."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage import Project
from annotator.tui.screens.coding.screen import CodingScreen
from tests.support.programs import argument_recorder, recorded_arguments
from tests.support.tui import CODER, Notice, make_app, settle


@pytest.fixture
def recording(interview_path: Path, tmp_path: Path) -> Path:
    """A recording beside the project, recorded as the interview's `media` (relative to the project's folder)."""
    (tmp_path / "interview.mp3").write_bytes(b"not really audio")
    with Project.open(interview_path) as project:
        project.documents.set_attributes(CODER, "interview", {"media": "interview.mp3"}, [])
    return tmp_path / "interview.mp3"


async def test_h_plays_the_recording_from_the_turn_under_the_cursor_with_mpv(
    interview_path: Path, recording: Path, tmp_path: Path, monkeypatch, notices: list[Notice]
) -> None:
    record = argument_recorder(tmp_path, "mpv")
    argument_recorder(tmp_path, "ffplay")  # mpv comes first when both are there
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("right_curly_bracket", "h")  # the second turn starts at 4 s
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)  # the screen stays, usable
        assert recorded_arguments(record) == [
            "--start=4.000",
            "--no-terminal",
            "--force-window=yes",
            "--",
            str(recording),
        ]
        assert notices[-1] == Notice("Playing interview.mp3 from 00:00:04 with mpv.", "information")
        await pilot.press("right_curly_bracket")  # keys still reach the screen
        assert "Interviewer · 00:00:18" in str(app.screen.query_one("StatusLine").render())


async def _press_h(path: Path) -> None:
    """Open the screen on `path` and press h once (the notices fixture records what it says)."""
    app = make_app(path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)


async def test_without_a_player_or_a_recording_h_says_what_is_missing(
    interview_path: Path, tmp_path: Path, monkeypatch, notices: list[Notice]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    await _press_h(interview_path)
    assert notices[-1] == Notice(
        "document 'interview' has no media file recorded; record one with `annotator documents set interview media=PATH`",
        "error",
    )
    with Project.open(interview_path) as project:
        project.documents.set_attributes(CODER, "interview", {"media": "gone.mp3"}, [])
    await _press_h(interview_path)
    assert notices[-1].message == f"the media file of document 'interview' is missing: {tmp_path / 'gone.mp3'}"
    (tmp_path / "gone.mp3").write_bytes(b"x")
    await _press_h(interview_path)
    assert (
        notices[-1].message == "neither mpv nor ffplay is installed (none on PATH); install one to play the recording"
    )
