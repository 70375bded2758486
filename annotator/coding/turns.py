"""A testimony's speaker turns as the coding screen uses them: the turn at the cursor, stepping, coding by speaker."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.coding.span_index import SpanIndex
from annotator.domain.models import Passage, Span
from annotator.storage import NewSpan, Project
from annotator.transcripts.passages import TURN_KIND, TurnLookup
from annotator.transcripts.timestamps import stored_seconds

PARTICIPANT = "participant"
NO_PARTICIPANT = "No speaker has the role participant: set one with `annotator speakers role NAME participant`."
ALL_TOUCHED = "Every participant turn has a span of yours."


def clock(seconds: float) -> str:
    """Seconds as `HH:MM:SS` (whole seconds: a label, not a timestamp to read back)."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


@dataclass(frozen=True)
class TurnInfo:
    """One turn: its offsets in the text, its speaker, role ('' when none) and start time in seconds."""

    start: int
    end: int
    speaker: str
    role: str = ""
    time: float | None = None

    @classmethod
    def of(cls, passage: Passage) -> TurnInfo:
        """A turn passage's offsets, speaker, role and start time."""
        attributes = passage.attributes
        time = attributes.get("start")
        return cls(
            passage.start,
            passage.end,
            attributes.get("speaker", ""),
            attributes.get("role", ""),
            stored_seconds(time),  # `nan` in a project edited by hand reads as no time
        )

    @property
    def label(self) -> str:
        """`Interviewer · 00:03:40` (the speaker alone when the time is unknown)."""
        return self.speaker if self.time is None else f"{self.speaker} · {clock(self.time)}"


@dataclass(frozen=True)
class Group:
    """Whose turns a bulk coding takes: a speaker (`kind` 'speaker') or a role ('role'), with the turns."""

    kind: str
    name: str
    turns: tuple[TurnInfo, ...]


class Turns:
    """The turns of one testimony in text order (none for a document that is not a transcript)."""

    def __init__(self, turns: Iterable[TurnInfo] = ()) -> None:
        self.turns = sorted(turns, key=lambda turn: turn.start)
        self._starts = [turn.start for turn in self.turns]
        self._ends = [turn.end for turn in self.turns]

    @classmethod
    def from_passages(cls, passages: Iterable[Passage]) -> Turns:
        """The turns among a document's passages (`kind: turn`)."""
        return cls(TurnInfo.of(passage) for passage in passages if passage.attributes.get("kind") == TURN_KIND)

    def __bool__(self) -> bool:
        return bool(self.turns)

    def at(self, offset: int) -> TurnInfo | None:
        """The turn holding `offset` (its end included); in the blank line between two, the next one."""
        index = bisect_left(self._ends, offset)
        return self.turns[index] if index < len(self.turns) else None

    def neighbour(self, offset: int, direction: int) -> TurnInfo | None:
        """The first turn starting after `offset` (1), or the last starting before it (-1); None past the ends."""
        if direction > 0:
            index = bisect_right(self._starts, offset)
            return self.turns[index] if index < len(self.turns) else None
        index = bisect_left(self._starts, offset) - 1
        return self.turns[index] if index >= 0 else None

    def selection(self, start: int, end: int) -> tuple[int, int] | None:
        """What the turn key selects: without a selection the turn at the cursor, with one the selection
        grown to the end of the next turn ending after it; None when there is no (further) turn."""
        if end > start:
            index = bisect_right(self._ends, end)
            return (start, self.turns[index].end) if index < len(self.turns) else None
        turn = self.at(start)
        return (turn.start, turn.end) if turn is not None else None

    def is_participant(self, turn: TurnInfo) -> bool:
        """A participant's turn: role `participant` when any speaker has a role, else any speaker but the first."""
        if any(other.role for other in self.turns):
            return turn.role == PARTICIPANT
        return turn.speaker != self.turns[0].speaker

    def lacks_participant(self) -> bool:
        """Whether speakers have roles but none is `participant` (so no turn counts as a participant's)."""
        return any(turn.role for turn in self.turns) and not any(turn.role == PARTICIPANT for turn in self.turns)

    def none_untouched(self) -> str:
        """What to say when `next_untouched` finds nothing: every participant turn is coded, or there
        is no participant to find."""
        return NO_PARTICIPANT if self.lacks_participant() else ALL_TOUCHED

    def next_untouched(self, offset: int, spans: SpanIndex, coder: str) -> TurnInfo | None:
        """The first participant turn starting after `offset` that no span of `coder` touches
        (overlaps), wrapping round to the text's start; None when every one is touched."""
        begin = bisect_right(self._starts, offset)
        for turn in self.turns[begin:] + self.turns[:begin]:
            touching = spans.overlapping(turn.start, turn.end)
            if self.is_participant(turn) and not any(span.coder == coder for span in touching):
                return turn
        return None

    def groups(self) -> list[Group]:
        """Each speaker, then each role, with their turns (in order of first appearance)."""
        speakers: dict[str, list[TurnInfo]] = {}
        roles: dict[str, list[TurnInfo]] = {}
        for turn in self.turns:
            speakers.setdefault(turn.speaker, []).append(turn)
            if turn.role:
                roles.setdefault(turn.role, []).append(turn)
        return [Group("speaker", name, tuple(turns)) for name, turns in speakers.items()] + [
            Group("role", name, tuple(turns)) for name, turns in roles.items()
        ]


def group_spans(document_id: str, code_id: str, group: Group, spans: Iterable[Span], coder: str) -> list[NewSpan]:
    """The spans that code every turn of a group with a code, leaving out turns the coder already coded so."""
    done = {(span.start, span.end) for span in spans if span.coder == coder and span.code_id == code_id}
    return [
        NewSpan(document_id, code_id, turn.start, turn.end)
        for turn in group.turns
        if (turn.start, turn.end) not in done
    ]


def segment_turns(project: Project, spans: Iterable[Span]) -> dict[str, TurnInfo]:
    """The turn each span starts in, by span id (as the span exports name it); spans in documents
    without turns are left out. Reads only the passages of the spans' documents."""
    spans = list(spans)
    documents = sorted({span.document_id for span in spans})
    lookup = TurnLookup([passage for document_id in documents for passage in project.documents.passages(document_id)])
    found: dict[str, TurnInfo] = {}
    for span in spans:
        passage = lookup.at(span.document_id, span.start)
        if passage is not None:
            found[span.id] = TurnInfo.of(passage)
    return found
