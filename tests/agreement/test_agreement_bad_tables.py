"""`agreement --table`: missing-value markers, `--missing`, numeric levels and tables with nothing to compare."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest
from irrCAC.raw import CAC
from sklearn.metrics import cohen_kappa_score

# Two coders, twelve units: ten rated by both (eight agree), one rated by A only, one by B only.
BOTH = [
    ("c", "c"),
    ("b", "b"),
    ("c", "a"),
    ("b", "b"),
    ("a", "a"),
    ("b", "b"),
    ("c", "c"),
    ("a", "a"),
    ("b", "c"),
    ("c", "c"),
]
ONE = [("a", None), (None, "a")]


def table_text(marker: str) -> str:
    """The twelve units as CSV, a missing rating written `marker`."""
    rows = [",".join(marker if value is None else value for value in row) for row in BOTH + ONE]
    return "A,B\n" + "\n".join(rows) + "\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(result, *needles: str) -> str:
    """The command failed with one line on stderr naming every needle, and no traceback."""
    assert result.exit_code != 0
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and not result.stdout
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
    return result.stderr


def report(run_cli, path: Path, *args: str) -> dict:
    result = run_cli("agreement", "--table", path, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def reference(rows) -> CAC:
    """irrCAC on the rows, missing as NaN."""
    frame = pd.DataFrame([[np.nan if value is None else value for value in row] for row in rows])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CAC(frame, digits=15)


def test_blank_cells_are_missing_kappa_over_the_ten_units_both_rated(run_cli, tmp_path: Path) -> None:
    found = report(run_cli, write(tmp_path, "blanks.csv", table_text("")))
    assert round(found["cohen_kappa"], 3) == 0.697
    assert math.isclose(found["cohen_kappa"], cohen_kappa_score(*zip(*BOTH)), abs_tol=1e-12)


@pytest.mark.parametrize("marker", ["NA", "N/A", "n/a", ".", "*", "-", "NaN", "na"])
def test_common_missing_markers_are_refused_at_the_nominal_level(run_cli, tmp_path: Path, marker: str) -> None:
    path = write(tmp_path, "marked.csv", table_text(marker))
    result = run_cli("agreement", "--table", path)
    one_line_error(result, "marked.csv:12", "column B", repr(marker), "--missing")


def test_missing_dot_gives_the_reference_values(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path, "dots.csv", table_text("."))
    found = report(run_cli, path, "--missing", ".")
    assert found["units"] == 12 and found["pairable_units"] == 10
    assert round(found["cohen_kappa"], 3) == 0.697  # not 0.534, which counts '.' as a category
    irr = reference(BOTH + ONE)
    for ours, theirs in (
        ("fleiss_kappa", "fleiss"),
        ("krippendorff_alpha", "krippendorff"),
        ("gwet_ac1", "gwet"),
        ("brennan_prediger", "bp"),
    ):
        assert math.isclose(found[ours], getattr(irr, theirs)()["est"]["coefficient_value"], abs_tol=1e-12), ours
    codes = {"a": 0, "b": 1, "c": 2}
    matrix = [[np.nan if row[i] is None else codes[row[i]] for row in BOTH + ONE] for i in range(2)]
    alpha = krippendorff.alpha(reliability_data=np.array(matrix, dtype=float), level_of_measurement="nominal")
    assert math.isclose(found["krippendorff_alpha"], float(alpha), abs_tol=1e-12)


def test_a_dot_read_as_a_category_changes_kappa(run_cli, tmp_path: Path) -> None:
    """`--missing ''` says the file has no markers: '.' is then a category, as the issue measured (0.534)."""
    found = report(run_cli, write(tmp_path, "dots.csv", table_text(".")), "--missing", "")
    assert round(found["cohen_kappa"], 3) == 0.534 and found["pairable_units"] == 12


def test_several_missing_values(run_cli, tmp_path: Path) -> None:
    """`--missing` names every marker of the file: a marker it leaves out is a category, as the user said."""
    text = table_text("NA").replace("\na,NA\n", "\na,*\n")
    path = write(tmp_path, "mixed.csv", text)
    one_line_error(run_cli("agreement", "--table", path), "mixed.csv:12", "'*'")
    assert report(run_cli, path, "--missing", "NA")["pairable_units"] == 11
    found = report(run_cli, path, "--missing", "NA", "--missing", "*")
    assert round(found["cohen_kappa"], 3) == 0.697 and found["pairable_units"] == 10


@pytest.mark.parametrize("level", ["interval", "ratio", "ordinal"])
def test_markers_at_numeric_levels_say_not_a_number(run_cli, tmp_path: Path, level: str) -> None:
    path = write(tmp_path, "numbers.csv", "A,B\n1,2\n3,.\n2,2\n")
    result = run_cli("agreement", "--table", path, "--level", level)
    one_line_error(result, "numbers.csv:3", "column B", "'.' is not a number", level, "--missing .")
    found = report(run_cli, path, "--level", level, "--missing", ".")
    assert found["pairable_units"] == 2


def test_a_word_at_a_numeric_level_names_its_cell(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path, "words.csv", "A,B\n1,2\n3,low\n")
    one_line_error(run_cli("agreement", "--table", path, "--level", "interval"), "words.csv:3", "column B", "'low'")


@pytest.mark.parametrize(
    "text",
    [
        "A,B\n",  # only a header
        "A,B\n,\n,\n",  # every cell missing
        "A,B,C\n1,,\n,2,\n,,3\n",  # no unit rated by two coders
        "A,B\nNA,NA\n.,1\n",  # every cell missing once the markers are declared
    ],
)
def test_nothing_to_compare(run_cli, tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "empty.csv", text)
    args = ("--missing", "NA", "--missing", ".") if "NA" in text else ()
    one_line_error(run_cli("agreement", "--table", path, *args), "empty.csv", "nothing to compare")


def test_missing_applies_to_tables_only(run_cli, small_project: Path) -> None:
    one_line_error(run_cli("agreement", "--db", small_project, "--missing", "NA"), "--missing")
