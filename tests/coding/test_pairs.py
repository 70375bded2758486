"""Whom a coder compares with: people by overlap, never a reference coding or a consensus by default."""

from __future__ import annotations

from annotator.coding.pairs import overlap, partner_choice, reuse_notice
from annotator.storage import NewSpan, Project
from tests.support.coding import CODER


def _code(project: Project, coder: str, document_id: str, count: int) -> None:
    project.spans.add_many(coder, [NewSpan(document_id, "wage", index, index + 1) for index in range(count)])


def _rows(project: Project, coder: str = CODER, **options) -> tuple[list[str], str | None, str]:
    choice = partner_choice(project, coder, "A", consensus=options.pop("consensus", None), **options)
    assert choice is not None
    default = choice.partners[choice.default].coder if choice.default is not None else None
    return [partner.coder for partner in choice.partners], default, choice.anchor


def test_the_default_partner_is_the_person_who_coded_most_alongside_the_coder(project: Project) -> None:
    _code(project, CODER, "A", 3)
    _code(project, "ann", "A", 2)  # 2 spans, both where the coder coded
    _code(project, "bob", "U", 9)  # more spans, none where the coder coded
    _code(project, "report", "A", 20)  # the bundled reference coding: most of all
    _code(project, "consensus-ann-tester", "A", 3)
    rows, default, anchor = _rows(project)
    assert anchor == CODER and default == "ann"
    assert rows == ["ann", "bob", "consensus-ann-tester", "report"]  # people, consensus, references
    choice = partner_choice(project, CODER, "A", consensus=None)
    assert choice is not None
    assert [(p.here, p.overall) for p in choice.partners] == [(2, 2), (0, 9), (3, 3), (20, 20)]


def test_a_coder_recorded_as_a_reference_is_never_the_default_unless_picked(project: Project) -> None:
    _code(project, CODER, "A", 3)
    _code(project, "gold", "A", 3)
    project.coders.mark_reference(["gold"])  # an import with --reference, or a corpus's own coding
    assert project.coders.references() == {"gold"}  # recorded: the bundled name no longer guessed
    rows, default, _ = _rows(project)
    assert rows == ["gold"] and default is None  # nobody to compare with by default
    rows, default, _ = _rows(project, remembered=(CODER, "gold"))
    assert default == "gold"  # picked before: highlighted again


def test_a_named_consensus_coder_is_not_a_person(project: Project) -> None:
    _code(project, CODER, "A", 3)
    _code(project, "agreed", "A", 3)
    _code(project, "ann", "U", 1)
    rows, default, _ = _rows(project, consensus="agreed")
    assert rows == ["ann", "agreed"] and default == "ann"


def test_a_coder_without_spans_compares_the_person_with_most_spans(project: Project) -> None:
    _code(project, "lee", "A", 4)
    _code(project, "report", "A", 9)
    rows, default, anchor = _rows(project, coder="lead")
    assert anchor == "lee" and rows == ["report"] and default is None
    _code(project, "kim", "A", 1)
    rows, default, anchor = _rows(project, coder="lead")
    assert anchor == "lee" and rows == ["kim", "report"] and default == "kim"


def test_a_new_coder_with_only_the_reference_coding_there_may_compare_with_it(project: Project) -> None:
    """The bundled corpus out of the box: nobody but `report` has coded; the picker still offers it."""
    _code(project, "report", "A", 9)
    rows, default, anchor = _rows(project)
    assert anchor == CODER and rows == ["report"] and default is None


def test_nobody_else_coded_means_no_choice(project: Project) -> None:
    assert partner_choice(project, CODER, "A", consensus=None) is None
    _code(project, CODER, "A", 1)
    assert partner_choice(project, CODER, "A", consensus=None) is None


def test_overlap_sums_the_smaller_count_per_testimony() -> None:
    assert overlap({"A": 3, "B": 1}, {"A": 2, "C": 5}) == 2
    assert overlap({}, {"A": 1}) == 0


def test_the_reuse_notice_names_the_other_pairs() -> None:
    assert reuse_notice("agreed", {}) is None
    notice = reuse_notice("agreed", {("tester", "bob"): 3})
    assert notice is not None and "agreed" in notice and "3 of tester × bob" in notice
