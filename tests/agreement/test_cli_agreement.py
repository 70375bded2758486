"""`annotator agreement` and `annotator disagreements` on a project made through the CLI, and `--table`."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
from pathlib import Path

import pytest

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.spans import SpanData

TEXTS = {
    "A": "They took eighty percent of the wage. We paid a bribe to be chosen.\n\nThe manager watched us.",
    "B": "Nobody could leave the site.\n\nWe worked from dawn to midnight.",
    "C": "Nothing was coded here.",
}
CODEBOOK = """\
name: small
codes:
  - id: bribery
    name: Bribery
    colour: "#ff7f0e"
  - id: wage-deduction
    name: Wage deduction
    colour: "#d62728"
  - id: surveillance
    name: Surveillance
    colour: "#1f77b4"
"""
SPANS = [
    ("A", "ana", "wage-deduction", 0, 37),
    ("A", "ben", "wage-deduction", 5, 37),
    ("A", "ana", "bribery", 38, 67),
    ("A", "ben", "bribery", 38, 67),
    ("A", "ana", "surveillance", 69, 92),
    ("B", "ana", "surveillance", 0, 28),
    ("B", "ben", "surveillance", 0, 20),
    ("B", "ben", "wage-deduction", 30, 62),
]


@pytest.fixture
def project(run_cli, tmp_path: Path) -> Path:
    """A project made with `annotator init` and `import-spans`: coders ana and ben, documents A–C."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc, text in TEXTS.items():
        (corpus / f"{doc}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    db = tmp_path / "p.db"
    assert run_cli("init", "--corpus", corpus, "--codebook", tmp_path / "codebook.yaml", "--db", db).exit_code == 0
    spans = tmp_path / "spans.csv"
    with spans.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "coder", "code", "start", "end"])
        writer.writerows(SPANS)
    result = run_cli("import-spans", spans, "--db", db)
    assert result.exit_code == 0, result.stderr
    return db


def test_json_equals_the_library_on_the_same_spans(run_cli, project: Path) -> None:
    result = run_cli("agreement", "--db", project, "--format", "json", "--per-document")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    expected = span_report(
        SpanData(
            TEXTS,
            SPANS,
            codes=["bribery", "wage-deduction", "surveillance"],
            code_names={"bribery": "Bribery", "wage-deduction": "Wage deduction", "surveillance": "Surveillance"},
        ),
        SpanOptions(),
    ).as_json()
    assert found == json.loads(json.dumps(expected))
    assert found["coders"] == ["ana", "ben"] and found["documents"] == ["A", "B", "C"]
    assert set(found["codes"]) == {"bribery", "wage-deduction", "surveillance"}
    for key in ("pooled", "alpha_u", "u_alpha", "binary_u_alpha", "per_document", "unit"):
        assert key in found
    assert result.stdout.count("\n") == 1  # one line: the C encoder, not the indenting one


def test_per_document_figures_only_when_asked_or_for_html(run_cli, project: Path) -> None:
    plain = json.loads(run_cli("agreement", "--db", project, "--format", "json").stdout)
    assert "per_document" not in plain
    asked = json.loads(run_cli("agreement", "--db", project, "--format", "json", "--per-document").stdout)
    assert {key: value for key, value in asked.items() if key != "per_document"} == plain
    html = run_cli("agreement", "--db", project, "--format", "html", "-o", project.parent / "r.html")
    assert html.exit_code == 0 and "per document" in (project.parent / "r.html").read_text(encoding="utf-8").lower()


def test_table_fits_100_columns_and_names_everything(run_cli, project: Path) -> None:
    result = run_cli("agreement", "--db", project)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    text = result.stdout
    for needle in (
        "Cohen κ",
        "Kripp α",
        "Unit: character",
        "Coders: ana, ben",
        "3 documents",
        "Fleiss (1971)",
        "q = 2",
        "α_U",
        "u-α",
    ):
        assert needle in text, needle
    assert "\x1b[" not in text  # no colours when not a terminal


def test_colours_only_on_a_terminal(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["agreement", "--db", str(project)], color=True)
    assert result.exit_code == 0
    assert "\x1b[32m" in result.stdout or "\x1b[31m" in result.stdout or "\x1b[33m" in result.stdout


