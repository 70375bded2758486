"""Every transcript format reads the same invented interview into the same text, turns, speakers and times."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.exchange.transcripts import read_transcript
from annotator.transcripts.model import Cue, assemble
from annotator.transcripts.timestamps import format_seconds, parse_timestamp
from tests.support.transcripts import DATA, SPEAKERS, STARTS, TEXT

ENDS = [4.0, 18.0, 21.0, 30.0]  # only subtitle and Whisper files say when a turn ends

FILES = {
    "interview.vtt": ("vtt", True),
    "interview.srt": ("srt", True),
    "interview.json": ("whisper", True),
    "interview.txt": ("text", False),
    "interview-otter.txt": ("otter", False),
    "interview.docx": ("docx", False),
}


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("forced", [False, True], ids=["detected", "forced"])
def test_each_format_reads_the_same_interview(name: str, forced: bool) -> None:
    format_name, timed = FILES[name]
    transcript = read_transcript(DATA / name, format_name if forced else None)
    assert transcript is not None
    assert transcript.text == TEXT
    assert [turn.speaker for turn in transcript.turns] == SPEAKERS
    assert [turn.start for turn in transcript.turns] == STARTS
    assert [turn.end for turn in transcript.turns] == (ENDS if timed else [None] * 4)
    # each turn's offsets cover exactly its paragraph of the text
    assert [TEXT[t.start_offset : t.end_offset] for t in transcript.turns] == TEXT.split("\n\n")


def test_consecutive_cues_of_one_speaker_join_into_one_turn() -> None:
    transcript = assemble([Cue("A", "one", 0, 1), Cue("A", " two ", 1, 2), Cue("B", "three", 2, 3)])
    assert transcript.text == "one two\n\nthree"
    assert [(t.speaker, t.start, t.end) for t in transcript.turns] == [("A", 0, 2), ("B", 2, 3)]


@pytest.mark.parametrize(
    ("line", "speaker", "seconds"),
    [
        ("[00:03:40] Ana: words", "Ana", 220.0),
        ("00:03:40.5 Ana: words", "Ana", 220.5),
        ("Ana (12:04): words", "Ana", 724.0),
        ("Ana: [00:03:40] words", "Ana", 220.0),
        ("SPEAKER_00: words", "SPEAKER_00", None),
    ],
)
def test_timestamps_before_and_after_the_name(tmp_path: Path, line: str, speaker: str, seconds: float | None) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f"{line}\nBo: more\n", encoding="utf-8")
    transcript = read_transcript(path)
    assert transcript is not None
    assert transcript.text == "words\n\nmore"
    assert (transcript.turns[0].speaker, transcript.turns[0].start) == (speaker, seconds)


def test_custom_speaker_pattern(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Q. How long?\nA. Two years.\n", encoding="utf-8")
    transcript = read_transcript(path, speaker_pattern=r"(?P<speaker>[QA])\.\s")
    assert transcript is not None
    assert transcript.text == "How long?\n\nTwo years."
    assert [t.speaker for t in transcript.turns] == ["Q", "A"]


def test_whisperx_segments_without_speaker_go_on_with_the_last(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(
        '{"segments": [{"start": 0, "end": 1, "text": "a", "speaker": "SPEAKER_00"},'
        ' {"start": 1, "end": 2, "text": "b"}]}',
        encoding="utf-8",
    )
    transcript = read_transcript(path)
    assert transcript is not None and [(t.speaker, t.end) for t in transcript.turns] == [("SPEAKER_00", 2.0)]


def test_plain_text_is_not_a_transcript(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("We worked at night.\n\nNobody could leave.\n", encoding="utf-8")
    assert read_transcript(path) is None


def test_timestamps() -> None:
    assert parse_timestamp("01:02:03,250") == 3723.25
    assert parse_timestamp("12:04") == 724
    assert parse_timestamp("00:61") is None
    assert format_seconds(3723.25) == "1:02:03.250" and format_seconds(4) == "0:00:04"


BAD = [
    ("no-header.vtt", "00:00.000 --> 00:01.000\nhi\n", None, "no-header.vtt:1: is not WebVTT"),
    (
        "broken.srt",
        "1\n00:00:00,000 --> 00:00:01,000\nhi\n\n2\n00:00:01 -> 00:00:02\nthere\n",
        None,
        "broken.srt:6: not a cue timing line",
    ),
    ("shape.json", '{"text": "hello"}', None, "shape.json:1: expected Whisper JSON"),
    ("bad.json", '{"segments": [\n{"start": 0,, }]}', None, "bad.json:2: is not JSON"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, None, "deep.json:1: nests deeper than 50 levels"),
    ("nobody.txt", "just words\nmore words\n", "text", "nobody.txt:1: no line matches the speaker pattern"),
    ("latin1.txt", "Ana: caf\xe9\n", None, "latin1.txt:1: is not UTF-8 text"),
]


@pytest.mark.parametrize(("name", "content", "format_name", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_file_and_line(
    tmp_path: Path, name: str, content: str, format_name: str | None, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1") if name.startswith("latin1") else content.encode())
    with pytest.raises(InputError) as raised:
        read_transcript(path, format_name)
    assert str(raised.value).startswith(str(tmp_path / message.split(":")[0]))
    assert message.split(":", 1)[1] in str(raised.value)
    assert "\n" not in str(raised.value)


def test_no_match_names_the_custom_pattern(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Ana: hi\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"\(\?P<speaker>Q\)"):
        read_transcript(path, speaker_pattern=r"(?P<speaker>Q):")
