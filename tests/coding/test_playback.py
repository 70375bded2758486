"""Which player, which arguments, which file: playing a turn decided without a screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.coding.playback import media_path, plan_playback, player_command
from annotator.domain.errors import InputError
from annotator.transcripts.media import media_beside
from tests.support.programs import fake_programs


def test_mpv_comes_before_ffplay_and_one_is_needed(tmp_path: Path) -> None:
    both = fake_programs(tmp_path / "both", "mpv", "ffplay")
    only_ffplay = fake_programs(tmp_path / "ffplay-only", "ffplay")
    assert player_command({"PATH": both}) == [f"{both}/mpv"]
    assert player_command({"PATH": only_ffplay}) == [f"{only_ffplay}/ffplay"]
    with pytest.raises(InputError, match="neither mpv nor ffplay is installed"):
        player_command({"PATH": str(tmp_path / "none")})


def test_the_arguments_start_at_the_turn_and_keep_the_player_off_the_terminal(tmp_path: Path) -> None:
    media = tmp_path / "-odd name.mp3"
    mpv = plan_playback(media, 65.5, ["/bin/mpv"])
    assert mpv.command == ["/bin/mpv", "--start=65.500", "--no-terminal", "--force-window=yes", "--", str(media)]
    assert mpv.describe() == "Playing -odd name.mp3 from 00:01:05 with mpv."
    ffplay = plan_playback(media, None, ["/usr/bin/ffplay"])  # a turn without a time: from the start
    assert ffplay.command == [
        "/usr/bin/ffplay", "-ss", "0.000", "-autoexit", "-hide_banner", "-loglevel", "error", str(media)
    ]  # fmt: skip


def test_the_media_file_is_read_from_the_project_folder_and_must_exist(tmp_path: Path) -> None:
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "a.mp3").write_bytes(b"x")
    assert media_path("A", {"media": "audio/a.mp3"}, tmp_path) == tmp_path / "audio" / "a.mp3"
    assert media_path("A", {"media": str(tmp_path / "audio" / "a.mp3")}, Path("/elsewhere")) == (
        tmp_path / "audio" / "a.mp3"
    )
    with pytest.raises(InputError, match=r"^document 'A' has no media file recorded; record one with"):
        media_path("A", {"country": "NP"}, tmp_path)
    with pytest.raises(InputError, match="the media file of document 'A' is missing: "):
        media_path("A", {"media": "audio/b.mp3"}, tmp_path)


def test_a_recording_beside_a_transcript_is_found_by_name(tmp_path: Path) -> None:
    transcript = tmp_path / "interview.vtt"
    assert media_beside(transcript) is None
    (tmp_path / "interview.WAV").write_bytes(b"x")
    assert media_beside(transcript) == tmp_path / "interview.WAV"
    (tmp_path / "interview.mp3").write_bytes(b"x")
    assert media_beside(transcript) == tmp_path / "interview.mp3"
