"""Speaker turns in the coding core: the turn at the cursor, stepping, the next untouched participant turn,
the spans that code every turn of a speaker or role, and a transcript read with its turns."""

from __future__ import annotations

from pathlib import Path

from annotator.coding.offsets import LineOffsets
from annotator.coding.session import read_document
from annotator.coding.span_index import SpanIndex
from annotator.coding.turns import Group, TurnInfo, Turns, clock, group_spans, segment_turns
from annotator.domain.models import Passage, Span
from annotator.exchange.transcripts import read_transcript, transcript_document
from annotator.storage import NewSpan, Project
from tests.support.coding import INTERVIEWER, TURNS_TEXT, WITNESS, four_turns
from tests.support.transcripts import SAMPLE


def _index(*ranges: tuple[int, int], coder: str = "tester") -> SpanIndex:
    lines = LineOffsets(TURNS_TEXT)
    return SpanIndex(
        lines,
        [Span(f"s{n}", "A", "wage", coder, start, end, TURNS_TEXT[start:end]) for n, (start, end) in enumerate(ranges)],
    )


def test_the_turn_at_an_offset_is_the_one_holding_it_or_the_next_after_a_blank_line() -> None:
    turns = four_turns()
    first, second = turns.turns[0], turns.turns[1]
    assert turns.at(0) == first
    assert turns.at(first.end) == first  # the cursor right after the last word
    assert turns.at(first.end + 1) == second  # the blank line between them
    assert turns.at(len(TURNS_TEXT) + 5) is None
    assert not Turns() and Turns().at(0) is None


def test_stepping_goes_turn_by_turn_and_stops_at_the_ends() -> None:
    turns = four_turns()
    starts = [turn.start for turn in turns.turns]
    offset, seen = 0, []
    while (turn := turns.neighbour(offset, 1)) is not None:
        seen.append(turn.start)
        offset = turn.start
    assert seen == starts[1:]
    assert turns.neighbour(starts[2] + 2, -1) == turns.turns[2]  # inside a turn: back to its start
    assert turns.neighbour(starts[2], -1) == turns.turns[1]
    assert turns.neighbour(0, -1) is None


def test_participants_are_the_role_when_roles_are_set_else_everyone_but_the_first_speaker() -> None:
    for turns in (four_turns(), four_turns(roles=True)):
        assert [turns.is_participant(turn) for turn in turns.turns] == [False, True, False, True]
    third = Turns([*four_turns().turns, TurnInfo(len(TURNS_TEXT) + 2, len(TURNS_TEXT) + 5, "Translator")])
    assert third.is_participant(third.turns[-1])
    with_roles = Turns(
        [*four_turns(roles=True).turns, TurnInfo(len(TURNS_TEXT) + 2, len(TURNS_TEXT) + 5, "Translator")]
    )
    assert not with_roles.is_participant(with_roles.turns[-1])  # roles set, and the translator has none


def test_the_next_untouched_participant_turn_skips_turns_touched_by_the_coders_own_spans() -> None:
    turns = four_turns()
    second, fourth = turns.turns[1], turns.turns[3]
    assert turns.next_untouched(0, _index(), "tester") == second
    # One character of the coder's span inside the second turn is enough to touch it.
    assert turns.next_untouched(0, _index((second.end - 1, second.end)), "tester") == fourth
    # A span ending where the turn starts does not touch it; another coder's spans do not count.
    assert turns.next_untouched(0, _index((0, second.start)), "tester") == second
    assert turns.next_untouched(0, _index((second.start, second.end), coder="bob"), "tester") == second
    # From the last participant turn it wraps round to the first; with every one touched, None.
    assert turns.next_untouched(fourth.start, _index(), "tester") == second
    assert turns.next_untouched(0, _index((second.start, fourth.end)), "tester") is None


def test_group_spans_code_every_turn_of_a_speaker_or_role_but_not_twice() -> None:
    turns = four_turns(roles=True)
    groups = {(group.kind, group.name): group for group in turns.groups()}
    assert list(groups) == [
        ("speaker", INTERVIEWER),
        ("speaker", WITNESS),
        ("role", "interviewer"),
        ("role", "participant"),
    ]
    witness = groups[("speaker", WITNESS)]
    second, fourth = turns.turns[1], turns.turns[3]
    assert group_spans("A", "wage", witness, [], "tester") == [
        NewSpan("A", "wage", second.start, second.end),
        NewSpan("A", "wage", fourth.start, fourth.end),
    ]
    already = [Span("s", "A", "wage", "tester", second.start, second.end, "")]
    assert group_spans("A", "wage", witness, already, "tester") == [NewSpan("A", "wage", fourth.start, fourth.end)]
    assert len(group_spans("A", "bribery", witness, already, "tester")) == 2  # another code: both turns
    assert group_spans("A", "wage", Group("role", "none", ()), [], "tester") == []


