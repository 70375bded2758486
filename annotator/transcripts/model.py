"""Cues as a reader finds them, and the transcript they assemble into: one paragraph per speaker turn."""

from __future__ import annotations

from dataclasses import dataclass, field

TURN_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Cue:
    """One piece of speech as the file holds it: who, what, when (seconds), and the line it starts on."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None


@dataclass(frozen=True)
class Turn:
    """A speaker's turn: its code-point offsets in the document text, its speaker and times (seconds)."""

    start_offset: int
    end_offset: int
    speaker: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Transcript:
    """A document text (the turns in order, a blank line between) and its turns."""

    text: str
    turns: list[Turn] = field(default_factory=list)


def assemble(cues: list[Cue]) -> Transcript:
    """Join consecutive cues of one speaker into one turn and lay the turns out as paragraphs.

    The spoken words are kept as written; cues of one turn are joined with a space, since a cue
    boundary is where the subtitle tool cut a line, not where the speaker stopped.
    """
    merged: list[Cue] = []
    for cue in cues:
        words = cue.text.strip()
        if not words:
            continue
        if merged and merged[-1].speaker == cue.speaker:
            last = merged[-1]
            end = cue.end if cue.end is not None else last.end
            merged[-1] = Cue(last.speaker, f"{last.text} {words}", last.start, end, last.line)
        else:
            merged.append(Cue(cue.speaker, words, cue.start, cue.end, cue.line))
    pieces: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for cue in merged:
        if pieces:
            offset += len(TURN_SEPARATOR)
        turns.append(Turn(offset, offset + len(cue.text), cue.speaker, cue.start, cue.end))
        pieces.append(cue.text)
        offset += len(cue.text)
    return Transcript(TURN_SEPARATOR.join(pieces), turns)
