"""WebVTT (`.vtt`, with `<v Name>` voice tags as MS Teams writes them) and SubRip (`.srt`) subtitles as cues."""

from __future__ import annotations

import html
import re

from annotator.domain.errors import InputError
from annotator.transcripts.model import Cue
from annotator.transcripts.speaker_lines import compile_speaker_pattern, split_speaker
from annotator.transcripts.timestamps import TIMESTAMP, parse_timestamp

_TIMING = re.compile(rf"\s*({TIMESTAMP})\s*-->\s*({TIMESTAMP})(?:\s.*)?")  # cue settings may follow
# A voice tag's inside (`v.loud Mira Lee`), matched whole against one tag found by _tags: the class
# names and the blank before the name share no character, so nothing is tried twice.
_VOICE = re.compile(r"v(?:\.[\w.-]+)?\s+([^>]+)")
_NON_CUE_BLOCKS = ("NOTE", "STYLE", "REGION")
_CUE_NUMBER = re.compile(r"\s*[0-9]+\s*")  # ASCII digits: str.isdigit() also takes Arabic-Indic ones


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the (1-based) number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _timing(line: str, path: str, number: int, example: str) -> tuple[float, float]:
    match = _TIMING.fullmatch(line)
    start = parse_timestamp(match.group(1)) if match else None
    end = parse_timestamp(match.group(2)) if match else None
    if start is None or end is None:
        raise InputError(f"not a cue timing line (expected e.g. {example})", path=path, line=number)
    if end < start:
        raise InputError("the cue ends before it starts", path=path, line=number)
    return start, end


def _tags(raw: str) -> list[tuple[int, int]]:
    """Where each `<...>` tag of a cue's text starts and ends, found in one pass.

    A regular expression such as `<[^>]*>` tried from every `<` runs to the line's end each time
    when no `>` follows (`<v x<v x<v x...`), which is quadratic; finding the next `>` once per tag
    is linear. A `<` with no `>` after it is text, as is every `<` after it.
    """
    found: list[tuple[int, int]] = []
    start = raw.find("<")
    while start != -1:
        end = raw.find(">", start + 1)
        if end == -1:
            break
        found.append((start, end + 1))
        start = raw.find("<", end + 1)
    return found


def _cue(
    payload: list[str], start: float, end: float, number: int, previous: str, speaker_pattern: re.Pattern[str]
) -> Cue:
    """A cue's speaker from its voice tag or a `Name:` prefix; a cue naming none goes on with the last speaker."""
    raw = " ".join(line.strip() for line in payload)
    tags = _tags(raw)
    voices = (_VOICE.fullmatch(raw, opens + 1, closes - 1) for opens, closes in tags)
    voice = next((found for found in voices if found), None)
    kept, after = [], 0
    for opens, closes in tags:
        kept.append(raw[after:opens])
        after = closes
    kept.append(raw[after:])
    text = html.unescape("".join(kept)).strip()
    speaker = voice.group(1).strip() if voice else None
    if speaker is None:
        found = split_speaker(text, speaker_pattern)
        if found is not None:
            speaker, text, _ = found
    return Cue(speaker if speaker is not None else previous, text, start, end, number)


def read_vtt(lines: list[str], path: str, pattern_source: str | None = None) -> list[Cue]:
    """Cues of a WebVTT file; the `WEBVTT` header is required, NOTE / STYLE / REGION blocks are skipped."""
    if not lines or not lines[0].startswith("WEBVTT"):
        raise InputError("is not WebVTT: the first line must be 'WEBVTT'", path=path, line=1)
    pattern = compile_speaker_pattern(pattern_source)
    cues: list[Cue] = []
    for first, block in _blocks(lines)[1:]:
        if block[0].split(maxsplit=1)[0] in _NON_CUE_BLOCKS:
            continue
        timing_index = 0 if "-->" in block[0] else 1  # an identifier line may come first
        if timing_index >= len(block):
            raise InputError("a cue without a timing line", path=path, line=first)
        start, end = _timing(block[timing_index], path, first + timing_index, "00:01.000 --> 00:04.000")
        _refuse_timing_in_text(block, timing_index + 1, first, path)
        previous = cues[-1].speaker if cues else ""
        cues.append(_cue(block[timing_index + 1 :], start, end, first, previous, pattern))
    return cues


def read_srt(lines: list[str], path: str, pattern_source: str | None = None) -> list[Cue]:
    """Cues of a SubRip file: a number line, a timing line, the text lines, a blank line.

    A cue that runs into the next one without the blank line (a number line then a timing line
    among its text lines) is read as two cues, never glued into one."""
    pattern = compile_speaker_pattern(pattern_source)
    cues: list[Cue] = []
    for first, block in _srt_blocks(_blocks(lines)):
        if not _CUE_NUMBER.fullmatch(block[0]):
            raise InputError("expected a cue number line", path=path, line=first)
        if len(block) < 2:
            raise InputError("a cue without a timing line", path=path, line=first)
        start, end = _timing(block[1], path, first + 1, "00:00:01,000 --> 00:00:04,000")
        _refuse_timing_in_text(block, 2, first, path)
        previous = cues[-1].speaker if cues else ""
        cues.append(_cue(block[2:], start, end, first, previous, pattern))
    if not cues:
        raise InputError("holds no SubRip cues", path=path, line=1)
    return cues


def _srt_blocks(blocks: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The blocks with each one cut where a cue number line and a timing line start another cue."""
    cut: list[tuple[int, list[str]]] = []
    for first, block in blocks:
        begins = 0
        for index in range(2, len(block) - 1):
            if _CUE_NUMBER.fullmatch(block[index]) and _TIMING.fullmatch(block[index + 1]):
                cut.append((first + begins, block[begins:index]))
                begins = index
        cut.append((first + begins, block[begins:]))
    return cut


def _refuse_timing_in_text(block: list[str], payload: int, first: int, path: str) -> None:
    """A timing line among a cue's text lines is the next cue run into this one: refused, not glued."""
    for index in range(payload, len(block)):
        if _TIMING.fullmatch(block[index]):
            raise InputError(
                "a cue timing line inside the cue before it; put a blank line between cues",
                path=path,
                line=first + index,
            )


def looks_like_srt(lines: list[str]) -> bool:
    """True when the first non-blank lines are a cue number and a timing line."""
    filled = [line for line in lines[:20] if line.strip()]
    return len(filled) >= 2 and _CUE_NUMBER.fullmatch(filled[0]) is not None and "-->" in filled[1]
