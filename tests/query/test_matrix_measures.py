"""Co-occurrence for writing: the c-coefficient and conditional shares, `--where` on matrices, and
multi-valued attributes split into their items; answers worked out by hand from conftest.py's spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.exchange.matrix import Matrix, cooccurrence_matrix, imbalanced_pairs, span_matrix
from annotator.storage import Project
from tests.query.conftest import CODER


def test_c_coefficient_and_shares_by_document(coded_corpus: Path) -> None:
    # ana's bribery is in A, D and N (n1 = 3); recruitment in A only (n2 = 1); both in A (n12 = 1).
    with Project.open(coded_corpus, readonly=True) as project:
        c = cooccurrence_matrix(project, coder=CODER, unit="document", measure="c")
        share = cooccurrence_matrix(project, coder=CODER, unit="document", measure="share")
    assert c.cell("bribery", "recruitment") == pytest.approx(1 / 3)  # 1 / (3 + 1 - 1)
    assert c.cell("recruitment", "bribery") == pytest.approx(1 / 3)
    assert share.cell("bribery", "recruitment") == pytest.approx(1 / 3)  # n12 / n(bribery)
    assert share.cell("recruitment", "bribery") == 1.0  # n12 / n(recruitment)
    assert c.cell("bribery", "bribery") == 1.0


def test_where_keeps_the_documents_it_names(run_cli, coded_corpus: Path) -> None:
    with Project.open(coded_corpus, readonly=True) as project:
        counts = cooccurrence_matrix(project, coder=CODER, unit="document", documents={"D", "N"})
    assert counts.cell("bribery", "bribery") == 2 and counts.cell("recruitment", "recruitment") == 0
    result = run_cli("--db", coded_corpus, "matrix", "--coder", CODER, "--where", "country~Russia", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    columns = header.split(",")
    bribery = dict(zip(columns, next(row for row in rows if row.startswith("bribery,")).split(",")))
    assert (bribery["A"], bribery["D"], bribery["N"]) == ("0", "1", "1")


def test_items_split_comma_separated_values(coded_corpus: Path) -> None:
    with Project.open(coded_corpus, readonly=True) as project:
        whole = span_matrix(project, cols="attribute:country", coder=CODER)
        items = span_matrix(project, cols="items:country", coder=CODER)
    assert whole.cell("bribery", "Russia") == 1 and whole.cell("bribery", "Russia, Yemen") == 1
    assert {column: items.cell("bribery", column) for column in ("Russia", "Yemen", "Abu Dhabi", "Arab Emirates")} == {
        "Russia": 2,
        "Yemen": 1,
        "Abu Dhabi": 2,
        "Arab Emirates": 2,
    }
    assert items.cell("surveillance", "(none)") == 1  # transcript T has no country


def test_the_c_coefficient_warns_when_one_code_is_used_over_five_times_as_often() -> None:
    counts = Matrix("code", ["a", "b", "c"], ["a", "b", "c"], {("a", "a"): 12, ("b", "b"): 2, ("c", "c"): 3})
    counts.values.update({("a", "b"): 2, ("b", "a"): 2, ("a", "c"): 1, ("c", "a"): 1})
    assert imbalanced_pairs(counts) == [("a", "b")]  # 12 > 5 x 2; a and c: 12 is not over 5 x 3


def test_cli_prints_the_warning_and_two_decimals(run_cli, coded_corpus: Path) -> None:
    result = run_cli("--db", coded_corpus, "cooccurrence", "--spans-of", CODER, "--unit", "document", "--measure", "c")
    assert result.exit_code == 0, result.stderr
    assert "0.33" in result.stdout


def test_the_cli_warning_names_the_codes(run_cli, coded_corpus: Path) -> None:
    """Bribery in six testimonies, Surveillance in one of them: the warning reads names, not ids."""
    with Project.open(coded_corpus) as project:
        for document_id in ("A", "B", "C", "D", "E", "F"):
            project.spans.add("zed", document_id, "bribery", 0, 5)
        project.spans.add("zed", "A", "surveillance", 10, 20)
    result = run_cli("--db", coded_corpus, "cooccurrence", "--spans-of", "zed", "--unit", "document", "--measure", "c")
    assert result.exit_code == 0, result.stderr
    assert "warning: Bribery and Surveillance: one is used over 5 times as often" in result.stderr


def test_saved_queries_as_matrix_rows(run_cli, coded_corpus: Path) -> None:
    with Project.open(coded_corpus) as project:
        project.queries.save(CODER, "money-talk", "bribery OR wage-deduction", {"coders": [CODER]})
        project.queries.save(CODER, "watching", "surveillance", {"coders": [CODER], "unit": "document"})
        matrix = span_matrix(project, rows="queries", cols="items:country")
    # money-talk: A's two bribery and two wage-deduction spans, D's and N's bribery; watching: A and T.
    assert matrix.rows == ["money-talk", "watching"]
    assert (matrix.cell("money-talk", "Abu Dhabi"), matrix.cell("money-talk", "Russia")) == (4, 2)
    assert (matrix.cell("money-talk", "Yemen"), matrix.cell("watching", "(none)")) == (1, 1)
    assert matrix.cell("watching", "Abu Dhabi") == 1
    result = run_cli("--db", coded_corpus, "matrix", "--rows", "queries", "--cols", "code")
    assert result.exit_code == 1 and "not per code or coder" in result.stderr


def test_saved_queries_as_cooccurrence_rows_and_columns(run_cli, coded_corpus: Path) -> None:
    """money-talk is ana's bribery OR wage-deduction: six segments (A's two bribery and two wage-deduction
    spans, D's and N's bribery); counted by hand against recruitment (A 58-503), bribery and surveillance."""
    with Project.open(coded_corpus) as project:
        project.queries.save(CODER, "money-talk", "bribery OR wage-deduction", {"coders": [CODER]})
        items = ["query:money-talk", "Recruitment", "bribery", "surveillance"]
        overlap = cooccurrence_matrix(project, coder=CODER, items=items)
        documents = cooccurrence_matrix(project, coder=CODER, unit="document", items=items)
    money = "query:money-talk"
    assert overlap.rows == overlap.columns == [money, "recruitment", "bribery", "surveillance"]
    assert overlap.cell(money, money) == 6
    assert overlap.cell(money, "recruitment") == 1  # only A's bribery 462-503 lies in recruitment
    assert overlap.cell(money, "bribery") == 4  # each bribery span overlaps its own segment, none a wage one
    assert overlap.cell(money, "surveillance") == 0 and overlap.cell("surveillance", "surveillance") == 2
    assert documents.cell(money, money) == 3  # A, D and N
    assert documents.cell(money, "recruitment") == 1 and documents.cell(money, "surveillance") == 1  # both in A
    result = run_cli(
        "--db",
        coded_corpus,
        "cooccurrence",
        "--spans-of",
        CODER,
        "--codes",
        "query:money-talk,recruitment",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "code,query:money-talk,recruitment",
        "query:money-talk,6,1",
        "recruitment,1,1",
    ]


def test_a_saved_query_counts_within_each_coders_coding(coded_corpus: Path) -> None:
    """Without --spans-of, the query is evaluated for each coder alone and the counts summed, as codes are."""
    with Project.open(coded_corpus) as project:
        project.queries.save(CODER, "money-talk", "bribery OR wage-deduction", {"coders": [CODER]})
        items = ["query:money-talk", "bribery"]
        everyone = cooccurrence_matrix(project, items=items)
        each = [cooccurrence_matrix(project, coder=coder, items=items) for coder in project.coders.with_spans()]
    assert len(each) > 1
    for pair in [("query:money-talk", "query:money-talk"), ("query:money-talk", "bribery")]:
        assert everyone.cell(*pair) == sum(matrix.cell(*pair) for matrix in each)


def test_cooccurrence_refuses_an_unknown_code_or_saved_query(run_cli, coded_corpus: Path) -> None:
    for named, said in (("query:nope", "no saved query 'nope'"), ("brbery", "no code 'brbery'")):
        result = run_cli("--db", coded_corpus, "cooccurrence", "--codes", f"bribery,{named}")
        assert result.exit_code == 1 and said in result.stderr and result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
