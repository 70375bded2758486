"""Turns as passages: `kind: turn` with the speaker and the start / end seconds (exact decimal text) in the passage's attributes."""

from __future__ import annotations

from bisect import bisect_right

from annotator.domain.models import Passage
from annotator.transcripts.model import Transcript, Turn
from annotator.transcripts.timestamps import seconds_text, stored_seconds

TURN_KIND = "turn"


def _seconds(value: float | None) -> str:
    # Exact milliseconds as decimal text: `{:g}` kept 6 significant digits (10800.123 became 10800.1).
    return "" if value is None else seconds_text(value)


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
            stored_seconds(passage.attributes.get("start")),
            stored_seconds(passage.attributes.get("end")),
        )
        for passage in sorted(passages, key=lambda p: p.start)
        if passage.attributes.get("kind") == TURN_KIND
    ]


class TurnLookup:
    """The turn each offset of a document lies in (a span's turn is the one it starts in)."""

    def __init__(self, passages: list[Passage]) -> None:
        self._turns: dict[str, list[Passage]] = {}
        for passage in sorted(passages, key=lambda p: (p.document_id, p.start)):
            if passage.attributes.get("kind") == TURN_KIND:
                self._turns.setdefault(passage.document_id, []).append(passage)
        self._ends = {doc: [turn.end for turn in turns] for doc, turns in self._turns.items()}

    def at(self, document_id: str, offset: int) -> Passage | None:
        """The turn holding `offset`; in the blank line between two turns, the next one; else None."""
        ends = self._ends.get(document_id)
        if not ends:
            return None
        index = bisect_right(ends, offset)
        return self._turns[document_id][index] if index < len(ends) else None

    def speakers(self) -> list[str]:
        """Every speaker, in order of first appearance (documents in id order)."""
        return list(
            dict.fromkeys(turn.attributes.get("speaker", "") for turns in self._turns.values() for turn in turns)
        )

    def roles(self) -> list[str]:
        """Every role given to a speaker, in order of first appearance."""
        found = (turn.attributes.get("role", "") for turns in self._turns.values() for turn in turns)
        return [role for role in dict.fromkeys(found) if role]
