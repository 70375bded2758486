"""The session's navigation and compare decisions: neighbouring testimonies, header, compare pairs."""

from __future__ import annotations

from annotator.coding.session import CodingSession
from tests.coding.conftest import CODER, OTHER


def test_neighbour_testimony_stops_at_the_ends(session: CodingSession) -> None:
    assert session.neighbour_testimony(None, 1) == "U"
    assert session.neighbour_testimony("U", 1) is None
    assert session.neighbour_testimony("A", -1) is None
    assert session.neighbour_testimony("U", -1) == "A"


def test_header_names_the_coder_the_place_and_the_view(session: CodingSession) -> None:
    assert session.header(None, False) == f"{CODER} · blind"
    session.set_done("U", True)
    assert session.header("U", False) == f"{CODER} · U · 2/2 · done · blind"
    session.show_others = True
    assert session.header("A", True) == f"{CODER} · A · 1/2 · compare"
    assert session.header("A", False) == f"{CODER} · A · 1/2 · others shown"


def test_compare_needs_another_coder_and_toggles_back(session: CodingSession) -> None:
    assert session.toggle_compare() is None and not session.compare_view
    session.project.add_span(OTHER, "A", "wage", 0, 4)
    session.add_span("A", "wage", 0, 4)
    assert session.toggle_compare() == (CODER, OTHER) and session.compare_view
    assert session.toggle_compare() is None and not session.compare_view
    assert session.agreement_pairs() == [(CODER, OTHER)]