@pytest.mark.parametrize("format_", ["markdown", "csv", "json", "html", "table"])
def test_every_format_writes_an_owner_only_file(run_cli, project: Path, tmp_path: Path, format_: str) -> None:
    target = tmp_path / f"report.{format_}"
    result = run_cli("agreement", "--db", project, "--format", format_, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    content = target.read_text(encoding="utf-8")
    assert "\x1b[" not in content
    if format_ == "csv":
        rows = list(csv.DictReader(content.splitlines()))
        assert {"statistic", "value", "unit", "coders", "documents", "reason"} <= set(rows[0])
        assert {row["scope"] for row in rows} == {"code", "pooled", "overall", "document"}


def test_html_is_self_contained_with_chart_and_disagreements(run_cli, project: Path, tmp_path: Path) -> None:
    result = run_cli("agreement", "--db", project, "--format", "html")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "exports" / "p-agreement.html"
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    for forbidden in ("http://", "https://", "<script", "<link", "@import", "url(", "<img"):
        assert forbidden not in page, forbidden
    assert "Disagreements (" in page and '<td class="text">They </td>' in page  # ben left "They " uncoded
    assert "Krippendorff&#x27;s alpha" in page or "Krippendorff's alpha" in page


def test_bootstrap_gives_intervals(run_cli, project: Path) -> None:
    result = run_cli("agreement", "--db", project, "--format", "json", "--bootstrap", "25", "--seed", "3")
    report = json.loads(result.stdout)
    assert report["bootstrap"]["replicates"] == 25
    assert "krippendorff_alpha_ci" in report["pooled"] and "alpha_u_ci" in report
    again = run_cli("agreement", "--db", project, "--format", "json", "--bootstrap", "25", "--seed", "3")
    assert again.stdout == result.stdout


def test_selection_options(run_cli, project: Path) -> None:
    result = run_cli(
        "agreement",
        "--db",
        project,
        "--format",
        "json",
        "--codes",
        "bribery",
        "--documents",
        "A",
        "--unit",
        "word",
        "--threshold",
        "0.5",
    )
    report = json.loads(result.stdout)
    assert list(report["codes"]) == ["bribery"] and report["documents"] == ["A"] and report["unit"] == "word"
    assert report["codes"]["bribery"]["percent_agreement"] == 1.0
    everywhere = json.loads(run_cli("agreement", "--db", project, "--format", "json", "--all-documents").stdout)
    assert everywhere["continuum_documents"] == ["A", "B", "C"]


def test_errors_are_one_line(run_cli, project: Path, tmp_path: Path) -> None:
    result = run_cli("agreement", "--db", project, "--coders", "ana,zed")
    assert result.exit_code == 1 and "unknown coder" in result.stderr and len(result.stderr.splitlines()) == 1
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    mixed = run_cli("agreement", "--table", table, "--unit", "word")
    assert mixed.exit_code == 1 and "--unit" in mixed.stderr
    level = run_cli("agreement", "--db", project, "--level", "interval")
    assert level.exit_code == 1 and "--table" in level.stderr


def test_table_file(run_cli, tmp_path: Path) -> None:
    table = tmp_path / "ratings.csv"
    table.write_text(
        "A,B,C,D\n1,1,,1\n2,2,3,2\n3,3,3,3\n3,3,3,3\n2,2,2,2\n1,2,3,4\n4,4,4,4\n1,1,2,1\n"
        "2,2,2,2\n,5,5,5\n,,1,1\n,,3,\n",
        encoding="utf-8",
    )
    result = run_cli("agreement", "--table", table, "--format", "json", "--level", "interval")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["units"] == 12 and report["coders"] == ["A", "B", "C", "D"] and report["level"] == "interval"
    assert abs(report["krippendorff_alpha"] - 0.849) < 5e-4
    assert report["cohen_kappa"] is None and report["cohen_kappa_reason"]
    assert "Gwet (2014)" in report["fleiss_kappa_variant"]
    text = run_cli("agreement", "--table", table).stdout
    assert "Krippendorff's alpha" in text and max(len(line) for line in text.splitlines()) <= 100
    codebook = json.loads(
        run_cli("agreement", "--table", table, "--format", "json", "--categories", "1,2,3,4,5,6").stdout
    )
    assert codebook["brennan_prediger_q"] == 6 and codebook["brennan_prediger_q_counts"] == "codebook"


def test_table_file_edge_cases(run_cli, tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("x,y\nyes,yes\n", encoding="utf-8")
    report = json.loads(run_cli("agreement", "--table", one, "--format", "json").stdout)
    assert report["units"] == 1 and report["percent_agreement"] == 1.0
    assert report["krippendorff_alpha"] is None and report["krippendorff_alpha_reason"]
    assert report["brennan_prediger"] is None and "one category" in report["brennan_prediger_reason"]
    gaps = tmp_path / "gaps.csv"
    gaps.write_text("x,y\n1,1\n,\n2,\n", encoding="utf-8")
    report = json.loads(run_cli("agreement", "--table", gaps, "--format", "json").stdout)
    assert report["units"] == 3 and report["units_with_values"] == 2 and report["pairable_units"] == 1
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("x,y\n1,2,3\n", encoding="utf-8")
    result = run_cli("agreement", "--table", ragged)
    assert result.exit_code == 1 and re.search(r"ragged\.csv:2: 3 cells for 2 coders", result.stderr)
    words = tmp_path / "words.csv"
    words.write_text("x,y\nlow,high\n", encoding="utf-8")
    result = run_cli("agreement", "--table", words, "--level", "interval")
    assert result.exit_code == 1 and "numeric" in result.stderr


def test_disagreements(run_cli, project: Path) -> None:
    result = run_cli("disagreements", "--db", project, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["coders"] == ["ana", "ben"]
    places = [(d["document"], d["start"], d["end"]) for d in found["disagreements"]]
    assert places == sorted(places)
    assert found["disagreements"][0] == {
        "document": "A",
        "start": 0,
        "end": 5,
        "text": "They ",
        "kind": "coded by some, not by others",
        "codes": {"ana": ["wage-deduction"], "ben": []},
    }
    only = json.loads(run_cli("disagreements", "--db", project, "--format", "json", "--code", "bribery").stdout)
    assert only["disagreements"] == []
    table = run_cli("disagreements", "--db", project).stdout
    assert "A [0, 5)" in table and "ana: wage-deduction; ben: —" in table
    rows = list(csv.reader(run_cli("disagreements", "--db", project, "--format", "csv").stdout.splitlines()))
    assert rows[0] == ["document", "start", "end", "kind", "ana", "ben", "text"]
