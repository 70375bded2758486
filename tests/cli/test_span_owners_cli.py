"""The command line changes only the --coder's spans unless a coder is named (`codes recode --owner`),
and lists review and to-recode items on other coders' spans only when asked (`--all-coders`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support import SMALL_TEXTS, database_fingerprint


@pytest.fixture
def split(small_project: Path) -> Path:
    """Bribery spans of tester, bob and the reference coding `report`, then bribery split by tester."""
    with Project.open(small_project) as project:
        project.spans.add("tester", "A", "bribery", 0, 4)
        project.spans.add("bob", "A", "bribery", 5, 9)
        project.spans.add("report", "B", "bribery", 0, 6)
        with project.transaction():
            project.coders.mark_reference(["report"])
        project.codes.split("tester", "bribery", ["bribe-cash", "bribe-favour"])
    return small_project


def _span(path: Path, coder: str) -> str:
    with Project.open(path) as project:
        return project.spans.select(coder=coder)[0].id


def _code(path: Path, span_id: str) -> str:
    with Project.open(path) as project:
        return project.spans.get(span_id).code_id


@pytest.mark.parametrize("coder", ["bob", "report"])
def test_recoding_another_coders_span_is_refused_unless_they_are_named(run_cli, split: Path, coder: str) -> None:
    span_id = _span(split, coder)
    fingerprint = database_fingerprint(split)
    refused = run_cli("codes", "recode", span_id, "bribe-cash", "--db", split)
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert f"span {span_id} is {coder}'s" in refused.stderr and f"--owner {coder}" in refused.stderr
    assert database_fingerprint(split) == fingerprint  # nothing written
    wrong = run_cli("codes", "recode", span_id, "bribe-cash", "--owner", "carol", "--db", split)
    assert wrong.exit_code == 1 and database_fingerprint(split) == fingerprint  # naming someone else is no use
    recoded = run_cli("codes", "recode", span_id, "bribe-cash", "--owner", coder, "--db", split)
    assert recoded.exit_code == 0, recoded.output
    assert _code(split, span_id) == "bribe-cash"
    assert f"1 span(s) left to recode (yours and {coder}'s)" in recoded.output  # tester's own is left


def test_recoding_ones_own_span_needs_no_name(run_cli, split: Path) -> None:
    span_id = _span(split, "tester")
    result = run_cli("codes", "recode", span_id, "bribe-favour", "--db", split)
    assert result.exit_code == 0 and "0 span(s) left to recode (yours)" in result.output
    assert _code(split, span_id) == "bribe-favour"


def test_codes_show_lists_only_the_coders_spans_to_recode_unless_asked(run_cli, split: Path) -> None:
    mine = run_cli("codes", "show", "bribery", "--db", split).output
    assert "to recode:  1 span(s) of yours" in mine and _span(split, "tester") in mine
    assert _span(split, "bob") not in mine and _span(split, "report") not in mine
    everyone = run_cli("codes", "show", "bribery", "--all-coders", "--db", split).output
    assert "to recode:  3 span(s), into bribe-cash, bribe-favour" in everyone
    assert f"{_span(split, 'bob')}  bob" in everyone and f"{_span(split, 'report')}  report" in everyone


def test_review_lists_only_the_coders_items_unless_asked(run_cli, small_project: Path, tmp_path: Path) -> None:
    text = SMALL_TEXTS["A"]
    with Project.open(small_project) as project:
        project.spans.add("tester", "A", "wage-deduction", 0, text.index(".") + 1)
        project.spans.add("bob", "A", "bribery", text.index("We paid"), text.index("chosen.") + 7)
    file = tmp_path / "A-new.txt"
    file.write_text(text.replace("eighty", "ninety").replace("a bribe", "a large bribe"), encoding="utf-8")
    replaced = run_cli("documents", "replace", "A", file, "--db", small_project, "--coder", "tester")
    assert replaced.exit_code == 0 and "1 to review" in replaced.output and "bob" not in replaced.output
    assert "documents review A --all-coders" in replaced.output
    mine = run_cli("documents", "review", "--db", small_project).output
    assert "(tester, wage-deduction)" in mine and "bob" not in mine and "a bribe" not in mine
    assert "1 item(s) to review (yours; --all-coders lists all)" in mine
    everyone = run_cli("documents", "review", "A", "--all-coders", "--db", small_project).output
    assert "(bob, bribery)" in everyone and "2 item(s) to review" in everyone
