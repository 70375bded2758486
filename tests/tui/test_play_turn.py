"""Pilot tests of playing a turn: a fake `mpv` on PATH records the arguments it was started with."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from annotator.storage import Project
from annotator.tui.screens.coding.screen import CodingScreen
from tests.support.tui import CODER, Notice, make_app, settle


@pytest.fixture
def recording(interview_path: Path, tmp_path: Path) -> Path:
    """A recording beside the project, recorded as the interview's `media` (relative to the project's folder)."""
    (tmp_path / "interview.mp3").write_bytes(b"not really audio")
    with Project.open(interview_path) as project:
        project.documents.set_attributes(CODER, "interview", {"media": "interview.mp3"}, [])
    return tmp_path / "interview.mp3"


def fake_player(folder: Path, name: str) -> Path:
    """A program `name` in `folder/bin` that writes its arguments, one a line, to `folder/NAME.args`."""
    programs = folder / "bin"
    programs.mkdir(exist_ok=True)
    player = programs / name
    record = folder / f"{name}.args"
    player.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    player.chmod(0o700)
    return record


async def _recorded(record: Path) -> list[str]:
    for _ in range(200):  # the player runs apart: wait for it (at most 10 s), asserting no timing
        if record.exists() and record.read_text(encoding="utf-8"):
            return record.read_text(encoding="utf-8").split("\n")
        await asyncio.sleep(0.05)
    raise AssertionError("the player was not started")


async def test_h_plays_the_recording_from_the_turn_under_the_cursor_with_mpv(
    interview_path: Path, recording: Path, tmp_path: Path, monkeypatch, notices: list[Notice]
) -> None:
    record = fake_player(tmp_path, "mpv")
    fake_player(tmp_path, "ffplay")  # mpv comes first when both are there
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("right_curly_bracket", "h")  # the second turn starts at 4 s
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)  # the screen stays, usable
        assert await _recorded(record) == ["--start=4.000", "--no-terminal", "--force-window=yes", "--", str(recording)]
        assert notices[-1] == Notice("Playing interview.mp3 from 00:00:04 with mpv.", "information")
        await pilot.press("right_curly_bracket")  # keys still reach the screen
        assert "Interviewer · 00:00:18" in str(app.screen.query_one("StatusLine").render())


async def test_without_a_player_or_a_recording_h_says_what_is_missing(
    interview_path: Path, tmp_path: Path, monkeypatch, notices: list[Notice]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert notices[-1] == Notice(
            "document 'interview' has no media file recorded; record one with"
            " `annotator documents set interview media=PATH`",
            "error",
        )
    with Project.open(interview_path) as project:
        project.documents.set_attributes(CODER, "interview", {"media": "gone.mp3"}, [])
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert notices[-1].message == f"the media file of document 'interview' is missing: {tmp_path / 'gone.mp3'}"
    (tmp_path / "gone.mp3").write_bytes(b"x")
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert notices[-1].message == (
            "neither mpv nor ffplay is installed (none on PATH); install one to play the recording"
        )
