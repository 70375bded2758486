"""Section-1 coefficients against krippendorff, statsmodels, scikit-learn, nltk and irrCAC on random tables."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from irrCAC.raw import CAC
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa

from annotator.agreement.analysis import table_report
from annotator.agreement.coefficients import FLEISS_1971, GWET_2014, table_statistics
from annotator.agreement.unit_table import UnitTable
from annotator.domain.errors import InputError
from tests.support.hypothesis_profiles import examples

SETTINGS = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOL = 1e-9


@st.composite
def tables(draw, coders=st.integers(2, 4), missing=True, categories=st.integers(2, 4), min_units=1):
    """A random reliability table: rows × coders of small integers, some cells missing."""
    m = draw(coders)
    q = draw(categories)
    n = draw(st.integers(min_units, 25))
    cell = st.integers(0, q - 1)
    if missing:
        cell = st.one_of(cell, st.none())
    rows = draw(st.lists(st.lists(cell, min_size=m, max_size=m), min_size=n, max_size=n))
    return [f"c{i}" for i in range(m)], rows


def ours(coders, rows, level="nominal"):
    """Our section-1 statistics of a table given as rows."""
    return table_statistics(UnitTable.from_rows(coders, rows), level)


def close(a: float, b: float) -> bool:
    """Equal to 1e-9."""
    return math.isclose(a, b, rel_tol=0, abs_tol=TOL)


def irr(rows, digits=15):
    """irrCAC's CAC object on the rows (missing = NaN), unrounded."""
    frame = pd.DataFrame([[np.nan if v is None else float(v) for v in row] for row in rows])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CAC(frame, digits=digits)


# --- Krippendorff's alpha -------------------------------------------------------------------------


