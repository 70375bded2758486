"""Transcripts written as lines: `Name: text` turns (a configurable pattern, timestamps around the name)
and Otter-style header lines (`Speaker 1  0:03`) followed by the turn's text."""

from __future__ import annotations

import re

from annotator.domain.errors import InputError
from annotator.transcripts.model import Cue
from annotator.transcripts.pattern_safety import check_pattern
from annotator.transcripts.timestamps import TIMESTAMP, parse_timestamp

# A name at a line's start: up to six words of letters, digits, '.', '_', "'" or '-' (and a
# timestamp such as `(12:04)` that split_speaker cuts off), then a colon. Every repeat is possessive
# (`*+`, `++`, `{0,5}+`): a word never gives back what it took, so a line is read once, whatever
# its length (a greedy `[\w.'-]*` followed by `[\d:.,]+` re-split a 100,000-digit word 5 billion
# ways). A word is not taken when it is a bare timestamp before the colon (`Ana 12:04: ...`); a
# timestamp's colons stand between digits, so the label's own colon is never taken as one.
_LABEL_STAMP = r"[0-9.,]++(?::[0-9.,]++)*+"
DEFAULT_SPEAKER_PATTERN = (
    r"(?P<speaker>[^\W\d][\w.'-]*+"
    rf"(?: (?![0-9]{_LABEL_STAMP}[\])]?:)[\w.'-]++){{0,5}}+"
    rf"(?: ?[\[(]?{_LABEL_STAMP}[\])]?)?):"
)
# A timestamp in brackets, in parentheses or bare; its value is whichever group matched.
_STAMP = rf"(?:\[({TIMESTAMP})\]|\(({TIMESTAMP})\)|({TIMESTAMP}))"
_LEADING_STAMP = re.compile(r"\s*+" + _STAMP + r"\s*+")
_TRAILING_NAME_STAMP = re.compile(_STAMP + r"$")
# The longest a bracketed timestamp can be (`[999:59:59.999]`): where a trailing one is looked for.
_STAMP_WIDTH = 16
OTTER_HEADER = re.compile(rf"(?P<speaker>\S.{{0,60}}?)\s++(?P<time>{TIMESTAMP})")


def compile_speaker_pattern(pattern: str | None) -> re.Pattern[str]:
    """The speaker pattern as a regex with a `speaker` group; InputError when it is not one, or when
    it could backtrack without bound (see annotator.transcripts.pattern_safety)."""
    source = pattern or DEFAULT_SPEAKER_PATTERN
    try:
        compiled = re.compile(source)
    except re.error as error:
        raise InputError(f"--speaker-pattern {source!r} is not a regular expression ({error})") from None
    if "speaker" not in compiled.groupindex:
        raise InputError(f"--speaker-pattern {source!r} needs a named group (?P<speaker>...)")
    if pattern:
        check_pattern(pattern)
    return compiled


def _stamp_seconds(match: re.Match[str]) -> float | None:
    value = next((group for group in match.groups() if group), None)
    return parse_timestamp(value) if value else None


def split_speaker(line: str, pattern: re.Pattern[str]) -> tuple[str, str, float | None] | None:
    """(speaker, spoken text, seconds) when the line opens a turn, else None.

    A timestamp may stand before the name (`[00:03:40] Ana: ...`), between the name and the colon
    (`Ana (12:04): ...`, kept in the speaker group and cut off it) or right after the colon.
    """
    seconds = None
    rest = line
    leading = _LEADING_STAMP.match(rest)
    if leading:
        seconds = _stamp_seconds(leading)
        rest = rest[leading.end() :]
    match = pattern.match(rest)
    if match is None or not match.group("speaker").strip():
        return None
    speaker = match.group("speaker").strip()
    # Only the end can hold the stamp: searching the whole name from every position is quadratic.
    trailing = _TRAILING_NAME_STAMP.search(speaker, max(0, len(speaker) - _STAMP_WIDTH))
    if trailing:
        seconds = seconds if seconds is not None else _stamp_seconds(trailing)
        speaker = speaker[: trailing.start()].strip()
    text = (
        match.group("text") if "text" in pattern.groupindex and match.group("text") is not None else rest[match.end() :]
    )
    after = _LEADING_STAMP.match(text)
    if after:
        seconds = seconds if seconds is not None else _stamp_seconds(after)
        text = text[after.end() :]
    return speaker, text.strip(), seconds


def read_speaker_lines(lines: list[str], path: str, pattern_source: str | None) -> list[Cue]:
    """Cues from `Name: text` lines; lines that open no turn continue the one before.

    Lines before the first turn (a title, a date) become a turn without a speaker; a file in which
    no line opens a turn is refused, naming the pattern, rather than imported as one giant turn.
    """
    pattern = compile_speaker_pattern(pattern_source)
    cues: list[Cue] = []
    pending: list[str] = []
    speaker, start, first_line = "", None, 1
    opened = False
    for number, line in enumerate(lines, start=1):
        found = split_speaker(line, pattern) if line.strip() else None
        if found is None:
            if line.strip():
                pending.append(line.strip())
            continue
        cues.append(Cue(speaker, " ".join(pending), start, None, first_line))
        speaker, text, start = found
        pending, first_line, opened = [text], number, True
    cues.append(Cue(speaker, " ".join(pending), start, None, first_line))
    if not opened:
        shown_pattern = pattern_source or DEFAULT_SPEAKER_PATTERN
        raise InputError(
            f"no line matches the speaker pattern {shown_pattern!r}; pass --speaker-pattern", path=path, line=1
        )
    return cues


def read_otter_lines(lines: list[str], path: str) -> list[Cue]:
    """Cues from Otter-style exports: a header line `Name  0:03`, then the turn's text lines."""
    cues: list[Cue] = []
    speaker, start, first_line = "", None, 1
    pending: list[str] = []
    opened = False
    for number, line in enumerate(lines, start=1):
        header = OTTER_HEADER.fullmatch(line.strip()) if line.strip() else None
        if header is None:
            if line.strip():
                pending.append(line.strip())
            continue
        cues.append(Cue(speaker, " ".join(pending), start, None, first_line))
        speaker, start = header.group("speaker").strip(), parse_timestamp(header.group("time"))
        pending, first_line, opened = [], number, True
    cues.append(Cue(speaker, " ".join(pending), start, None, first_line))
    if not opened:
        raise InputError("no Otter header line ('Speaker 1  0:03') found", path=path, line=1)
    return cues


def looks_like_otter(lines: list[str]) -> bool:
    """True when some non-empty lines are Otter headers, each followed by a text line that is not one."""
    filled = [line.strip() for line in lines if line.strip()]
    headers = [index for index, line in enumerate(filled) if OTTER_HEADER.fullmatch(line)]
    return (
        bool(headers)
        and all(index + 1 < len(filled) and not OTTER_HEADER.fullmatch(filled[index + 1]) for index in headers)
        and len(headers) * 2 >= len(filled) * 0.8
    )


def looks_like_speaker_lines(lines: list[str]) -> bool:
    """True when at least two lines, and at least half the non-empty ones, open a `Name:` turn."""
    pattern = compile_speaker_pattern(None)
    filled = [line for line in lines if line.strip()]
    opening = sum(1 for line in filled if split_speaker(line, pattern) is not None)
    return opening >= 2 and opening * 2 >= len(filled)
