"""Transcript times exact to the millisecond in ASCII digits, and speaker patterns that cannot run away."""

from __future__ import annotations

import re
import threading

import pytest

from annotator.domain.errors import InputError
from annotator.transcripts.pattern_safety import PatternTimeout, check_pattern, time_bound
from annotator.transcripts.speaker_lines import DEFAULT_SPEAKER_PATTERN, compile_speaker_pattern, split_speaker
from annotator.transcripts.timestamps import format_seconds, parse_timestamp, seconds_text, stored_seconds


@pytest.mark.parametrize(
    ("stamp", "seconds", "text"),
    [
        ("03:00:00,123", 10800.123, "10800.123"),
        ("00:03:40.5", 220.5, "220.5"),
        ("12:04", 724.0, "724"),
        ("999:59:59.999", 3599999.999, "3599999.999"),
        ("00:00:00.001", 0.001, "0.001"),
    ],
)
def test_timestamps_are_exact_to_the_millisecond(stamp: str, seconds: float, text: str) -> None:
    assert parse_timestamp(stamp) == seconds
    assert seconds_text(seconds) == text
    assert stored_seconds(text) == seconds


@pytest.mark.parametrize("stamp", ["0\u0661:00", "\u0660\u0660:03:40", "00:0\u0663", "1:60", "00:61:00"])
def test_timestamps_in_other_digits_or_out_of_range_are_not_timestamps(stamp: str) -> None:
    assert parse_timestamp(stamp) is None


def test_stored_times_of_old_projects_still_read_and_junk_reads_as_none() -> None:
    assert stored_seconds("10800.1") == 10800.1  # stored with 6 significant digits before
    assert [stored_seconds(text) for text in ("nan", "inf", "-1", "1e5", "\u0664", "", None)] == [None] * 7
    assert format_seconds(float("nan")) == format_seconds(float("inf")) == format_seconds(-1.0) == ""
    assert format_seconds(10800.123) == "3:00:00.123"


@pytest.mark.parametrize(
    ("line", "speaker", "text", "seconds"),
    [
        ("Speaker 1: hello", "Speaker 1", "hello", None),
        ("Ana 12:04: we left", "Ana", "we left", 724.0),
        ("Ana (12:04): we left", "Ana", "we left", 724.0),
        ("Ana [00:03:40.5]: we left", "Ana", "we left", 220.5),
        ("[00:03:40] Dr. O'Neil: yes", "Dr. O'Neil", "yes", 220.0),
        ("Mira-Lee: at 10:30: we ate", "Mira-Lee", "at 10:30: we ate", None),
        ("Q: [00:00:04] How long?", "Q", "How long?", 4.0),
        ("A B C D E F: six words", "A B C D E F", "six words", None),
    ],
)
def test_the_default_speaker_label(line: str, speaker: str, text: str, seconds: float | None) -> None:
    assert split_speaker(line, compile_speaker_pattern(None)) == (speaker, text, seconds)


@pytest.mark.parametrize("line", ["A B C D E F G: seven words", "12:04 no name", "x" + "1" * 50_000, "no colon here"])
def test_lines_that_open_no_turn(line: str) -> None:
    assert split_speaker(line, compile_speaker_pattern(None)) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?P<speaker>(a+)+b)",
        r"(?P<speaker>(?:Ana|An)*):",
        r"(?P<speaker>(a?)*)",
        r"(?P<speaker>\w+)\1",
        "(?P<speaker>(?:a*b*){11})",
    ],
)
def test_patterns_that_backtrack_exponentially_are_refused(pattern: str) -> None:
    with pytest.raises(InputError, match="--speaker-pattern"):
        compile_speaker_pattern(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        DEFAULT_SPEAKER_PATTERN,
        r"(?P<speaker>[QA])\.\s",
        r"(?P<speaker>\w+(?: \w+){0,3}):",
        r"(?P<speaker>(?:\w++ )*+\w++):",
        r"(?P<speaker>(?>a+)+b)",
        r"(?P<speaker>Interviewer|Participant):(?P<text>.*)",
    ],
)
def test_patterns_that_cannot_run_away_pass(pattern: str) -> None:
    check_pattern(pattern)


def test_the_time_bound_interrupts_a_single_long_match() -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only (the bound is documented as main-thread only)")
    slow = re.compile("(a*)*b")
    with pytest.raises(PatternTimeout), time_bound(0.2):
        slow.match("a" * 60)
