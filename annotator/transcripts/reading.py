"""Parse a transcript's lines in any supported format, detected by extension and content or forced.

Reading the file (text or Word, within limits) is the exchange layer's job: annotator.exchange.transcripts.
"""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_SPEAKER_PATTERN_SECONDS
from annotator.transcripts.formats import FORMATS, SUFFIX_FORMATS
from annotator.transcripts.model import Cue, Transcript, assemble
from annotator.transcripts.pattern_safety import PatternTimeout, time_bound
from annotator.transcripts.speaker_lines import (
    looks_like_otter,
    looks_like_speaker_lines,
    read_otter_lines,
    read_speaker_lines,
)
from annotator.transcripts.subtitles import looks_like_srt, read_srt, read_vtt
from annotator.transcripts.whisper import read_whisper


def detect_format(path: Path, lines: list[str], speaker_pattern: str | None) -> str | None:
    """The transcript format of a file, or None when it reads as a plain document."""
    by_suffix = SUFFIX_FORMATS.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    if lines and lines[0].startswith("WEBVTT"):
        return "vtt"
    if looks_like_srt(lines):
        return "srt"
    if speaker_pattern is not None:
        return "text"
    if looks_like_otter(lines):
        return "otter"
    if looks_like_speaker_lines(lines):
        return "text"
    return None


def parse_transcript(
    path: Path, lines: list[str], format: str | None = None, speaker_pattern: str | None = None
) -> Transcript | None:
    """The transcript in a file's lines (a Word file's paragraphs); None when, undetected and unforced,
    it is a plain document."""
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown transcript format {format!r}; use one of {', '.join(FORMATS)}")
    if format in (None, "docx"):
        detected = detect_format(path, lines, speaker_pattern)
        if format == "docx":
            detected = "otter" if detected == "otter" else "text"
        format = detected
    if format is None:
        return None
    if speaker_pattern is None:
        cues = _read_cues(format, path, lines, speaker_pattern)
    else:
        try:
            with time_bound():  # a user's pattern may backtrack in ways no check can see
                cues = _read_cues(format, path, lines, speaker_pattern)
        except PatternTimeout:
            raise InputError(
                f"--speaker-pattern {speaker_pattern!r} ran for over {MAX_SPEAKER_PATTERN_SECONDS:g} s on this file "
                "and was stopped; simplify it (fewer repeats side by side)",
                path=path,
            ) from None
    transcript = assemble(cues)
    if not transcript.turns:
        raise InputError("holds no spoken text", path=path, line=1)
    return transcript


def _read_cues(format: str, path: Path, lines: list[str], speaker_pattern: str | None) -> list[Cue]:
    name = str(path)
    if format == "vtt":
        return read_vtt(lines, name, speaker_pattern)
    if format == "srt":
        return read_srt(lines, name, speaker_pattern)
    if format == "whisper":
        return read_whisper("\n".join(lines), name)
    if format == "otter":
        return read_otter_lines(lines, name)
    return read_speaker_lines(lines, name, speaker_pattern)
