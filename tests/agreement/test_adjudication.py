"""Adjudication: items, decisions as the consensus coder, accept-agreed, undo of decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.agreement.adjudication import Adjudication, Segment, build_items
from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.storage import Project


def span(coder: str, code: str, start: int, end: int, doc: str = "A") -> Span:
    return Span(f"{coder}{code}{start}", doc, code, coder, start, end, "")


# Each pair adjudicates into a consensus coder of its own (names sorted).
PAIR = "consensus-ann-bob"


def test_items_group_overlapping_spans_of_both_coders_whatever_the_code() -> None:
    first = [span("a", "bribery", 0, 10), span("a", "bribery", 5, 12), span("a", "surveillance", 40, 50)]
    second = [span("b", "wage-deduction", 8, 20), span("b", "surveillance", 40, 50), span("b", "bribery", 60, 70)]
    items = build_items("A", first, second)
    assert [(item.start, item.end, item.agreed) for item in items] == [(0, 20, False), (40, 50, True), (60, 70, False)]
    assert items[0].first == (Segment(0, 12, "bribery"),)  # overlapping spans of one code merged
    assert items[0].second == (Segment(8, 20, "wage-deduction"),)
    assert items[2].first == ()
    assert items[0].segments("both") == (Segment(0, 12, "bribery"), Segment(8, 20, "wage-deduction"))


def test_touching_spans_are_separate_items() -> None:
    items = build_items("A", [span("a", "bribery", 0, 5)], [span("b", "bribery", 5, 9)])
    assert [(item.start, item.end) for item in items] == [(0, 5), (5, 9)]


@pytest.fixture
def two_coders(small_project: Path) -> Path:
    with Project.open(small_project) as project:
        project.spans.add("ann", "A", "bribery", 39, 67)
        project.spans.add("bob", "A", "bribery", 39, 67)  # agreed
        project.spans.add("ann", "A", "wage-deduction", 0, 36)
        project.spans.add("bob", "A", "wage-deduction", 5, 36)  # boundary disagreement
        project.spans.add("bob", "B", "surveillance", 0, 28)  # only bob
        project.spans.add("ann", "B", "wage-deduction", 30, 60)  # only ann
    return small_project


def test_a_full_adjudication(two_coders: Path) -> None:
    with Project.open(two_coders) as project:
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        items = adjudication.items()
        assert [(i.document_id, i.start, i.end, i.agreed) for i in items] == [
            ("A", 0, 36, False),
            ("A", 39, 67, True),
            ("B", 0, 28, False),
            ("B", 30, 60, False),
        ]
        assert adjudication.accept_agreed() is not None
        assert adjudication.accept_agreed() is None  # nothing agreed is left undecided
        adjudication.decide(items[0], "b")
        adjudication.decide(items[2], "neither")
        adjudication.decide(items[3], "a")
        consensus = [(s.document_id, s.code_id, s.start, s.end, s.text) for s in project.spans.select(coder=PAIR)]
        assert consensus == [
            ("A", "wage-deduction", 5, 36, project.documents.get("A").text[5:36]),
            ("A", "bribery", 39, 67, project.documents.get("A").text[39:67]),
            ("B", "wage-deduction", 30, 60, project.documents.get("B").text[30:60]),
        ]
        assert set(adjudication.decisions()) == {item.key for item in items}
        event = [e for e in project.history.events(coder=PAIR) if e.kind == "decide"][-1]
        assert event.detail["decided_by"] == "lead" and event.detail["choice"] == "a"


def test_accept_agreed_takes_the_items_given(two_coders: Path) -> None:
    """The screen hands over the items it read (reading them again costs seconds on a large project)."""
    with Project.open(two_coders) as project:
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        items = adjudication.items()
        assert (
            adjudication.accept_agreed([item for item in items if item.document_id == "B"]) is None
        )  # none agreed there
        assert project.spans.select(coder=PAIR) == []
        action = adjudication.accept_agreed(items)
        assert action is not None and [(s.start, s.end) for _, s in action.changes] == [(39, 67)]


def test_redeciding_replaces_the_earlier_decision(two_coders: Path) -> None:
    with Project.open(two_coders) as project:
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        item = adjudication.items()[0]
        adjudication.decide(item, "a")
        adjudication.decide(item, "both")
        spans = project.spans.select(coder=PAIR)
        assert [(s.start, s.end) for s in spans] == [(0, 36)]  # both = the union, merged per code
        adjudication.decide(item, "edit", [Segment(2, 30, "bribery")])
        assert [(s.code_id, s.start, s.end) for s in project.spans.select(coder=PAIR)] == [("bribery", 2, 30)]


def test_decisions_undo_and_redo_and_survive_reopening(two_coders: Path) -> None:
    with Project.open(two_coders) as project:
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        items = adjudication.items()
        adjudication.decide(items[0], "a")
        adjudication.decide(items[2], "neither")
        adjudication.undo()  # the 'neither' decision: no span, but a decision all the same
        assert set(adjudication.decisions()) == {items[0].key}
        adjudication.undo()
        assert adjudication.decisions() == {} and project.spans.select(coder=PAIR) == []
        adjudication.redo()
    with Project.open(two_coders) as project:
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        assert set(adjudication.decisions()) == {items[0].key}
        assert [(s.start, s.end) for s in project.spans.select(coder=PAIR)] == [(0, 36)]


def test_only_documents_both_coders_coded_are_compared(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.spans.add("ann", "A", "bribery", 0, 4)
        project.spans.add("bob", "B", "bribery", 0, 4)
        assert Adjudication(project, "ann", "bob", decided_by="x").items() == []
        project.coders.set_done("bob", "A")
        assert [i.document_id for i in Adjudication(project, "ann", "bob", decided_by="x").items()] == ["A"]


def test_unknown_or_repeated_coders_are_refused(two_coders: Path) -> None:
    with Project.open(two_coders) as project:
        with pytest.raises(InputError, match="no coder 'zed'"):
            Adjudication(project, "ann", "zed", decided_by="x")
        with pytest.raises(InputError, match="two different coders"):
            Adjudication(project, "ann", "ann", decided_by="x")


def test_cli_accepts_agreed_then_decides_by_key(two_coders: Path, run_cli) -> None:
    result = run_cli("adjudicate", "--coders", "ann,bob", "--accept-agreed", "--db", two_coders, "--coder", "lead")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("4 item(s): 1 agreed, 3 disagreement(s); 1 decided into 'consensus-ann-bob'")
    with Project.open(two_coders) as project:
        keys = [item.key for item in Adjudication(project, "ann", "bob", decided_by="x").items()]
    result = run_cli(
        "adjudicate",
        "--coders",
        "ann,bob",
        "--decide",
        f"{keys[0][:6]}=b",
        "--decide",
        f"{keys[3]}=a",
        "--format",
        "json",
        "--db",
        two_coders,
    )
    assert result.exit_code == 0, result.stderr
    with Project.open(two_coders) as project:
        assert [(s.start, s.end) for s in project.spans.select(coder=PAIR)] == [(5, 36), (39, 67), (30, 60)]
    result = run_cli("adjudicate", "--coders", "ann,bob", "--decide", "zzzz=a", "--db", two_coders)
    assert result.exit_code == 1 and result.stderr == "annotator: item 'zzzz' is not in the listing\n"


def test_a_shared_consensus_name_says_which_pairs_decisions_it_reuses(two_coders: Path, run_cli) -> None:
    with Project.open(two_coders) as project:
        assert Adjudication(project, "bob", "ann", decided_by="x").into == PAIR  # either order
        project.spans.add("cy", "A", "bribery", 0, 4)
    first = run_cli("adjudicate", "--coders", "ann,bob", "--accept-agreed", "--into", "final", "--db", two_coders)
    assert first.exit_code == 0 and "also holds" not in first.stderr
    second = run_cli("adjudicate", "--coders", "ann,cy", "--into", "final", "--db", two_coders)
    assert second.exit_code == 0
    assert "'final' also holds 1 decision(s) of ann × bob, reused here" in second.stderr
    alone = run_cli("adjudicate", "--coders", "ann,cy", "--db", two_coders)
    assert "also holds" not in alone.stderr and "'consensus-ann-cy'" in alone.stdout


def test_an_edit_replaces_the_codes_segments_it_touches_and_keeps_the_rest() -> None:
    from annotator.agreement.adjudication import Segment, edited_segments

    current = [Segment(0, 5, "x"), Segment(10, 20, "x"), Segment(12, 18, "y"), Segment(30, 40, "x")]
    assert edited_segments(current, "x", 8, 25) == [
        Segment(0, 5, "x"),
        Segment(8, 25, "x"),
        Segment(12, 18, "y"),
        Segment(30, 40, "x"),
    ]
    assert edited_segments([], "y", 1, 2) == [Segment(1, 2, "y")]
