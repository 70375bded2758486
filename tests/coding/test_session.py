"""The session's navigation and compare decisions: neighbouring testimonies, header, compare pairs."""

from __future__ import annotations

from annotator.coding.session import CodingSession
from tests.support.coding import CODER, OTHER


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


def test_compare_needs_another_coder_and_starts_on_the_pair_picked(session: CodingSession) -> None:
    assert session.partners("A") is None
    session.project.spans.add(OTHER, "A", "wage", 0, 4)
    session.add_span("A", "wage", 0, 4)
    choice = session.partners("A")
    assert choice is not None and choice.default == 0
    pair = choice.pair(choice.partners[0])
    assert pair == (CODER, OTHER)
    session.start_compare(pair)
    assert session.compare_view and session.compare_pair() == (CODER, OTHER)
    assert session.agreement_pairs(pair) == [(CODER, OTHER)]


def test_each_pair_writes_into_its_own_consensus_unless_one_is_named(session: CodingSession) -> None:
    assert session.consensus_for("bob", "ann") == "consensus-ann-bob"
    assert session.consensus_for("ann", "bob") == "consensus-ann-bob"
    session.consensus = "agreed"
    assert session.consensus_for("ann", "report") == "agreed"
