"""Every worked case of ../shared/agreement-cases (and of the bundled copy) gives its expected value."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from annotator.agreement.analysis import SpanAgreement, SpanOptions, span_report, table_report
from annotator.agreement.coefficients import TABLE_STATISTICS
from annotator.agreement.spans import prepare
from annotator.agreement.unit_table import UnitTable
from tests.support.agreement import LOCAL_CASES, SHARED_CASES, case_files, case_span_data, load_case

UNIT_PREFIXES = {"char": "character", "character": "character"}
UNITIZING = {
    "ualpha_krippendorff2004": "alpha_u",
    "ualpha_krippendorff2016": "u_alpha",
    "binary_ualpha_krippendorff2016": "binary_u_alpha",
}


def evaluate(case: dict[str, Any]) -> Any:
    """The value our library gives for a case's measure (a number, or a dict per code)."""
    measure: str = case["measure"]
    params = case.get("params") or {}
    if measure in TABLE_STATISTICS:
        table = UnitTable.from_rows(case["coders"], case["data"], case.get("categories"))  # q: the case's scale
        return table_report(table, params.get("level", "nominal")).as_json()[measure]
    options = SpanOptions(coders=case["coders"], all_documents=True, per_document=False)
    data = case_span_data(case)
    if measure.endswith("_per_category") and measure.removesuffix("_per_category") in UNITIZING:
        key = UNITIZING[measure.removesuffix("_per_category")]
        report = span_report(data, options).as_json()
        return {code: figures[key] for code, figures in report["codes"].items()}
    if measure in UNITIZING:
        return span_report(data, options).as_json()[UNITIZING[measure]]
    prefix, _, statistic = measure.partition("_level_")
    if prefix in UNIT_PREFIXES and statistic in TABLE_STATISTICS:
        codes = [params["code"]] if "code" in params else None
        report = span_report(
            data,
            SpanOptions(
                coders=case["coders"], codes=codes, all_documents=True, unit=UNIT_PREFIXES[prefix], per_document=False
            ),
        ).as_json()
        return report["codes"][params["code"]][statistic] if codes else report["pooled"][statistic]
    raise AssertionError(f"case {case['name']}: measure {measure!r} has no evaluator; add one")


def assert_close(actual: Any, expected: Any, tolerance: float) -> None:
    """Numbers within tolerance, dicts key by key."""
    if isinstance(expected, dict):
        assert set(actual) == set(expected)
        for key in expected:
            assert_close(actual[key], expected[key], tolerance)
        return
    assert actual is not None, "undefined where a value was expected"
    assert math.isclose(actual, expected, rel_tol=0, abs_tol=tolerance), (actual, expected)


def _params(folder: Path) -> list[Any]:
    return [pytest.param(path, id=f"{folder.parent.name}/{path.stem}") for path in case_files(folder)]


SHARED = _params(SHARED_CASES)
LOCAL = _params(LOCAL_CASES)


@pytest.mark.parametrize("path", SHARED + LOCAL)
def test_case_gives_expected_value(path: Path) -> None:
    case = load_case(path)
    actual = evaluate(case)
    assert_close(actual, case["expected"], case.get("tolerance", 1e-9))
    if "published" in case:
        assert_close(actual, case["published"], case["published_tolerance"])


@pytest.mark.parametrize("path", [p for p in SHARED + LOCAL if "expected_components" in load_case(p.values[0])])
def test_case_components(path: Path) -> None:
    """Where a case publishes D_O and D_E per code, ours match them too."""
    case = load_case(path)
    engine = SpanAgreement(prepare(case_span_data(case), coders=case["coders"], all_documents=True))
    for code, parts in case["expected_components"].items():
        found = engine.unitizing(code)
        assert math.isclose(found.observed, parts["D_O"], abs_tol=case["tolerance"])
        assert math.isclose(found.expected, parts["D_E"], abs_tol=case["tolerance"])


def test_bundled_copy_matches_shared() -> None:
    """The bundled copy is the shared folder's content (when shared/ is there), so both runs test the same."""
    if not SHARED_CASES.is_dir():
        pytest.skip("../shared is not beside the repository")
    shared = {path.name: path.read_bytes() for path in case_files(SHARED_CASES)}
    local = {path.name: path.read_bytes() for path in case_files(LOCAL_CASES)}
    assert set(shared) <= set(local), f"copy these cases into tests/agreement/cases: {sorted(set(shared) - set(local))}"
    assert all(local[name] == content for name, content in shared.items())


def test_there_are_cases() -> None:
    assert LOCAL, "tests/agreement/cases is empty"
