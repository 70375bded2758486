"""The legend's codes: those of the visible spans in a stretch of text, each once, in the order they show."""

from __future__ import annotations

from annotator.coding.session import CodingSession, read_document
from annotator.coding.testimony import OpenTestimony
from tests.support.coding import CODER, OTHER, TEXT_A, open_testimony


def test_codes_in_view_are_listed_once_in_the_order_they_first_show(session: CodingSession) -> None:
    project = session.project
    second = TEXT_A.index("The manager")
    project.spans.add(CODER, "A", "bribery", 20, 36)
    project.spans.add(CODER, "A", "wage", 0, len(TEXT_A))  # begun before the view: shows at its top
    project.spans.add(CODER, "A", "surveillance", second, second + 11)
    project.spans.add(CODER, "A", "bribery", second, len(TEXT_A))
    shown = open_testimony(session)
    assert shown.codes_in_view(0, len(TEXT_A)) == ["wage", "bribery", "surveillance"]
    assert shown.codes_in_view(second, len(TEXT_A)) == ["wage", "surveillance", "bribery"]
    assert shown.codes_in_view(37, 38) == ["wage"]  # the blank line: only the span over it


def test_the_legend_lists_only_the_spans_on_screen(session: CodingSession) -> None:
    session.project.spans.add(OTHER, "A", "surveillance", 0, 9)
    assert open_testimony(session).codes_in_view(0, len(TEXT_A)) == []  # blind: others' spans are not shown
    everyone = OpenTestimony(read_document(session.project, CODER, "A", True), CODER)
    assert everyone.codes_in_view(0, len(TEXT_A)) == ["surveillance"]