@SETTINGS
@given(tables(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_equals_krippendorff_package(table, level):
    coders, rows = table
    value = ours(coders, rows, level)["krippendorff_alpha"]
    matrix = np.array([[np.nan if row[i] is None else row[i] for row in rows] for i in range(len(coders))], dtype=float)
    # Compared where defined (the package refuses one value, or gives nan where alpha is undefined);
    # hypothesis fails the test if too many examples are rejected, so enough figures are compared.
    assume(value.value is not None)
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
    assert close(value.value, float(expected))


@SETTINGS
@given(tables())
def test_alpha_equals_irrcac(table):
    coders, rows = table
    value = ours(coders, rows)["krippendorff_alpha"]
    assume(value.value is not None)
    assume(sum(1 for row in rows if sum(v is not None for v in row) >= 2) >= 2)
    assert close(value.value, float(irr(rows).krippendorff()["est"]["coefficient_value"]))


# --- Fleiss, Gwet AC1, Brennan–Prediger, percent agreement: irrCAC (missing values allowed) -------


@SETTINGS
@given(tables())
def test_fleiss_ac1_bp_percent_equal_irrcac(table):
    coders, rows = table
    assume(any(sum(v is not None for v in row) >= 2 for row in rows))
    assume(len({v for row in rows for v in row if v is not None}) >= 2)
    assume(sum(1 for row in rows if any(v is not None for v in row)) >= 2)  # irrCAC's variance needs 2 units
    result = ours(coders, rows)
    cac = irr(rows)
    fleiss = cac.fleiss()["est"]
    assert close(result["percent_agreement"].value, fleiss["pa"])
    if result["fleiss_kappa"].value is not None:
        assert close(result["fleiss_kappa"].value, fleiss["coefficient_value"])
    assert close(result["gwet_ac1"].value, cac.gwet()["est"]["coefficient_value"])
    assert close(result["brennan_prediger"].value, cac.bp()["est"]["coefficient_value"])


def test_codebook_categories_set_q():
    """q counts the codebook's categories when given (irrCAC's `categories`), else the observed ones."""
    rows = [[1, 1], [1, 2], [2, 2], [1, 1], [2, None]]
    codebook = UnitTable.from_rows(["a", "b"], rows, categories=[1, 2, 3, 4])
    report = table_report(codebook).as_json()
    assert report["brennan_prediger_q"] == 4 and report["brennan_prediger_q_counts"] == "codebook"
    frame = pd.DataFrame([[np.nan if v is None else float(v) for v in row] for row in rows])
    cac = CAC(frame, categories=[1.0, 2.0, 3.0, 4.0], digits=15)
    assert close(report["brennan_prediger"], cac.bp()["est"]["coefficient_value"])
    assert close(report["gwet_ac1"], cac.gwet()["est"]["coefficient_value"])
    observed = table_report(UnitTable.from_rows(["a", "b"], rows)).as_json()
    assert observed["brennan_prediger_q"] == 2 and observed["brennan_prediger_q_counts"] == "observed"


# --- complete data: statsmodels, nltk -------------------------------------------------------------


@SETTINGS
@given(tables(missing=False))
def test_complete_tables_equal_statsmodels_and_nltk(table):
    coders, rows = table
    result = ours(coders, rows)
    categories = sorted({v for row in rows for v in row})
    counts = np.array([[row.count(k) for k in categories] for row in rows])
    task = AnnotationTask(
        data=[(coder, str(u), str(row[i])) for u, row in enumerate(rows) for i, coder in enumerate(coders)]
    )
    assert close(result["percent_agreement"].value, task.avg_Ao())
    if result["fleiss_kappa"].value is not None:
        assert close(result["fleiss_kappa"].value, fleiss_kappa(counts, method="fleiss"))
        assert close(result["fleiss_kappa"].value, task.pi())  # nltk's multi-pi is Fleiss' kappa on full data
    if len(categories) >= 2:
        assert close(result["brennan_prediger"].value, fleiss_kappa(counts, method="randolph"))
        assert close(result["brennan_prediger"].value, task.S())
    if result["krippendorff_alpha"].value is not None:
        assert close(result["krippendorff_alpha"].value, task.alpha())
    assert (
        result["fleiss_kappa"].value is None
        or FLEISS_1971 in table_report(UnitTable.from_rows(coders, rows)).as_json()["fleiss_kappa_variant"]
    )


@SETTINGS
@given(tables(coders=st.just(2), missing=False))
def test_two_coders_equal_sklearn_statsmodels_nltk(table):
    coders, rows = table
    result = ours(coders, rows)
    first = [row[0] for row in rows]
    second = [row[1] for row in rows]
    kappa = result["cohen_kappa"]
    if kappa.value is None:
        assert "expected agreement is 1" in kappa.reason
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert close(kappa.value, cohen_kappa_score(first, second))
    categories = sorted(set(first) | set(second))
    contingency = np.array(
        [[sum(1 for a, b in zip(first, second) if a == x and b == y) for y in categories] for x in categories]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' z-value divides by a zero variance on tiny tables
        assert close(kappa.value, cohens_kappa(contingency).kappa)
    task = AnnotationTask(data=[(c, str(u), str(row[i])) for u, row in enumerate(rows) for i, c in enumerate(coders)])
    assert close(kappa.value, task.kappa())
    if result["scott_pi"].value is not None:
        assert close(result["scott_pi"].value, task.pi())


@SETTINGS
@given(tables(coders=st.just(2)))
def test_cohen_uses_units_both_coded(table):
    coders, rows = table
    both = [row for row in rows if None not in row]
    # Kappa is defined when the units both coded hold two values (else chance agreement is 1).
    assume(len({value for row in both for value in row}) >= 2)
    kappa = ours(coders, rows)["cohen_kappa"]
    assert kappa.defined, kappa.reason
    assert kappa == ours(coders, both)["cohen_kappa"]


# --- properties -----------------------------------------------------------------------------------


@SETTINGS
@given(tables(missing=True), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_identical_coders_give_one(table, level):
    coders, rows = table
    column = [row[0] for row in rows]
    same = [[value] * len(coders) for value in column]
    # Every figure is defined once two values occur (Cohen's kappa and Scott's pi: for two coders only).
    assume(len({value for value in column if value is not None}) >= 2)
    for name, estimate in ours(coders, same, level).items():
        if name in ("cohen_kappa", "scott_pi") and len(coders) != 2:
            assert not estimate.defined, name
        else:
            assert estimate.defined and close(estimate.value, 1.0), (name, estimate)


@SETTINGS
@given(tables(), st.randoms(use_true_random=False))
def test_order_of_coders_and_units_changes_nothing(table, rng):
    coders, rows = table
    before = ours(coders, rows, "ordinal")
    order = list(range(len(coders)))
    rng.shuffle(order)
    shuffled = [[row[i] for i in order] for row in rows]
    rng.shuffle(shuffled)
    after = ours([coders[i] for i in order], shuffled, "ordinal")
    for name in before:
        a, b = before[name].value, after[name].value
        assert (a is None) == (b is None) and (a is None or close(a, b)), name


# --- edge cases -----------------------------------------------------------------------------------


def test_one_unit():
    result = ours(["a", "b"], [[1, 2]])
    assert result["percent_agreement"].value == 0.0
    assert result["cohen_kappa"].value == 0.0  # p_o = 0 and p_e = 1·0: defined, and 0
    assert result["krippendorff_alpha"].value is not None  # two values in one unit: D_e > 0
    agree = ours(["a", "b"], [[1, 1]])
    assert agree["percent_agreement"].value == 1.0
    for name in ("cohen_kappa", "scott_pi", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1", "brennan_prediger"):
        assert agree[name].value is None and agree[name].reason, name


def test_one_category():
    result = ours(["a", "b", "c"], [["x", "x", "x"], ["x", None, "x"], ["x", "x", None]])
    assert result["percent_agreement"].value == 1.0
    assert result["cohen_kappa"].value is None and "two coders" in result["cohen_kappa"].reason
    for name in ("fleiss_kappa", "krippendorff_alpha", "gwet_ac1", "brennan_prediger"):
        assert result[name].value is None and result[name].reason, name


def test_missing_cells_and_no_pairable_unit():
    result = ours(["a", "b"], [[1, None], [None, 2], [None, None]])
    for name, estimate in result.items():
        assert estimate.value is None and estimate.reason, name
    assert "pairable" in result["percent_agreement"].reason
    report = table_report(UnitTable.from_rows(["a", "b", "c"], [[1, 1, None], [2, 2, 2]])).as_json()
    assert report["fleiss_kappa_variant"] == GWET_2014
    assert report["cohen_kappa"] is None and "3 are compared" in report["cohen_kappa_reason"]


def test_levels_need_numbers():
    with pytest.raises(InputError, match="numeric"):
        ours(["a", "b"], [["x", "y"], ["y", "y"]], "interval")
    with pytest.raises(InputError, match="zero or more"):
        ours(["a", "b"], [[-1, 2], [2, 2]], "ratio")
    with pytest.raises(InputError, match="unknown level"):
        table_report(UnitTable.from_rows(["a", "b"], [[1, 2]]), "cardinal").as_json()