def test_a_turn_label_is_the_speaker_and_the_time_when_known() -> None:
    assert clock(220.7) == "00:03:40"
    assert clock(3725) == "01:02:05"
    assert TurnInfo(0, 1, INTERVIEWER, time=220.0).label == "Interviewer · 00:03:40"
    assert TurnInfo(0, 1, INTERVIEWER).label == "Interviewer"


def test_turns_come_from_turn_passages_only(tmp_path: Path) -> None:
    passages = [
        Passage(document_id="A", start=5, end=9, section="", attributes={"kind": "turn", "speaker": "B", "start": "4"}),
        Passage(document_id="A", start=0, end=3, section="", attributes={"kind": "turn", "speaker": "A", "role": "x"}),
        Passage(document_id="A", start=0, end=9, section="intro", attributes={}),
    ]
    assert Turns.from_passages(passages).turns == [TurnInfo(0, 3, "A", "x", None), TurnInfo(5, 9, "B", "", 4.0)]


def test_a_loaded_transcript_carries_its_turns_and_a_plain_document_none(project: Project) -> None:
    transcript = read_transcript(SAMPLE)
    assert transcript is not None
    document, passages = transcript_document(SAMPLE, transcript)
    project.documents.add([document], passages)
    loaded = read_document(project, "tester", document.id, False)
    assert [turn.label for turn in loaded.turns.turns] == [
        "Interviewer · 00:00:00",
        "Mira Lee · 00:00:04",
        "Interviewer · 00:00:18",
        "Mira Lee · 00:00:21",
    ]
    assert not read_document(project, "tester", "A", False).turns


def test_the_turn_key_selects_the_turn_at_the_cursor_then_grows_by_the_next_turn() -> None:
    turns = four_turns()
    first, second = turns.turns[0], turns.turns[1]
    assert turns.selection(3, 3) == (first.start, first.end)
    assert turns.selection(first.start, first.end) == (first.start, second.end)
    assert turns.selection(5, 8) == (5, first.end)  # a selection inside a turn grows to its end
    last = turns.turns[-1]
    assert turns.selection(first.start, last.end) is None
    assert Turns().selection(0, 0) is None


def test_segment_turns_name_the_turn_each_span_starts_in(project: Project) -> None:
    transcript = read_transcript(SAMPLE)
    assert transcript is not None
    document, passages = transcript_document(SAMPLE, transcript)
    project.documents.add([document], passages)
    answer = document.text.index("Only twice")
    inside = project.spans.add("tester", document.id, "wage", answer, answer + 4)
    # Starting in the blank line before a turn: that turn (as the span exports say).
    before = project.spans.add("tester", document.id, "wage", answer - 1, answer + 4)
    plain = project.spans.add("tester", "A", "wage", 0, 4)
    found = segment_turns(project, [inside, before, plain])
    assert found[inside.id].label == found[before.id].label == "Mira Lee · 00:00:21"
    assert plain.id not in found


def test_code_all_hits_widened_to_turns_codes_each_turn_holding_a_hit_once(project: Project) -> None:
    """On a transcript, `a` widened to turns codes the turns holding hits: two hits in one turn make
    one range, a hit's turn is taken whole, and turns without a hit are left alone."""
    from annotator.coding.search import SearchTerms
    from annotator.coding.testimony import OpenTestimony

    transcript = read_transcript(SAMPLE)
    assert transcript is not None
    document, passages = transcript_document(SAMPLE, transcript)
    project.documents.add([document], passages)
    shown = OpenTestimony(read_document(project, "tester", document.id, False), "tester")
    turns = shown.turns.turns
    shown.run_search(SearchTerms("w", widen="turn"))  # "Where", "work", "worked", "We", "Were", "whole", ...
    holding = [turn for turn in turns if any(turn.start <= hit[0] < turn.end for hit in shown.search.hits)]
    assert len(shown.search.hits) > len(holding)  # some turn holds two hits
    assert shown.hit_ranges() == [(turn.start, turn.end) for turn in holding]
    shown.run_search(SearchTerms("twice", widen="turn"))
    assert shown.hit_ranges() == [(turns[-1].start, turns[-1].end)]
