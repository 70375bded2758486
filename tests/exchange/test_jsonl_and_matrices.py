"""JSON Lines export, count matrices and code co-occurrence on a small coded project."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.exchange.jsonl import write_spans_jsonl
from annotator.exchange.matrix import cooccurrence_matrix, covered, render, span_matrix
from annotator.exchange.spans_csv import write_spans_csv
from annotator.storage import Project


def test_jsonl_has_one_object_per_span_with_the_csv_columns(coded_project: Path, tmp_path: Path) -> None:
    with Project.open(coded_project) as project:
        assert write_spans_jsonl(project, tmp_path / "spans.jsonl") == 8
        write_spans_csv(project, tmp_path / "spans.csv")
    lines = (tmp_path / "spans.jsonl").read_text(encoding="utf-8").splitlines()
    with (tmp_path / "spans.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(lines) == len(rows) == 8
    for line, row in zip(lines, rows):
        record = json.loads(line)
        assert list(record) == list(row)
        assert {key: str(value) for key, value in record.items()} == row
        assert isinstance(record["start"], int) and isinstance(record["end"], int)
    assert "—" in (tmp_path / "spans.jsonl").read_text(encoding="utf-8")  # readable, not \\u-escaped
    assert (tmp_path / "spans.jsonl").stat().st_mode & 0o077 == 0


def cells(matrix) -> dict:
    return {key: value for key, value in matrix.values.items() if value}


def test_codes_by_document(coded_project: Path) -> None:
    with Project.open(coded_project) as project:
        matrix = span_matrix(project)
    assert matrix.rows[:2] == ["wage-deduction", "bribery"] and matrix.columns == ["A", "B", "C"]
    assert cells(matrix) == {
        ("wage-deduction", "A"): 2,
        ("wage-deduction", "B"): 1,
        ("bribery", "A"): 1,
        ("surveillance", "A"): 1,
        ("surveillance", "B"): 1,
        ("informants", "A"): 1,
        ("restricted-movement", "B"): 1,
    }


def test_coded_characters_count_overlaps_once(coded_project: Path) -> None:
    with Project.open(coded_project) as project:
        matrix = span_matrix(project, measure="characters")
    assert matrix.cell("wage-deduction", "A") == 36  # [0,36) by ann and [5,36) by bob
    assert matrix.cell("wage-deduction", "B") == 45
    assert covered([(0, 5), (3, 8), (10, 12), (11, 12)]) == 10


def test_codes_by_attribute_coder_and_one_coder(coded_project: Path) -> None:
    with Project.open(coded_project) as project:
        by_country = span_matrix(project, cols="attribute:country")
        by_gender = span_matrix(project, cols="attribute:gender")
        by_coder = span_matrix(project, cols="coder")
        bob = span_matrix(project, coder="bob")
        transposed = span_matrix(project, rows="document", cols="code")
        with pytest.raises(InputError, match="no document has an attribute 'age'"):
            span_matrix(project, cols="attribute:age")
        with pytest.raises(InputError, match="is not an axis"):
            span_matrix(project, cols="colour")
        with pytest.raises(InputError, match="no coder 'eve'"):
            span_matrix(project, coder="eve")
    assert by_country.columns == ["China", "Russia"]
    assert (by_country.cell("wage-deduction", "China"), by_country.cell("wage-deduction", "Russia")) == (1, 2)
    assert by_gender.columns == ["Female", "Male", "(none)"] and by_gender.cell("wage-deduction", "(none)") == 1
    assert (by_coder.cell("wage-deduction", "ann"), by_coder.cell("wage-deduction", "bob")) == (1, 2)
    assert bob.cell("wage-deduction", "A") == 1 and bob.cell("bribery", "A") == 0
    assert transposed.corner == "document" and transposed.cell("A", "wage-deduction") == 2


def test_cooccurrence_counts_overlaps_within_each_coder(coded_project: Path) -> None:
    with Project.open(coded_project) as project:
        overlap = cooccurrence_matrix(project)
        documents = cooccurrence_matrix(project, unit="document")
        passages = cooccurrence_matrix(project, unit="passage")
        ann = cooccurrence_matrix(project, coder="ann")
    off_diagonal = {key: value for key, value in cells(overlap).items() if key[0] != key[1]}
    assert off_diagonal == {
        ("surveillance", "informants"): 1,
        ("informants", "surveillance"): 1,
        ("restricted-movement", "surveillance"): 1,
        ("surveillance", "restricted-movement"): 1,
    }  # ann's and bob's wage-deduction spans overlap, but across coders that is agreement, not co-occurrence
    assert overlap.cell("wage-deduction", "wage-deduction") == 3
    assert documents.cell("wage-deduction", "surveillance") == 2  # ann in A, bob in B
    assert passages.cell("wage-deduction", "surveillance") == 0  # never in one paragraph
    assert passages.cell("wage-deduction", "bribery") == 1
    assert ann.cell("restricted-movement", "surveillance") == 0


def test_formats(coded_project: Path) -> None:
    with Project.open(coded_project) as project:
        matrix = span_matrix(project).without_empty()
    assert render(matrix, "csv").splitlines()[:2] == ["code,A,B", "wage-deduction,2,1"]
    markdown = render(matrix, "markdown").splitlines()
    assert markdown[0] == "| code | A | B |" and markdown[1] == "|---|---:|---:|"
    table = render(matrix, "table").splitlines()
    assert table[0].split() == ["code", "A", "B"] and table[1].split() == ["Wage", "deduction", "2", "1"]
    assert markdown[2] == "| Wage deduction | 2 | 1 |"  # people read names; the CSV keeps ids for machines
    assert "C" not in matrix.columns


def test_cooccurrence_shows_code_names_in_tables_and_ids_in_csv(coded_project: Path) -> None:
    with Project.open(coded_project) as project:
        matrix = cooccurrence_matrix(project).without_empty()
    table = render(matrix, "table")
    assert "Wage deduction" in table.splitlines()[0] and "wage-deduction" not in table
    assert render(matrix, "csv").splitlines()[0].split(",")[1] == "wage-deduction"


def test_span_counts_grouped_by_sqlite_equal_a_count_of_every_span(small_project) -> None:
    """The grouped path (SQL GROUP BY) gives the cells a span-by-span count gives, for every axis pair."""
    from collections import Counter

    from annotator.exchange.matrix import span_matrix
    from annotator.storage import NewSpan, Project

    with Project.open(small_project) as project:
        project.spans.add_many(
            "ann", [NewSpan("A", "bribery", 0, 4), NewSpan("A", "bribery", 5, 9), NewSpan("B", "surveillance", 0, 6)]
        )
        project.spans.add_many("bob", [NewSpan("A", "wage-deduction", 0, 4), NewSpan("B", "surveillance", 1, 6)])
        spans = project.spans.tuples()
        position = {"document": 0, "coder": 1, "code": 2}
        for rows in position:
            for cols in position:
                if rows == cols:
                    continue
                for coder in (None, "ann"):
                    expected = Counter(
                        (s[position[rows]], s[position[cols]]) for s in spans if coder is None or s[1] == coder
                    )
                    assert span_matrix(project, rows=rows, cols=cols, coder=coder).values == dict(expected)
