"""Turns as passages: `kind: turn` with the speaker and the start / end seconds in the passage's attributes."""

from __future__ import annotations

from annotator.domain.models import Passage
from annotator.transcripts.model import Transcript, Turn

TURN_KIND = "turn"


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def turn_passages(document_id: str, transcript: Transcript) -> list[Passage]:
    """One passage per turn of the transcript."""
    return [
        Passage(
            document_id=document_id,
            start=turn.start_offset,
            end=turn.end_offset,
            section="",
            attributes={
                key: value
                for key, value in (
                    ("kind", TURN_KIND),
                    ("speaker", turn.speaker),
                    ("start", _seconds(turn.start)),
                    ("end", _seconds(turn.end)),
                )
                if value
            },
        )
        for turn in transcript.turns
    ]


def passage_turns(passages: list[Passage]) -> list[Turn]:
    """The turns among a document's passages, in offset order."""
    return [
        Turn(
            passage.start,
            passage.end,
            passage.attributes.get("speaker", ""),
            float(passage.attributes["start"]) if passage.attributes.get("start") else None,
            float(passage.attributes["end"]) if passage.attributes.get("end") else None,
        )
        for passage in sorted(passages, key=lambda p: p.start)
        if passage.attributes.get("kind") == TURN_KIND
    ]
