"""The coding core's document metadata: section under the cursor, attribute words, review steps, reports."""

from __future__ import annotations

import pytest

from annotator.coding.documents import (
    ReviewSteps,
    assignments_text,
    describe_document_action,
    facts_line,
    parse_assignments,
    replaced_report,
    section_at,
)
from annotator.coding.documents import TestimonyMetadata as Metadata  # not collected as a test class
from annotator.coding.history import history_step
from annotator.domain.errors import InputError
from annotator.domain.models import Passage
from annotator.storage import Project
from tests.support.coding import CODER, TEXT_A

PASSAGES = [
    Passage(document_id="A", start=0, end=36, section="4.1 Recruitment"),
    Passage(document_id="A", start=20, end=36, section="4.2 Bribes"),
    Passage(document_id="A", start=38, end=len(TEXT_A), section=""),
]


@pytest.mark.parametrize(
    ("offset", "section"),
    [(0, "4.1 Recruitment"), (19, "4.1 Recruitment"), (25, "4.2 Bribes"), (36, "4.2 Bribes"), (37, ""), (40, "")],
)
def test_the_section_is_the_innermost_named_passage_at_the_offset(offset: int, section: str) -> None:
    assert section_at(PASSAGES, offset) == section


def test_the_facts_line_puts_the_section_first() -> None:
    assert facts_line({"gender": "Male", "country": "China"}, "4.1") == "§ 4.1 · gender=Male · country=China"
    assert facts_line({"gender": "Male"}, "") == "gender=Male"
    assert facts_line({}, "") == ""


def test_attribute_words_round_trip_and_say_what_changes() -> None:
    current = {"gender": "Male", "country": "Arab Emirates", "age": "50"}
    typed = assignments_text(current)
    assert parse_assignments(typed, current) == ({}, [])
    edited = typed.replace("Male", "Female").replace("age=50", "") + " 'occupation=Farm work'"
    assert parse_assignments(edited, current) == ({"gender": "Female", "occupation": "Farm work"}, ["age"])


@pytest.mark.parametrize("typed", ["gender", "gender=Male gender=Female", "'country=Arab"])
def test_bad_attribute_words_are_refused(typed: str) -> None:
    with pytest.raises(InputError):
        parse_assignments(typed, {})


ITEMS = [
    {"entity": "span", "id": "s1", "coder": "alice", "code": "bribery", "start": 5, "end": 9, "old_quote": "x"},
    {"entity": "passage", "id": 3, "section": "4.2", "start": 20, "end": 30, "old_quote": "y"},
]


def test_review_items_are_stepped_through_like_hits_wrapping_around() -> None:
    steps = ReviewSteps(ITEMS)
    assert [item.start for item in steps.items] == [5, 20]
    assert steps.next_item((0, 0), 1).start == 5  # type: ignore[union-attr]
    assert steps.next_item((5, 9), 1).start == 20  # type: ignore[union-attr]
    assert steps.next_item((20, 30), 1).start == 5  # type: ignore[union-attr]
    assert steps.next_item((5, 9), -1).start == 20  # type: ignore[union-attr]
    assert steps.next_item((12, 12), -1).start == 5  # type: ignore[union-attr]
    assert ReviewSteps().next_item((0, 0), 1) is None
    assert steps.at(20, 30).key == ("passage", "3")  # type: ignore[union-attr]
    assert steps.at(7, 7).describe() == "span bribery 5–9 by alice"  # type: ignore[union-attr]
    assert steps.at(20, 30).describe() == "passage 4.2 20–30"  # type: ignore[union-attr]
    assert steps.at(12, 12) is None


def test_review_starts_at_an_item_at_the_cursor_even_at_offset_0() -> None:
    at_start = {**ITEMS[0], "id": "s0", "start": 0, "end": 4}
    steps = ReviewSteps([at_start, *ITEMS])
    assert steps.next_item((0, 0), 1).id == "s0"  # type: ignore[union-attr]
    steps = ReviewSteps([at_start, *ITEMS])
    assert steps.next_item((5, 5), 1).id == "s1"  # type: ignore[union-attr]
    steps = ReviewSteps([at_start, *ITEMS])
    assert steps.next_item((0, 4), 1).id == "s1"  # the item selected by hand is passed


def test_items_sharing_a_range_are_each_stepped_to() -> None:
    twin = {**ITEMS[0], "id": "s2", "coder": "bob"}
    steps = ReviewSteps([ITEMS[0], twin, ITEMS[1]])
    seen = [steps.next_item((0, 0), 1)]
    for _ in range(3):
        current = seen[-1]
        assert current is not None
        seen.append(steps.next_item((current.start, current.end), 1))
    assert [item.id for item in seen if item is not None] == ["s1", "s2", "3", "s1"]
    steps.next_item((5, 9), 1)
    assert steps.at(5, 9).id == "s2"  # type: ignore[union-attr]


def test_a_text_correction_is_reported_and_undone_by_name(project: Project) -> None:
    project.spans.add(CODER, "A", "bribery", TEXT_A.index("We paid"), TEXT_A.index("bribe.") + 6)
    project.spans.add(CODER, "A", "wage", 0, 5)
    replaced = project.documents.replace_text(CODER, "A", TEXT_A.replace("They took", "Th"))
    report = replaced_report(replaced)
    assert report.startswith("Text of A corrected: 0 span(s) kept, 1 moved, 0 re-anchored")
    assert f"{len(replaced.review)} item(s) to review" in report
    assert "They" not in report and "bribe" not in report  # counts, never the text
    undone = project.history.undo(CODER)
    assert undone is not None
    assert describe_document_action(undone) == "the text correction of A"
    assert history_step(undone, "Undone").message == "Undone: the text correction of A."


def test_attribute_changes_and_resolved_items_are_named(project: Project) -> None:
    project.documents.set_attributes(CODER, "A", {"gender": "Female"})
    undone = project.history.undo(CODER)
    assert undone is not None and describe_document_action(undone) == "the attribute change of A"
    project.spans.add(CODER, "A", "wage", 0, 9)
    project.documents.replace_text(CODER, "A", "Th" + TEXT_A[9:])
    item = project.reviews.list("A")[0]
    project.reviews.resolve(CODER, "A", [(item["entity"], item["id"])])
    undone = project.history.undo(CODER)
    assert undone is not None and describe_document_action(undone) == "a review item resolved in A"
    assert project.reviews.list("A") == [item]


def test_metadata_counts_what_is_left_to_review(project: Project) -> None:
    project.documents.set_attributes(CODER, "A", {"gender": "Male"})
    project.spans.add(CODER, "A", "wage", 0, 9)
    project.documents.replace_text(CODER, "A", "Th" + TEXT_A[9:])
    metadata = Metadata(project, project.documents.get("A"), CODER, False)
    assert metadata.facts(0) == "gender=Male · 1 to review"
    project.reviews.resolve(CODER, "A", [item.key for item in metadata.review.items])
    metadata.reread_review(project)
    assert metadata.facts(0) == "gender=Male"
