"""The suggestions store: suggestions are derived rows; accepting adds one span of the accepting coder
as one undoable action, rejecting is remembered and undoable; packets never carry them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.models import Code, Codebook
from annotator.domain.suggestions import Suggestion, suggestion_id
from annotator.exchange.packet import make_packet
from annotator.storage import Project
from annotator.storage.check import check_database
from annotator.storage.suggestions import accepted_provenance
from annotator.storage.workflows.merge import apply_merge, plan_merge
from annotator.suggestions.suggester import SUGGESTER_VERSION


def _suggestion(coder: str, doc: str, start: int, end: int, code: str, score: float = 0.8) -> Suggestion:
    return Suggestion(
        suggestion_id(coder, doc, start, end, code), doc, start, end, code, score, "bribe", "sentence", "t-1"
    )


def test_replace_for_keeps_one_set_per_coder_and_document(small_project: Path) -> None:
    with Project.open(small_project) as project:
        first = _suggestion("ann", "A", 38, 67, "bribery")
        project.suggestions.replace_for("ann", "A", [first, _suggestion("ann", "A", 0, 37, "wage-deduction")])
        project.suggestions.replace_for("bob", "A", [_suggestion("bob", "A", 38, 67, "bribery")])
        project.suggestions.replace_for("ann", "A", [first])
        assert project.suggestions.of("ann", "A") == [first]
        assert [s.id for s in project.suggestions.of("bob", "A")] == [suggestion_id("bob", "A", 38, 67, "bribery")]
        assert project.suggestions.get(first.id) == first
        assert project.history.events() == []  # derived rows: no action, nothing to undo


def test_accept_adds_one_span_of_the_coder_whose_event_names_the_suggestion(small_project: Path) -> None:
    with Project.open(small_project) as project:
        offered = _suggestion("ann", "A", 38, 67, "bribery", 0.73)
        project.suggestions.replace_for("ann", "A", [offered])
        action = project.suggestions.accept("ann", offered.id)
        (span,) = project.spans.select()
        assert (span.coder, span.code_id, span.start, span.end) == ("ann", "bribery", 38, 67)
        assert span.text == "We paid a bribe to be chosen."
        (event,) = project.history.events()
        assert event.kind == "add" and event.batch == action.batch
        assert event.detail == {"suggestion": offered.id, "suggester": "t-1", "score": 0.73, "unit": "sentence"}
        assert project.suggestions.of("ann", "A") == []  # coded now: no longer proposed
        project.history.undo("ann")
        assert project.spans.select() == []
        assert project.suggestions.of("ann", "A") == [offered]
        assert list(check_database(project.db)) == []


def test_accept_with_another_code_also_rejects_the_suggested_one(small_project: Path) -> None:
    with Project.open(small_project) as project:
        offered = _suggestion("ann", "A", 38, 67, "bribery")
        project.suggestions.replace_for("ann", "A", [offered])
        project.suggestions.accept("ann", offered.id, code_id="surveillance")
        assert [span.code_id for span in project.spans.select()] == ["surveillance"]
        assert project.suggestions.rejected("ann") == {("A", 38, 67, "bribery")}
        project.history.undo("ann")
        assert project.spans.select() == [] and project.suggestions.rejected("ann") == set()


def test_reject_is_remembered_undoable_and_never_proposed_again(small_project: Path) -> None:
    with Project.open(small_project) as project:
        offered = _suggestion("ann", "A", 38, 67, "bribery")
        project.suggestions.replace_for("ann", "A", [offered])
        project.suggestions.reject("ann", offered.id)
        assert project.suggestions.rejected("ann") == {("A", 38, 67, "bribery")}
        project.suggestions.replace_for("ann", "A", [offered])  # the suggester proposes it again
        assert project.suggestions.of("ann", "A") == []
        assert project.spans.select() == []
        project.history.undo("ann")
        assert project.suggestions.of("ann", "A") == [offered]
        project.history.redo("ann")
        assert project.suggestions.rejected("ann") == {("A", 38, 67, "bribery")}
        assert list(check_database(project.db)) == []


def test_a_coder_cannot_act_on_another_coders_or_a_closed_suggestion(small_project: Path) -> None:
    with Project.open(small_project) as project:
        offered = _suggestion("ann", "A", 38, 67, "bribery")
        project.suggestions.replace_for("ann", "A", [offered])
        with pytest.raises(InputError, match="made for coder 'ann', not 'bob'"):
            project.suggestions.accept("bob", offered.id)
        project.suggestions.reject("ann", offered.id)
        with pytest.raises(InputError, match="rejected or its unit is coded"):
            project.suggestions.accept("ann", offered.id)
        with pytest.raises(InputError, match="no suggestion 'nope'"):
            project.suggestions.reject("ann", "nope")
        assert project.spans.select() == []


def test_accept_reads_the_suggestion_inside_its_write(small_project: Path) -> None:
    """Another window rejected it after this one listed it: the accept is refused, nothing written."""
    with Project.open(small_project) as first, Project.open(small_project) as second:
        offered = _suggestion("ann", "A", 38, 67, "bribery")
        first.suggestions.replace_for("ann", "A", [offered])
        listed = first.suggestions.of("ann", "A")
        second.suggestions.reject("ann", offered.id)
        with pytest.raises(InputError, match="rejected"):
            first.suggestions.accept("ann", listed[0].id)
        assert first.spans.select() == []


def test_packets_carry_no_suggestions_and_merge_an_accept_but_not_the_rejections(
    small_project: Path, tmp_path: Path
) -> None:
    with Project.open(small_project) as project:
        project.suggestions.replace_for("cho", "A", [_suggestion("cho", "A", 38, 67, "bribery")])
        packet_path = make_packet(project, tmp_path / "cho.db", "cho").path
    with Project.open(packet_path) as packet:
        assert packet.suggestions.of("cho", "A") == []
        offered = [_suggestion("cho", "A", 38, 67, "bribery"), _suggestion("cho", "A", 0, 37, "wage-deduction")]
        packet.suggestions.replace_for("cho", "A", offered)
        packet.suggestions.accept("cho", offered[0].id, code_id="surveillance")  # span + rejection, one batch
        packet.suggestions.reject("cho", offered[1].id)
        packet.history.undo("cho")
        packet.history.redo("cho")
    with Project.open(small_project) as project, Project.open(packet_path) as packet:
        apply_merge(project, plan_merge(project, packet), coder="lead", source="cho.db")
        assert [(s.coder, s.code_id, s.start, s.end) for s in project.spans.select()] == [
            ("cho", "surveillance", 38, 67)
        ]
        assert project.suggestions.rejected("cho") == set()
        assert list(check_database(project.db)) == []


def test_a_merged_accept_keeps_its_events_word_on_where_it_came_from(small_project: Path, tmp_path: Path) -> None:
    # A code id near the longest allowed: accepting a suggestion of it as another code must not make
    # the packet's event detail too long for the merge to take.
    long_code = "a-" + "x" * 76
    with Project.open(small_project) as project:
        project.codes.add_codebook(Codebook(name="long", codes=(Code(id=long_code, name="Long"),)))
        packet_path = make_packet(project, tmp_path / "cho.db", "cho").path
    with Project.open(packet_path) as packet:
        named = _suggestion("cho", "A", 0, 37, long_code)
        offered = [_suggestion("cho", "A", 38, 67, "bribery", 0.61), replace(named, suggester=SUGGESTER_VERSION)]
        packet.suggestions.replace_for("cho", "A", offered)
        packet.suggestions.accept("cho", offered[0].id)
        packet.suggestions.accept("cho", offered[1].id, code_id="wage-deduction")
        there = {e.span_id: e.detail for e in packet.history.events(coder="cho") if e.entity == "span"}
    with Project.open(small_project) as project, Project.open(packet_path) as packet:
        apply_merge(project, plan_merge(project, packet), coder="lead", source="cho.db")
        spans = {span.id: span for span in project.spans.select()}
        assert sorted((s.code_id, s.start) for s in spans.values()) == [("bribery", 38), ("wage-deduction", 0)]
        here = {e.span_id: e.detail for e in project.history.events(coder="cho") if e.entity == "span"}
    assert set(here) == set(spans) == set(there)
    for span_id, detail in here.items():
        # The suggestion, the suggester's version, the score and the unit came along with the span.
        assert {key: detail[key] for key in there[span_id]} == there[span_id]
        assert detail["packet"] == "cho.db"
    assert here[next(i for i, s in spans.items() if s.code_id == "wage-deduction")]["suggested_code"] == long_code


def test_a_packets_word_on_a_suggestion_is_checked_before_it_is_kept() -> None:
    good = {"suggestion": "abc", "suggester": "v1", "score": 0.5, "unit": "paragraph", "packet_batch": "forged"}
    assert accepted_provenance(good) == {"suggestion": "abc", "suggester": "v1", "score": 0.5, "unit": "paragraph"}
    assert accepted_provenance({"suggester": "v1", "score": 0.5}) == {}  # names no suggestion: nothing
    hostile = {"suggestion": "abc", "suggester": "x" * 101, "score": 7, "unit": ["paragraph"], "suggested_code": True}
    assert accepted_provenance(hostile) == {"suggestion": "abc"}
    assert accepted_provenance({"suggestion": "abc", "score": True}) == {"suggestion": "abc"}
