"""Whose spans a coder may change and whose items they see (`annotator.coding.ownership`), without
Textual: the rule itself, the to-recode list that follows it, and the recode that checks it in the write."""

from __future__ import annotations

import pytest

from annotator.coding.codebook_view import RecodeList
from annotator.coding.documents import replaced_report
from annotator.coding.ownership import May, Ownership, project_ownership, recode_listed_span, visible_review
from annotator.coding.session import CodingSession
from annotator.domain.errors import InputError
from annotator.storage import Project
from tests.support.coding import CODER, OTHER, TEXT_A

RULE = Ownership(CODER, references=frozenset({"report", "gold"}), consensus="agreed")


@pytest.mark.parametrize(
    ("owner", "may"),
    [
        (CODER, May.CHANGE),  # one's own
        (OTHER, May.ASK),  # another person's
        ("report", May.NAME),  # a reference coding
        ("gold", May.NAME),  # one imported with --reference
        ("consensus", May.NAME),  # the consensus coders
        ("consensus-alice-bob", May.NAME),
        ("agreed", May.NAME),  # the one named with --consensus
    ],
)
def test_a_coder_may_change_their_own_spans_ask_for_a_persons_and_must_name_the_others(owner: str, may: May) -> None:
    assert RULE.may(owner) is may


def test_naming_a_coder_lets_their_spans_change_and_nobody_elses() -> None:
    rule = Ownership(CODER, references=frozenset({"report"}))
    rule.name(OTHER)
    rule.name("report")
    assert rule.may(OTHER) is May.CHANGE and rule.may("report") is May.CHANGE
    assert rule.may("bob") is May.ASK and rule.may("consensus-a-b") is May.NAME
    rule.require("s1", "report")
    with pytest.raises(InputError, match=r"span s1 is bob's, not tester's; .*--owner bob"):
        rule.require("s1", "bob")


def test_whose_and_what_is_asked_name_the_coder_and_what_kind_they_are() -> None:
    assert RULE.whose(CODER) == "your span"
    assert RULE.whose(OTHER) == "alice's span"
    assert RULE.whose("report") == "report's span (a reference coding)"
    assert RULE.whose("agreed") == "agreed's span (a consensus)"
    assert RULE.question(OTHER).startswith("Recode alice's spans too?")
    assert RULE.refusal("s9", "report") == (
        "span s9 is report's (a reference coding), not tester's; to change another coder's span, "
        "name its coder (--owner report)"
    )


def test_blind_a_coder_sees_review_items_on_their_own_spans_and_on_passages_only() -> None:
    items = [
        {"entity": "span", "id": "a", "coder": CODER},
        {"entity": "span", "id": "b", "coder": OTHER},
        {"entity": "span", "id": "c", "coder": "report"},
        {"entity": "passage", "id": 7, "section": "4.1"},
    ]
    assert [item["id"] for item in visible_review(items, CODER, sees_others=False)] == ["a", 7]
    assert [item["id"] for item in visible_review(items, CODER, sees_others=True)] == ["a", "b", "c", 7]


def _split_with_everyone(project: Project) -> None:
    """Bribery spans of tester, alice, the reference coding and a consensus; bribery split."""
    paid = TEXT_A.index("We paid")
    project.spans.add(CODER, "A", "bribery", paid, paid + 7)
    project.spans.add(OTHER, "A", "bribery", 0, 4)
    project.spans.add("report", "A", "bribery", 5, 9)
    project.spans.add("consensus-alice-tester", "A", "bribery", 10, 14)
    with project.transaction():
        project.coders.mark_reference(["report"])
    project.codes.split(CODER, "bribery", ["bribe-cash", "bribe-favour"])


def test_the_recode_list_never_holds_a_reference_or_consensus_span_unless_named(project: Project) -> None:
    _split_with_everyone(project)
    lead = CodingSession(project, CODER, show_others=True)
    assert [span.coder for span in RecodeList(lead).spans] == [OTHER, CODER]
    assert [span.coder for span in RecodeList(lead, named=["report"]).spans] == [OTHER, "report", CODER]
    assert [span.coder for span in RecodeList(CodingSession(project, CODER)).spans] == [CODER]  # blind
    listed = RecodeList(lead)
    theirs = listed.spans[0]
    assert listed.may(theirs) is May.ASK
    with pytest.raises(InputError, match=r"span .* is alice's"):
        listed.recode(theirs, "bribe-cash")
    assert project.spans.get(theirs.id).code_id == "bribery"  # refused: nothing written
    listed.rule.name(OTHER)
    listed.recode(theirs, "bribe-cash")
    assert project.spans.get(theirs.id).code_id == "bribe-cash"


def test_the_recode_checks_the_owner_inside_its_write(project: Project) -> None:
    _split_with_everyone(project)
    report = project.spans.select(coder="report")[0]
    with pytest.raises(InputError, match="a reference coding"):
        recode_listed_span(project, project_ownership(project, CODER), report.id, "bribe-cash")
    assert project.spans.get(report.id).code_id == "bribery" and len(project.codes.to_recode()) == 4
    recode_listed_span(project, project_ownership(project, CODER, named=["report"]), report.id, "bribe-cash")
    assert project.spans.get(report.id).code_id == "bribe-cash" and len(project.codes.to_recode()) == 3
    assert project.history.undo(CODER) is not None and project.spans.get(report.id).code_id == "bribery"


def test_a_blind_correction_report_counts_only_the_coders_own_items(project: Project) -> None:
    project.spans.add(CODER, "A", "wage", 0, 9)
    project.spans.add(OTHER, "A", "wage", 0, 9)
    replaced = project.documents.replace_text(OTHER, "A", "Th" + TEXT_A[9:])
    assert "2 item(s) to review (f / F" in replaced_report(replaced)
    blind = replaced_report(replaced, CODER, sees_others=False)
    assert "1 item(s) to review (f / F step through them, R resolves) and items on other coders' spans" in blind
    assert "2 item(s)" in replaced_report(replaced, CODER, sees_others=True)
